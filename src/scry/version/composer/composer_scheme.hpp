// Packagist versions, as composer/semver 3 (https://github.com/composer/semver) normalises them
// (VersionParser::normalize) and orders them (Comparator, which is PHP's version_compare() on the
// normalised strings, https://www.php.net/manual/en/function.version-compare.php).
//
// Accepted: up to 4 numbers with an optional "v" (1.2 -> 1.2.0.0), date versions (2010-01-02 ->
// 2010.01.02), a stability suffix (alpha/a, beta/b, RC, patch/pl/p, each with optional numbers)
// and "-dev", an "@stability" flag, "+build" metadata (ignored) and "X as Y" aliases (X is used),
// and numeric dev branches such as "1.x-dev" (-> 1.9999999.9999999.9999999-dev). Refused: branch
// names ("dev-main", "master"), which have no order, and anything normalize() rejects.
// Order: numbers, then dev < alpha < beta < RC < (stable) < patch, e.g.
// 1.0-dev < 1.0-alpha1 < 1.0-beta < 1.0-RC1 < 1.0 < 1.0-p1 < 1.0.1. Deviation: numbers of any
// length compare exactly, where PHP saturates them at 2^63 - 1.
#pragma once

#include <memory>
#include <string_view>

#include "scry/version/scheme.hpp"

namespace scry::version {

// Stateless and thread-safe.
class ComposerScheme final : public Scheme {
 public:
  SchemeKind kind() const override { return SchemeKind::kComposer; }
  Result<std::unique_ptr<ParsedVersion>> Parse(std::string_view text) const override;
  int Compare(const ParsedVersion& a, const ParsedVersion& b) const override;
};

}  // namespace scry::version
