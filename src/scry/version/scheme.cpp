#include "scry/version/scheme.hpp"

#include <fmt/format.h>

#include "scry/version/version_internal.hpp"

namespace scry::version {

std::string_view SchemeKindName(SchemeKind kind) {
  switch (kind) {
    case SchemeKind::kGo:
      return "go";
    case SchemeKind::kSemver:
      return "semver";
    case SchemeKind::kNpm:
      return "npm";
    case SchemeKind::kPep440:
      return "pep440";
    case SchemeKind::kMaven:
      return "maven";
    case SchemeKind::kRubyGems:
      return "rubygems";
    case SchemeKind::kNuGet:
      return "nuget";
    case SchemeKind::kComposer:
      return "composer";
    case SchemeKind::kDebian:
      return "dpkg";
    case SchemeKind::kRpm:
      return "rpm";
    case SchemeKind::kApk:
      return "apk";
  }
  return "unknown";
}

Result<int> Scheme::CompareText(std::string_view a, std::string_view b) const {
  SCRY_TRY(auto left, Parse(a));
  SCRY_TRY(auto right, Parse(b));
  return Compare(*left, *right);
}

namespace internal {

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::string ToLowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ToLower(c);
  return out;
}

std::string_view StripLeadingZeros(std::string_view digits) {
  while (!digits.empty() && digits.front() == '0') digits.remove_prefix(1);
  return digits;
}

int CompareNumeric(std::string_view a, std::string_view b) {
  a = StripLeadingZeros(a);
  b = StripLeadingZeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return Sign(a.compare(b));
}

Status CheckLength(std::string_view scheme, std::string_view text) {
  if (text.size() > limits::kMaxVersionLength) {
    return Fail(ErrorCode::kLimitExceeded, "{} version of {} bytes exceeds the limit of {} bytes",
                scheme, text.size(), limits::kMaxVersionLength);
  }
  return Ok();
}

tl::unexpected<Error> Invalid(std::string_view scheme, std::string_view text,
                              std::string_view why) {
  // Long garbage stays out of log lines; the first 80 bytes identify the input well enough.
  constexpr size_t kShown = 80;
  if (text.size() > kShown) {
    return Fail(ErrorCode::kInvalidInput, "{} version \"{}...\": {}", scheme,
                text.substr(0, kShown), why);
  }
  return Fail(ErrorCode::kInvalidInput, "{} version \"{}\": {}", scheme, text, why);
}

}  // namespace internal
}  // namespace scry::version
