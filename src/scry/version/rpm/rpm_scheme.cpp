#include "scry/version/rpm/rpm_scheme.hpp"

#include <optional>
#include <string>

#include "scry/version/version_internal.hpp"

namespace scry::version {
namespace {

using internal::IsAlnum;
using internal::IsAlpha;
using internal::IsDigit;

constexpr std::string_view kName = "rpm";

struct RpmParts {
  std::string epoch;  // "0" when missing or empty
  std::string version;
  std::optional<std::string> release;
};

}  // namespace

int RpmVerCmp(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  size_t i = 0;
  size_t j = 0;
  auto at = [](std::string_view s, size_t k) { return k < s.size() ? s[k] : '\0'; };
  while (i < a.size() || j < b.size()) {
    while (i < a.size() && !IsAlnum(a[i]) && a[i] != '~' && a[i] != '^') ++i;
    while (j < b.size() && !IsAlnum(b[j]) && b[j] != '~' && b[j] != '^') ++j;

    // '~' sorts before everything else, the end included.
    if (at(a, i) == '~' || at(b, j) == '~') {
      if (at(a, i) != '~') return 1;
      if (at(b, j) != '~') return -1;
      ++i;
      ++j;
      continue;
    }
    // '^' is like '~', except that the end of the other string sorts before it.
    if (at(a, i) == '^' || at(b, j) == '^') {
      if (i == a.size()) return -1;
      if (j == b.size()) return 1;
      if (at(a, i) != '^') return 1;
      if (at(b, j) != '^') return -1;
      ++i;
      ++j;
      continue;
    }
    if (i == a.size() || j == b.size()) break;

    size_t one = i;
    size_t two = j;
    bool numeric = IsDigit(a[i]);
    auto in_segment = [numeric](char c) { return numeric ? IsDigit(c) : IsAlpha(c); };
    while (i < a.size() && in_segment(a[i])) ++i;
    while (j < b.size() && in_segment(b[j])) ++j;
    // A numeric segment is newer than an alphabetic one.
    if (two == j) return numeric ? 1 : -1;
    std::string_view x = a.substr(one, i - one);
    std::string_view y = b.substr(two, j - two);
    int c = numeric ? internal::CompareNumeric(x, y) : internal::Sign(x.compare(y));
    if (c != 0) return c;
  }
  if (i >= a.size() && j >= b.size()) return 0;
  return i >= a.size() ? -1 : 1;
}

Result<std::unique_ptr<ParsedVersion>> RpmScheme::Parse(std::string_view text) const {
  SCRY_CHECK(internal::CheckLength(kName, text));
  if (text.empty()) return internal::Invalid(kName, text, "empty version");
  if (text.find('\0') != std::string_view::npos) {
    return internal::Invalid(kName, text, "NUL byte in version");
  }
  // parseEVR(): digits then ':' make the epoch; the release follows the last '-' after them.
  RpmParts parts;
  size_t digits = 0;
  while (digits < text.size() && IsDigit(text[digits])) ++digits;
  std::string_view rest = text;
  parts.epoch = "0";
  if (digits < text.size() && text[digits] == ':') {
    if (digits > 0) parts.epoch = std::string(text.substr(0, digits));
    rest = text.substr(digits + 1);
  }
  size_t hyphen = text.rfind('-');
  if (hyphen != std::string_view::npos && hyphen >= digits) {
    size_t offset = text.size() - rest.size();
    parts.release = std::string(text.substr(hyphen + 1));
    rest = rest.substr(0, hyphen - offset);
  }
  parts.version = std::string(rest);
  return internal::MakeParsed(text, std::move(parts));
}

int RpmScheme::Compare(const ParsedVersion& a, const ParsedVersion& b) const {
  const auto& x = internal::PartsOf<RpmParts>(a);
  const auto& y = internal::PartsOf<RpmParts>(b);
  if (int c = RpmVerCmp(x.epoch, y.epoch)) return c;
  if (int c = RpmVerCmp(x.version, y.version)) return c;
  if (!x.release || !y.release) return internal::Three(x.release ? 1 : 0, y.release ? 1 : 0);
  return RpmVerCmp(*x.release, *y.release);
}

}  // namespace scry::version
