#include "scry/version/composer/composer_scheme.hpp"

#include <optional>
#include <string>
#include <vector>

#include "scry/version/version_internal.hpp"

namespace scry::version {
namespace {

using internal::IsAlnum;
using internal::IsDigit;
using internal::Three;

constexpr std::string_view kName = "composer";

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (internal::ToLower(a[i]) != internal::ToLower(b[i])) return false;
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

// PCRE's \s.
bool IsPcreSpace(char c) { return internal::IsSpace(c); }

// PHP's trim(): " \t\n\r\0\x0B".
std::string_view PhpTrim(std::string_view text) {
  auto blank = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\x0B';
  };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

// The captures of VersionParser::$modifierRegex:
// [._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?([.-]?dev)?$
struct Modifier {
  std::string_view stability;  // as written
  std::string_view number;     // e.g. ".1.2"
  bool dev = false;
};

// Matches the modifier against all of `rest`. The optional leading separator is taken greedily:
// a keyword or "dev" must follow it, and "dev" takes its own separator, so giving the separator
// back never finds another match; likewise a shorter keyword ("b" for "beta") leaves letters
// that nothing after it can match.
std::optional<Modifier> MatchModifier(std::string_view rest) {
  Modifier modifier;
  if (!rest.empty() && (rest.front() == '.' || rest.front() == '_' || rest.front() == '-')) {
    rest.remove_prefix(1);
  }
  for (std::string_view word : {"stable", "beta", "b", "rc", "alpha", "a", "patch", "pl", "p"}) {
    if (StartsWithIgnoreCase(rest, word)) {
      modifier.stability = rest.substr(0, word.size());
      rest.remove_prefix(word.size());
      size_t end = 0;
      while (true) {
        size_t next = end;
        if (next < rest.size() && (rest[next] == '.' || rest[next] == '-')) ++next;
        if (next >= rest.size() || !IsDigit(rest[next])) break;
        while (next < rest.size() && IsDigit(rest[next])) ++next;
        end = next;
      }
      modifier.number = rest.substr(0, end);
      rest.remove_prefix(end);
      break;
    }
  }
  if (!rest.empty() && (rest.front() == '.' || rest.front() == '-') &&
      EqualsIgnoreCase(rest.substr(1), "dev")) {
    rest = {};
    modifier.dev = true;
  } else if (EqualsIgnoreCase(rest, "dev")) {
    rest = {};
    modifier.dev = true;
  }
  if (!rest.empty()) return std::nullopt;
  return modifier;
}

// VersionParser::expandStability.
std::string ExpandStability(std::string_view stability) {
  std::string lower = internal::ToLowerAscii(stability);
  if (lower == "a") return "alpha";
  if (lower == "b") return "beta";
  if (lower == "p" || lower == "pl") return "patch";
  if (lower == "rc") return "RC";
  return lower;
}

// The end of normalize() once a version and its modifier have matched.
std::string AddModifier(std::string version, const Modifier& modifier) {
  if (!modifier.stability.empty()) {
    if (modifier.stability == "stable") return version;
    version += '-';
    version += ExpandStability(modifier.stability);
    std::string_view number = modifier.number;
    while (!number.empty() && (number.front() == '.' || number.front() == '-')) {
      number.remove_prefix(1);
    }
    version += number;
  }
  if (modifier.dev) version += "-dev";
  return version;
}

size_t CountDigits(std::string_view text, size_t pos, size_t max) {
  size_t n = 0;
  while (pos + n < text.size() && n < max && IsDigit(text[pos + n])) ++n;
  return n;
}

size_t SkipV(std::string_view version) {
  return !version.empty() && (version.front() == 'v' || version.front() == 'V') ? 1 : 0;
}

// ^v?(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)? + modifier + $
std::optional<std::string> MatchClassical(std::string_view version) {
  size_t pos = SkipV(version);
  size_t major = CountDigits(version, pos, std::string_view::npos);
  if (major == 0 || major > 5) return std::nullopt;
  std::string out(version.substr(pos, major));
  pos += major;
  for (int i = 0; i < 3; ++i) {
    size_t digits = pos < version.size() && version[pos] == '.'
                        ? CountDigits(version, pos + 1, std::string_view::npos)
                        : 0;
    if (digits == 0) {
      out += ".0";
      continue;
    }
    out += version.substr(pos, digits + 1);
    pos += digits + 1;
  }
  auto modifier = MatchModifier(version.substr(pos));
  if (!modifier) return std::nullopt;
  return AddModifier(std::move(out), *modifier);
}

// Ends of every match of \d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3}){0,2} from `pos`.
void DateEnds(std::string_view text, size_t pos, int pairs, int shorts, std::vector<size_t>& ends) {
  if (pairs >= 1) ends.push_back(pos);
  for (size_t skip : {size_t{1}, size_t{0}}) {
    if (skip == 1 &&
        (pos >= text.size() || (text[pos] != '.' && text[pos] != ':' && text[pos] != '-'))) {
      continue;
    }
    size_t at = pos + skip;
    size_t digits = CountDigits(text, at, 3);
    if (shorts == 0 && pairs < 6 && digits >= 2) DateEnds(text, at + 2, pairs + 1, 0, ends);
    if (pairs >= 1 && shorts < 2) {
      for (size_t n = digits; n >= 1; --n) DateEnds(text, at + n, pairs, shorts + 1, ends);
    }
  }
}

// ^v?(date) + modifier + $, the date's non-digits replaced by '.'.
std::optional<std::string> MatchDate(std::string_view version) {
  size_t start = SkipV(version);
  if (CountDigits(version, start, 4) < 4) return std::nullopt;
  std::vector<size_t> ends;
  DateEnds(version, start + 4, 0, 0, ends);
  // Only one end can leave a matching modifier: the modifier never starts with a digit or with
  // a separator followed by one.
  for (size_t end : ends) {
    auto modifier = MatchModifier(version.substr(end));
    if (!modifier) continue;
    std::string date(version.substr(start, end - start));
    for (char& c : date) {
      if (!IsDigit(c)) c = '.';
    }
    return AddModifier(std::move(date), *modifier);
  }
  return std::nullopt;
}

// VersionParser::normalizeBranch for numeric branches; nullopt for named ones ("dev-<name>").
std::optional<std::string> NormalizeNumericBranch(std::string_view name) {
  name = PhpTrim(name);
  size_t pos = SkipV(name);
  size_t digits = CountDigits(name, pos, std::string_view::npos);
  if (digits == 0) return std::nullopt;
  std::string out(name.substr(pos, digits));
  pos += digits;
  for (int i = 0; i < 3; ++i) {
    if (pos < name.size() && name[pos] == '.') {
      size_t n = CountDigits(name, pos + 1, std::string_view::npos);
      if (n > 0) {
        out += name.substr(pos, n + 1);
        pos += n + 1;
        continue;
      }
      if (pos + 1 < name.size() &&
          (name[pos + 1] == 'x' || name[pos + 1] == 'X' || name[pos + 1] == '*')) {
        out += ".x";
        pos += 2;
        continue;
      }
    }
    out += ".x";
  }
  if (pos != name.size()) return std::nullopt;
  std::string result;
  for (char c : out) {
    if (c == 'x') {
      result += "9999999";
    } else {
      result += c;
    }
  }
  return result + "-dev";
}

// VersionParser::normalize; nullopt when it would throw or return a "dev-" branch name.
std::optional<std::string> Normalize(std::string_view version) {
  version = PhpTrim(version);
  // Strip an alias: ^([^,\s]++) ++as ++([^,\s]++)$
  {
    size_t stop = 0;
    while (stop < version.size() && version[stop] != ',' && !IsPcreSpace(version[stop])) ++stop;
    size_t pos = stop;
    while (pos < version.size() && version[pos] == ' ') ++pos;
    if (stop > 0 && pos > stop && version.substr(pos, 2) == "as") {
      size_t after = pos + 2;
      size_t target = after;
      while (target < version.size() && version[target] == ' ') ++target;
      bool target_ok = target > after && target < version.size();
      for (size_t i = target; target_ok && i < version.size(); ++i) {
        if (version[i] == ',' || IsPcreSpace(version[i])) target_ok = false;
      }
      if (target_ok) version = version.substr(0, stop);
    }
  }
  // Strip a stability flag: @(?:stable|RC|beta|alpha|dev)$
  if (size_t at = version.rfind('@'); at != std::string_view::npos) {
    std::string_view flag = version.substr(at + 1);
    for (std::string_view word : {"stable", "rc", "beta", "alpha", "dev"}) {
      if (EqualsIgnoreCase(flag, word)) {
        version = version.substr(0, at);
        break;
      }
    }
  }
  if (version == "master" || version == "trunk" || version == "default") return std::nullopt;
  if (StartsWithIgnoreCase(version, "dev-")) return std::nullopt;
  // Strip build metadata: ^([^,\s+]++)\+[^\s]++$
  {
    size_t stop = 0;
    while (stop < version.size() && version[stop] != ',' && version[stop] != '+' &&
           !IsPcreSpace(version[stop])) {
      ++stop;
    }
    if (stop > 0 && stop + 1 < version.size() && version[stop] == '+') {
      bool ok = true;
      for (size_t i = stop + 1; i < version.size(); ++i) ok = ok && !IsPcreSpace(version[i]);
      if (ok) version = version.substr(0, stop);
    }
  }
  if (auto classical = MatchClassical(version)) return classical;
  if (auto date = MatchDate(version)) return date;
  // (.*?)[.-]?dev$: a numeric branch such as 1.x-dev.
  if (version.size() >= 3 && EqualsIgnoreCase(version.substr(version.size() - 3), "dev")) {
    std::string_view name = version.substr(0, version.size() - 3);
    if (!name.empty() && (name.back() == '.' || name.back() == '-')) name.remove_suffix(1);
    return NormalizeNumericBranch(name);
  }
  return std::nullopt;
}

// php_canonicalize_version() split at its dots: runs of digits and runs of other characters;
// '-', '_', '+' and other non-alphanumeric characters only separate.
std::vector<std::string> CanonicalElements(std::string_view version) {
  std::vector<std::string> elements;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) elements.push_back(std::move(current));
    current.clear();
  };
  for (char c : version) {
    if (!IsAlnum(c)) {
      flush();
      continue;
    }
    if (!current.empty() && IsDigit(current.back()) != IsDigit(c)) flush();
    current += c;
  }
  flush();
  return elements;
}

// compare_special_version_forms(): the order of a non-numeric element by prefix; "#" stands for
// a number, anything unknown sorts first.
int SpecialForm(std::string_view element) {
  constexpr std::pair<std::string_view, int> kForms[] = {
      {"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2},
      {"RC", 3},  {"rc", 3},    {"#", 4}, {"pl", 5},   {"p", 5}};
  for (const auto& [name, order] : kForms) {
    if (element.substr(0, name.size()) == name) return order;
  }
  return -1;
}

constexpr int kNumberForm = 4;

int CompareElements(const std::string& a, const std::string& b) {
  bool a_number = IsDigit(a.front());
  bool b_number = IsDigit(b.front());
  if (a_number && b_number) return internal::CompareNumeric(a, b);
  return Three(a_number ? kNumberForm : SpecialForm(a), b_number ? kNumberForm : SpecialForm(b));
}

// php_version_compare() over canonical elements: pairwise, then the longer version wins if its
// next element is a number and loses if it is a pre-release word ("1.0" < "1.0.0",
// "1.0.0.0-beta" < "1.0.0.0", "1.0.0.0-patch1" > "1.0.0.0").
int CompareCanonical(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (int c = CompareElements(a[i], b[i])) return c;
  }
  if (a.size() == b.size()) return 0;
  const std::string& next = a.size() > b.size() ? a[b.size()] : b[a.size()];
  int c = IsDigit(next.front()) ? 1 : Three(SpecialForm(next), kNumberForm);
  return a.size() > b.size() ? c : -c;
}

}  // namespace

Result<std::unique_ptr<ParsedVersion>> ComposerScheme::Parse(std::string_view text) const {
  SCRY_CHECK(internal::CheckLength(kName, text));
  std::string_view trimmed = PhpTrim(text);
  if (StartsWithIgnoreCase(trimmed, "dev-") || trimmed == "master" || trimmed == "trunk" ||
      trimmed == "default") {
    return internal::Invalid(kName, text, "a branch name has no version order");
  }
  auto normalized = Normalize(text);
  if (!normalized) return internal::Invalid(kName, text, "not a Composer version");
  return internal::MakeParsed(text, CanonicalElements(*normalized));
}

int ComposerScheme::Compare(const ParsedVersion& a, const ParsedVersion& b) const {
  return CompareCanonical(internal::PartsOf<std::vector<std::string>>(a),
                          internal::PartsOf<std::vector<std::string>>(b));
}

}  // namespace scry::version
