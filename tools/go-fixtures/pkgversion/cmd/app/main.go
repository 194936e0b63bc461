package main

import (
	"fmt"

	"example.com/app/internal/version"
)

func main() {
	fmt.Println("app", version.Version)
}
