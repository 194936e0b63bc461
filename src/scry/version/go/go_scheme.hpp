// Go module versions, ordered as golang.org/x/mod/semver orders them
// (https://pkg.go.dev/golang.org/x/mod/semver, https://go.dev/ref/mod#versions): SemVer 2.0.0
// with a required "v" prefix, plus the shorthands vMAJOR and vMAJOR.MINOR (no prerelease or
// build) for vMAJOR.0.0 and vMAJOR.MINOR.0, exactly as semver.IsValid accepts them.
//
// Build metadata is ignored for ordering, so "v2.0.0+incompatible" equals "v2.0.0". Pseudo-versions
// (https://go.dev/ref/mod#pseudo-versions) are ordinary prereleases and need no special rule:
// v0.0.0-20190101000000-abcdef123456 < v0.0.0, and v1.2.4-0.20190101000000-abcdef123456 orders
// after v1.2.3 and before v1.2.4-pre and v1.2.4. Toolchain names like "go1.21.3" are refused: the
// matcher converts them to "v1.21.3" first. Numbers have no size limit.
#pragma once

#include <memory>
#include <string_view>

#include "scry/version/scheme.hpp"

namespace scry::version {

// Stateless and thread-safe.
class GoScheme final : public Scheme {
 public:
  SchemeKind kind() const override { return SchemeKind::kGo; }
  Result<std::unique_ptr<ParsedVersion>> Parse(std::string_view text) const override;
  int Compare(const ParsedVersion& a, const ParsedVersion& b) const override;
};

}  // namespace scry::version
