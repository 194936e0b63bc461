// SemVer 2.0.0 (https://semver.org/spec/v2.0.0.html): strict MAJOR.MINOR.PATCH with optional
// prerelease and build metadata, ordered by §11 precedence (build metadata ignored). Used for
// crates.io, Pub, Hex, SwiftURL and as the generic fallback. Deviations: a leading "v" is tolerated
// because OSV data sometimes carries it ("v1.2.3" orders as "1.2.3"); numbers have no size limit.
#pragma once

#include <memory>
#include <string_view>

#include "scry/version/scheme.hpp"

namespace scry::version {

// Stateless and thread-safe.
class SemverScheme final : public Scheme {
 public:
  SchemeKind kind() const override { return SchemeKind::kSemver; }
  Result<std::unique_ptr<ParsedVersion>> Parse(std::string_view text) const override;
  int Compare(const ParsedVersion& a, const ParsedVersion& b) const override;
};

}  // namespace scry::version
