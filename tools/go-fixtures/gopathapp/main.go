// gopathapp: built in GOPATH mode (GO111MODULE=off), so its build info has no modules.
package main

import (
	"fmt"

	"github.com/pkg/errors"
)

func main() {
	fmt.Printf("%+v\n", errors.Wrap(errors.New("gopath"), "app"))
}
