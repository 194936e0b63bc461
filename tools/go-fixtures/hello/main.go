// hello: no dependencies; built with the default CGO setting, and os/user pulls in cgo so the
// binary is dynamically linked against libc.
package main

import (
	"fmt"
	"os/user"
)

func main() {
	name := "world"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	fmt.Printf("hello, %s\n", name)
}
