// Python package versions: PEP 440 (https://peps.python.org/pep-0440/) as parsed, normalised and
// ordered by packaging.version.Version (https://github.com/pypa/packaging, packaging 22 and later:
// legacy versions are refused). Accepted: surrounding white space, a "v" prefix, an epoch "N!",
// a release of any length, pre-releases (a/alpha, b/beta, c/rc/pre/preview), post-releases
// (.postN, -N, rev, r), dev releases and local versions ("+ubuntu.1"), case-insensitively and
// with "-", "_" and "." separators and implicit numbers (1.0a == 1.0a0) as packaging allows.
//
// Order (packaging's _cmpkey): epoch, release with trailing zeros ignored (1.0 == 1.0.0), then
// X.devN < X.aN < X.bN < X.rcN < X < X.postN, where a dev release sorts before the release or
// pre/post-release it belongs to (1.0a1.dev1 < 1.0a1), then local versions after the public one,
// compared segment-wise (alphanumeric < numeric; numbers numerically). Numbers have no size limit.
#pragma once

#include <memory>
#include <string_view>

#include "scry/version/scheme.hpp"

namespace scry::version {

// Stateless and thread-safe.
class Pep440Scheme final : public Scheme {
 public:
  SchemeKind kind() const override { return SchemeKind::kPep440; }
  Result<std::unique_ptr<ParsedVersion>> Parse(std::string_view text) const override;
  int Compare(const ParsedVersion& a, const ParsedVersion& b) const override;
};

}  // namespace scry::version
