// Package version holds the application version, set with
// -ldflags "-X example.com/app/internal/version.Version=...".
package version

var Version = "dev"
