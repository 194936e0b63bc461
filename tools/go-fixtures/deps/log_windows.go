package main

import "fmt"

func logError(err error) { fmt.Println("error:", err) }
