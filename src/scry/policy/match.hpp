// Matching helpers shared by ignore rules and VEX statements: package URLs and path globs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace scry::policy {

// A package URL split into its parts, percent-decoded ("pkg:type/namespace/name@version?q=v#sub").
struct PackageUrl {
  std::string type;  // lower case
  std::string name_space;
  std::string name;
  std::string version;
  std::map<std::string, std::string> qualifiers;  // keys lower case
  std::string subpath;
};

// nullopt when `text` is not a "pkg:" URL with a type and a name. Pure.
std::optional<PackageUrl> ParsePackageUrl(std::string_view text);

// True when `package` satisfies `constraint`: same type, namespace and name; the same version when
// the constraint has one; and every qualifier the constraint names with the same value (qualifiers
// the constraint leaves out are ignored, as are subpaths).
bool PurlMatches(const PackageUrl& constraint, const PackageUrl& package);

// Glob match of a slash-separated path, doublestar-style as Trivy's ignore file uses: `*` and `?`
// stay within one path segment, `**` spans segments (and `**/` also matches nothing), `[...]`
// classes with `!`/`^` negation. Time is pattern length times path length (no backtracking).
bool GlobMatches(std::string_view pattern, std::string_view path);

}  // namespace scry::policy
