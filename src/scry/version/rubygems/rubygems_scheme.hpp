// RubyGems versions, as Gem::Version of RubyGems 3.x reads and orders them
// (https://github.com/rubygems/rubygems/blob/master/lib/rubygems/version.rb): the text must match
// Gem::Version::ANCHORED_VERSION_PATTERN (digits, then ".segment"s of letters and digits, then an
// optional "-prerelease"), surrounding white space is ignored and every "-" reads as ".pre.".
//
// Segments are runs of digits or of letters ("1.0a1" is 1, 0, "a", 1). A version with a letter is
// a prerelease of the numbers before it (1.0.a < 1.0). Comparison uses canonical segments: trailing
// zeros are dropped from the release part and from the prerelease part (1.0 == 1, 1.0.a == 1.a);
// then segment by segment, a missing segment is 0, a letter segment is below a number, numbers
// compare numerically (any length) and letters byte-wise (case-sensitive). Deviation: Gem::Version
// reads an empty string as "0"; this scheme refuses it, as an unknown version must stay unknown.
#pragma once

#include <memory>
#include <string_view>

#include "scry/version/scheme.hpp"

namespace scry::version {

// Stateless and thread-safe.
class RubyGemsScheme final : public Scheme {
 public:
  SchemeKind kind() const override { return SchemeKind::kRubyGems; }
  Result<std::unique_ptr<ParsedVersion>> Parse(std::string_view text) const override;
  int Compare(const ParsedVersion& a, const ParsedVersion& b) const override;
};

}  // namespace scry::version
