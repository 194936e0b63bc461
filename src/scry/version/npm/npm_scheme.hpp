// npm versions, as node-semver 7 (https://github.com/npm/node-semver) reads a version with
// semver.clean() and orders it with semver.compare(): surrounding white space and any run of
// leading "=" and "v" characters are removed (then white space and one "v" again, as the SemVer
// constructor does: "= v1.2.3" is 1.2.3), and the rest must be a strict SemVer 2.0.0 version
// (loose mode off), ordered by SemVer precedence with build metadata ignored.
//
// Limits taken from node-semver: at most 256 characters after cleaning, and MAJOR, MINOR and
// PATCH at most Number.MAX_SAFE_INTEGER (2^53 - 1). Deviation: numeric prerelease identifiers
// above 2^53 are compared exactly, where node-semver compares them as doubles.
#pragma once

#include <memory>
#include <string_view>

#include "scry/version/scheme.hpp"

namespace scry::version {

// Stateless and thread-safe.
class NpmScheme final : public Scheme {
 public:
  SchemeKind kind() const override { return SchemeKind::kNpm; }
  Result<std::unique_ptr<ParsedVersion>> Parse(std::string_view text) const override;
  int Compare(const ParsedVersion& a, const ParsedVersion& b) const override;
};

}  // namespace scry::version
