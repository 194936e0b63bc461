// The SemVer 2.0.0 grammar and precedence (https://semver.org/spec/v2.0.0.html), shared by the
// Go, SemVer and npm schemes. Never included outside src/scry/version/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"

namespace scry::version::internal {

struct SemverParts {
  // Decimal numbers without leading zeros, of any length.
  std::string major;
  std::string minor;
  std::string patch;
  // The dot-separated prerelease identifiers; empty for a release.
  std::vector<std::string> prerelease;
  // Build metadata without the '+'; not part of precedence.
  std::string build;
};

// Parses `core` as MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] under the semver.org grammar. With
// `allow_short`, MAJOR and MAJOR.MINOR without prerelease or build are accepted too (Go's
// shorthand for MAJOR.0.0 and MAJOR.MINOR.0). Errors name `scheme` and `text` (the whole input).
Result<SemverParts> ParseSemverCore(std::string_view core, bool allow_short,
                                    std::string_view scheme, std::string_view text);

// SemVer precedence (§11): numbers, then a prerelease before its release, then the prerelease
// identifiers left to right (numeric < alphanumeric; numbers numerically, others in ASCII order;
// a shorter list first). Build metadata is ignored. Returns -1, 0 or 1.
int CompareSemver(const SemverParts& a, const SemverParts& b);

}  // namespace scry::version::internal
