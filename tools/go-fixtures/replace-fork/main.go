// forkapp: github.com/pkg/errors is replaced by a fork, example.com/fork/errors.
package main

import (
	"fmt"

	"github.com/pkg/errors"
)

func main() {
	err := errors.Wrap(errors.New("root cause"), "context")
	fmt.Printf("%+v\n", err)
}
