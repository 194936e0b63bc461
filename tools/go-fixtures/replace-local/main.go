// localapp: example.com/localmod is replaced by the directory ./localmod.
package main

import (
	"fmt"

	"example.com/localmod"
)

func main() {
	fmt.Println(localmod.Greeting("local"))
}
