// depsapp: uses real third-party modules (vendored from Debian's golang-*-dev sources) so their
// functions end up in the binary and in its build info. proxyapp (../proxy) is this file with its
// own logError, built with -mod=mod from a file-system module proxy so the build info records h1:
// sums for every dependency.
package main

import (
	"fmt"
	"os"

	"github.com/google/uuid"
	"github.com/pkg/errors"
	"golang.org/x/text/language"
)

func check(tag string) error {
	if _, err := language.Parse(tag); err != nil {
		return errors.Wrapf(err, "bad tag %q", tag)
	}
	return nil
}

func main() {
	id := uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://example.com/depsapp"))
	fmt.Println(id.String())
	for _, arg := range append([]string{"en-US"}, os.Args[1:]...) {
		if err := check(arg); err != nil {
			fmt.Fprintf(os.Stderr, "%+v\n", err)
			logError(err)
		}
	}
}
