// Matching helpers shared by ignore rules and VEX statements: package URLs and path globs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "scry/model/purl.hpp"

namespace scry::policy {

// Package URLs live in model (SBOM readers need them too); the policy names stay valid.
using model::PackageUrl;
using model::ParsePackageUrl;

// True when `package` satisfies `constraint`: same type, namespace and name; the same version when
// the constraint has one; and every qualifier the constraint names with the same value (qualifiers
// the constraint leaves out are ignored, as are subpaths).
bool PurlMatches(const PackageUrl& constraint, const PackageUrl& package);

// Glob match of a slash-separated path, doublestar-style as Trivy's ignore file uses: `*` and `?`
// stay within one path segment, `**` spans segments (and `**/` also matches nothing), `[...]`
// classes with `!`/`^` negation. Time is pattern length times path length (no backtracking).
bool GlobMatches(std::string_view pattern, std::string_view path);

}  // namespace scry::policy
