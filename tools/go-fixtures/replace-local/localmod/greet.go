// Package localmod is a module that lives next to its user and is replaced by directory.
package localmod

import "strings"

//go:noinline
func Greeting(name string) string {
	return "hello from " + strings.ToUpper(name)
}
