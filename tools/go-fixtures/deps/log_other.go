//go:build !windows

package main

import "github.com/sirupsen/logrus"

// logrus (and through it golang.org/x/sys/unix) is linked on every platform but Windows, whose
// golang.org/x/sys/windows package Debian does not ship.
func logError(err error) {
	log := logrus.New()
	log.SetFormatter(&logrus.JSONFormatter{})
	log.WithError(err).Error("check failed")
}
