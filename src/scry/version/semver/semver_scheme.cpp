#include "scry/version/semver/semver_scheme.hpp"

#include "scry/version/semver/semver_internal.hpp"
#include "scry/version/version_internal.hpp"

namespace scry::version {
namespace internal {
namespace {

bool IsIdentifierChar(char c) { return IsAlnum(c) || c == '-'; }

// A decimal number without extra leading zeros: "0" or [1-9][0-9]*.
bool IsCanonicalNumber(std::string_view text) {
  return AllDigits(text) && (text.size() == 1 || text.front() != '0');
}

// Splits a dot-separated identifier list into `out` (when not null); false when an identifier is
// empty or has a character outside [0-9A-Za-z-], or (for prereleases) is numeric with a leading
// zero.
bool SplitIdentifiers(std::string_view text, bool prerelease, std::vector<std::string>* out) {
  while (true) {
    size_t dot = text.find('.');
    std::string_view identifier = text.substr(0, dot);
    if (identifier.empty()) return false;
    for (char c : identifier) {
      if (!IsIdentifierChar(c)) return false;
    }
    if (prerelease && AllDigits(identifier) && !IsCanonicalNumber(identifier)) return false;
    if (out != nullptr) out->emplace_back(identifier);
    if (dot == std::string_view::npos) return true;
    text.remove_prefix(dot + 1);
  }
}

int ComparePrerelease(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  // A release (no identifiers) has higher precedence than any of its prereleases.
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    bool a_numeric = AllDigits(a[i]);
    bool b_numeric = AllDigits(b[i]);
    int c = 0;
    if (a_numeric && b_numeric) {
      c = CompareNumeric(a[i], b[i]);
    } else if (a_numeric != b_numeric) {
      c = a_numeric ? -1 : 1;
    } else {
      c = Sign(a[i].compare(b[i]));
    }
    if (c != 0) return c;
  }
  return Three(a.size(), b.size());
}

}  // namespace

SemverNumber SemverNumber::FromDigits(std::string_view canonical_digits) {
  SemverNumber number;
  if (canonical_digits.size() > 19) {
    number.digits = std::make_unique<const std::string>(canonical_digits);
    return number;
  }
  for (char c : canonical_digits) number.value = number.value * 10 + static_cast<uint64_t>(c - '0');
  return number;
}

int SemverNumber::Compare(const SemverNumber& a, const SemverNumber& b) {
  if (!a.digits && !b.digits) return Three(a.value, b.value);
  if (!a.digits || !b.digits) return a.digits ? 1 : -1;
  return CompareNumeric(*a.digits, *b.digits);
}

Result<SemverParts> ParseSemverCore(std::string_view core, bool allow_short,
                                    std::string_view scheme, std::string_view text) {
  SemverParts parts;
  std::string_view rest = core;
  // MAJOR.MINOR.PATCH, each a run of digits up to the next '.', '-' or '+'.
  SemverNumber* numbers[] = {&parts.major, &parts.minor, &parts.patch};
  for (int i = 0; i < 3; ++i) {
    size_t end = 0;
    while (end < rest.size() && IsDigit(rest[end])) ++end;
    std::string_view number = rest.substr(0, end);
    if (number.empty()) return Invalid(scheme, text, "expected a number");
    if (!IsCanonicalNumber(number)) return Invalid(scheme, text, "number with a leading zero");
    *numbers[i] = SemverNumber::FromDigits(number);
    rest.remove_prefix(end);
    if (i == 2) break;
    if (rest.empty() && allow_short) {
      return parts;  // the missing numbers are 0
    }
    if (rest.empty() || rest.front() != '.') {
      return Invalid(scheme, text, "expected MAJOR.MINOR.PATCH");
    }
    rest.remove_prefix(1);
  }
  if (!rest.empty() && rest.front() == '-') {
    size_t plus = rest.find('+');
    std::string_view pre = rest.substr(1, plus == std::string_view::npos ? plus : plus - 1);
    if (!SplitIdentifiers(pre, true, &parts.prerelease)) {
      return Invalid(scheme, text, "invalid prerelease");
    }
    rest.remove_prefix(1 + pre.size());
  }
  if (!rest.empty() && rest.front() == '+') {
    if (!SplitIdentifiers(rest.substr(1), false, nullptr)) {
      return Invalid(scheme, text, "invalid build metadata");
    }
    rest = {};
  }
  if (!rest.empty()) return Invalid(scheme, text, "unexpected characters after the patch number");
  return parts;
}

int CompareSemver(const SemverParts& a, const SemverParts& b) {
  if (int c = SemverNumber::Compare(a.major, b.major)) return c;
  if (int c = SemverNumber::Compare(a.minor, b.minor)) return c;
  if (int c = SemverNumber::Compare(a.patch, b.patch)) return c;
  return ComparePrerelease(a.prerelease, b.prerelease);
}

}  // namespace internal

namespace {
constexpr std::string_view kName = "semver";
}  // namespace

Result<std::unique_ptr<ParsedVersion>> SemverScheme::Parse(std::string_view text) const {
  SCRY_CHECK(internal::CheckLength(kName, text));
  std::string_view core = text;
  if (!core.empty() && core.front() == 'v') core.remove_prefix(1);
  SCRY_TRY(auto parts, internal::ParseSemverCore(core, false, kName, text));
  return internal::MakeParsed(text, std::move(parts));
}

int SemverScheme::Compare(const ParsedVersion& a, const ParsedVersion& b) const {
  return internal::CompareSemver(internal::PartsOf<internal::SemverParts>(a),
                                 internal::PartsOf<internal::SemverParts>(b));
}

}  // namespace scry::version
