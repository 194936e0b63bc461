// versionapp: the version is stamped at link time with -ldflags "-X main.version=...".
package main

import "fmt"

var (
	version = "dev"
	Version = "dev"
)

func main() {
	fmt.Println("version", version, Version)
}
