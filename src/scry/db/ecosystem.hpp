// Package names as advisory databases key them: the same package must get the same key from a
// scanner's inventory and from an OSV record.
#pragma once

#include <string>
#include <string_view>

namespace scry::db {

// The name normalised for `ecosystem` (an OSV ecosystem, "PyPI" or "Debian:12"): PyPI names per
// PEP 503 (lower case, runs of "-", "_", "." as one "-"); NuGet, Packagist and Hex lower case;
// every other ecosystem (Go, npm, crates.io, Maven, RubyGems, distributions) as written.
std::string NormalizePackageName(std::string_view ecosystem, std::string_view name);

// The ecosystem's base name, before any ":release" suffix ("Debian:12" -> "Debian").
std::string_view EcosystemBase(std::string_view ecosystem);

}  // namespace scry::db
