#include "scry/version/npm/npm_scheme.hpp"

#include "scry/version/semver/semver_internal.hpp"
#include "scry/version/version_internal.hpp"

namespace scry::version {
namespace {

constexpr std::string_view kName = "npm";
// node-semver's MAX_LENGTH and Number.MAX_SAFE_INTEGER.
constexpr size_t kMaxLength = 256;
constexpr uint64_t kMaxSafeInteger = 9007199254740991;

}  // namespace

Result<std::unique_ptr<ParsedVersion>> NpmScheme::Parse(std::string_view text) const {
  SCRY_CHECK(internal::CheckLength(kName, text));
  // semver.clean(): trim and drop /^[=v]+/; the SemVer constructor then checks MAX_LENGTH, trims
  // again and allows one more "v" (its FULL pattern is v?MAJOR.MINOR.PATCH...).
  std::string_view core = internal::TrimSpace(text);
  while (!core.empty() && (core.front() == '=' || core.front() == 'v')) core.remove_prefix(1);
  if (core.size() > kMaxLength) {
    return internal::Invalid(kName, text, "longer than 256 characters");
  }
  core = internal::TrimSpace(core);
  if (!core.empty() && core.front() == 'v') core.remove_prefix(1);
  SCRY_TRY(auto parts, internal::ParseSemverCore(core, false, kName, text));
  for (const internal::SemverNumber* number : {&parts.major, &parts.minor, &parts.patch}) {
    if (number->Above(kMaxSafeInteger)) {
      return internal::Invalid(kName, text, "number above Number.MAX_SAFE_INTEGER");
    }
  }
  return internal::MakeParsed(text, std::move(parts));
}

int NpmScheme::Compare(const ParsedVersion& a, const ParsedVersion& b) const {
  return internal::CompareSemver(internal::PartsOf<internal::SemverParts>(a),
                                 internal::PartsOf<internal::SemverParts>(b));
}

}  // namespace scry::version
