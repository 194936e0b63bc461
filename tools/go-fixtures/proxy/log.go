// proxyapp: ../deps/main.go with this logError (tools/make-go-fixtures copies both).
package main

import (
	"fmt"

	"golang.org/x/sys/cpu"
)

func logError(err error) {
	fmt.Println("error:", err, "avx2:", cpu.X86.HasAVX2)
}
