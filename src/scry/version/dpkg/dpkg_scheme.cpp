#include "scry/version/dpkg/dpkg_scheme.hpp"

#include "scry/version/version_internal.hpp"

namespace scry::version {
namespace {

using internal::IsAlpha;
using internal::IsDigit;

constexpr std::string_view kName = "dpkg";

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// dpkg's order(): '~' < end of string < letters < everything else.
int Order(char c) {
  if (IsDigit(c)) return 0;
  if (IsAlpha(c)) return c;
  if (c == '~') return -1;
  if (c != '\0') return c + 256;
  return 0;
}

// dpkg's verrevcmp(). A '\0' past the end plays the role of C's terminator.
int VerRevCmp(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  auto at = [](std::string_view s, size_t k) { return k < s.size() ? s[k] : '\0'; };
  while (i < a.size() || j < b.size()) {
    while ((i < a.size() && !IsDigit(a[i])) || (j < b.size() && !IsDigit(b[j]))) {
      int ac = Order(at(a, i));
      int bc = Order(at(b, j));
      if (ac != bc) return ac < bc ? -1 : 1;
      ++i;
      ++j;
    }
    while (at(a, i) == '0') ++i;
    while (at(b, j) == '0') ++j;
    int first_diff = 0;
    while (IsDigit(at(a, i)) && IsDigit(at(b, j))) {
      if (first_diff == 0) first_diff = at(a, i) - at(b, j);
      ++i;
      ++j;
    }
    if (IsDigit(at(a, i))) return 1;
    if (IsDigit(at(b, j))) return -1;
    if (first_diff != 0) return first_diff < 0 ? -1 : 1;
  }
  return 0;
}

}  // namespace

Result<std::unique_ptr<ParsedVersion>> DebianScheme::Parse(std::string_view text) const {
  SCRY_CHECK(internal::CheckLength(kName, text));
  std::string_view version = text;
  while (!version.empty() && IsBlank(version.front())) version.remove_prefix(1);
  while (!version.empty() && IsBlank(version.back())) version.remove_suffix(1);
  if (version.empty()) return internal::Invalid(kName, text, "version string is empty");
  for (char c : version) {
    if (IsBlank(c)) return internal::Invalid(kName, text, "version string has embedded spaces");
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x21 || byte > 0x7e) {
      return internal::Invalid(kName, text, "control or non-ASCII character");
    }
  }

  unsigned epoch = 0;
  if (size_t colon = version.find(':'); colon != std::string_view::npos) {
    std::string_view digits = version.substr(0, colon);
    if (digits.empty() || !IsDigit(digits.front())) {
      return internal::Invalid(kName, text, "epoch in version is empty");
    }
    if (!internal::AllDigits(digits)) {
      return internal::Invalid(kName, text, "epoch in version is not number");
    }
    if (internal::CompareNumeric(digits, "2147483647") > 0) {
      return internal::Invalid(kName, text, "epoch in version is too big");
    }
    for (char c : internal::StripLeadingZeros(digits)) {
      epoch = epoch * 10 + static_cast<unsigned>(c - '0');
    }
    version.remove_prefix(colon + 1);
    if (version.empty()) {
      return internal::Invalid(kName, text, "nothing after colon in version number");
    }
  }
  std::string_view upstream = version;
  std::string_view revision;
  if (size_t hyphen = version.rfind('-'); hyphen != std::string_view::npos) {
    upstream = version.substr(0, hyphen);
    revision = version.substr(hyphen + 1);
    if (revision.empty()) return internal::Invalid(kName, text, "revision number is empty");
  }
  if (upstream.empty()) return internal::Invalid(kName, text, "version number is empty");

  std::string warning;
  if (!IsDigit(upstream.front())) {
    warning = "version number does not start with digit";
  } else {
    for (char c : upstream) {
      if (!internal::IsAlnum(c) && std::string_view(".-+~:").find(c) == std::string_view::npos) {
        warning = "invalid character in version number";
        break;
      }
    }
  }
  if (warning.empty()) {
    for (char c : revision) {
      if (!internal::IsAlnum(c) && std::string_view(".+~").find(c) == std::string_view::npos) {
        warning = "invalid character in revision number";
        break;
      }
    }
  }
  return std::unique_ptr<ParsedVersion>(std::make_unique<DebianVersion>(
      text, epoch, std::string(upstream), std::string(revision), std::move(warning)));
}

int DebianScheme::Compare(const ParsedVersion& a, const ParsedVersion& b) const {
  SCRY_ASSERT(dynamic_cast<const DebianVersion*>(&a) != nullptr);
  SCRY_ASSERT(dynamic_cast<const DebianVersion*>(&b) != nullptr);
  const auto& x = static_cast<const DebianVersion&>(a);
  const auto& y = static_cast<const DebianVersion&>(b);
  if (x.epoch() != y.epoch()) return x.epoch() < y.epoch() ? -1 : 1;
  if (int c = VerRevCmp(x.upstream(), y.upstream())) return c;
  return VerRevCmp(x.revision(), y.revision());
}

}  // namespace scry::version
