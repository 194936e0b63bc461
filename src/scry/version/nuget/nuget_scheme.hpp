// NuGet package versions (https://learn.microsoft.com/en-us/nuget/concepts/package-versioning),
// as NuGet.Versioning's NuGetVersion.TryParse reads them and VersionComparer.Default orders them
// (https://github.com/NuGet/NuGet.Client, src/NuGet.Core/NuGet.Versioning).
//
// Syntax: surrounding white space is ignored; 1 to 4 dot-separated numbers (missing ones are 0,
// leading zeros allowed, each at most 2^31 - 1), then an optional "-" release label list and an
// optional "+" metadata list of [0-9A-Za-z-] identifiers; numeric labels have no leading zeros.
// Order: the four numbers, then a prerelease before its release, then labels left to right: two
// labels that are 32-bit integers compare numerically and sort before other labels, which compare
// case-insensitively; a shorter list first. Metadata is ignored. Deviation: System.Version also
// takes signs and white space inside the numbers ("1.+2"); this scheme accepts digits only.
#pragma once

#include <memory>
#include <string_view>

#include "scry/version/scheme.hpp"

namespace scry::version {

// Stateless and thread-safe.
class NuGetScheme final : public Scheme {
 public:
  SchemeKind kind() const override { return SchemeKind::kNuGet; }
  Result<std::unique_ptr<ParsedVersion>> Parse(std::string_view text) const override;
  int Compare(const ParsedVersion& a, const ParsedVersion& b) const override;
};

}  // namespace scry::version
