// bigapp: embeds a large generated file (big.bin, written by bench/go_version_m.sh) so the
// binary is over 100 MB; used to show that scry's memory stays flat with file size.
package main

import (
	_ "embed"
	"fmt"
)

//go:embed big.bin
var blob []byte

func main() {
	fmt.Println(len(blob))
}
