// The SemVer 2.0.0 grammar and precedence (https://semver.org/spec/v2.0.0.html), shared by the
// Go, SemVer and npm schemes. Never included outside src/scry/version/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"

namespace scry::version::internal {

// A decimal number without leading zeros, of any length: held as an integer when it has at most
// 19 digits (so it fits), as its digits otherwise. Versions are compared far more often than they
// are parsed, and almost every number fits.
struct SemverNumber {
  uint64_t value = 0;
  // Only for numbers of more than 19 digits, which are larger than any other. A pointer, so that
  // moving a number (parts are moved several times per parse) copies no string.
  std::unique_ptr<const std::string> digits;

  static SemverNumber FromDigits(std::string_view canonical_digits);
  // Negative, zero or positive as a < b, a == b, a > b.
  static int Compare(const SemverNumber& a, const SemverNumber& b);
  // Whether the number is above `limit`.
  bool Above(uint64_t limit) const { return digits != nullptr || value > limit; }
};

struct SemverParts {
  SemverNumber major;
  SemverNumber minor;
  SemverNumber patch;
  // The dot-separated prerelease identifiers; empty for a release. (Build metadata is checked but
  // not kept: it is not part of precedence, and the version's text keeps it.)
  std::vector<std::string> prerelease;
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
