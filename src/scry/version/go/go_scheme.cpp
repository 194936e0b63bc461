#include "scry/version/go/go_scheme.hpp"

#include "scry/version/semver/semver_internal.hpp"
#include "scry/version/version_internal.hpp"

namespace scry::version {
namespace {
constexpr std::string_view kName = "go";
}  // namespace

Result<std::unique_ptr<ParsedVersion>> GoScheme::Parse(std::string_view text) const {
  SCRY_CHECK(internal::CheckLength(kName, text));
  if (text.empty() || text.front() != 'v') {
    return internal::Invalid(kName, text, "Go versions start with \"v\"");
  }
  SCRY_TRY(auto parts, internal::ParseSemverCore(text.substr(1), true, kName, text));
  return internal::MakeParsed(text, std::move(parts));
}

int GoScheme::Compare(const ParsedVersion& a, const ParsedVersion& b) const {
  return internal::CompareSemver(internal::PartsOf<internal::SemverParts>(a),
                                 internal::PartsOf<internal::SemverParts>(b));
}

}  // namespace scry::version
