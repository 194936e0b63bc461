// Guesses about Go module paths and where their source lives, for binaries whose module
// information is gone and only package paths remain. Every result is marked as a guess by its
// callers; nothing here is used to pick a version.
#pragma once

#include <string>
#include <string_view>

namespace scry::analyzer::lang::golang {

// The probable module path of a package path, from the hosting conventions of well-known hosts:
// github.com/owner/repo[/vN], golang.org/x/name, gopkg.in/[user/]name.vN, k8s.io/name, ... and two
// elements for unknown hosts ("example.com/app/internal/x" -> "example.com/app").
std::string GuessModulePath(std::string_view package_path);

// The source repository URL of a module path, e.g. "github.com/owner/repo/v2" ->
// "https://github.com/owner/repo", "golang.org/x/net" -> "https://go.googlesource.com/net",
// "k8s.io/client-go" -> "https://github.com/kubernetes/client-go"; for vanity paths
// "https://<path>" (where `go get` would ask the server). Empty for an empty path.
std::string RepositoryUrl(std::string_view module_path);

// Go's module cache escaping undone: "github.com/!burnt!sushi" -> "github.com/BurntSushi".
std::string UnescapeModulePath(std::string_view escaped);

// "vN" with N >= 2: a major-version suffix element of a module path.
bool IsMajorVersionSuffix(std::string_view element);

}  // namespace scry::analyzer::lang::golang
