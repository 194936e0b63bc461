#include "scry/version/pep440/pep440_scheme.hpp"

#include <optional>
#include <string>
#include <vector>

#include "scry/version/version_internal.hpp"

namespace scry::version {
namespace {

using internal::CompareNumeric;
using internal::IsDigit;
using internal::Three;

constexpr std::string_view kName = "pep440";

// Numbers are digit strings without leading zeros ("" is zero).
struct LocalSegment {
  std::string text;  // lower case
  bool numeric = false;
};

struct Pep440Parts {
  std::string epoch;
  std::vector<std::string> release;                // trailing zeros removed
  std::optional<std::pair<int, std::string>> pre;  // 0 = a, 1 = b, 2 = rc
  std::optional<std::string> post;
  std::optional<std::string> dev;
  std::optional<std::vector<LocalSegment>> local;
};

// A cursor over the lower-cased input, mirroring packaging's VERSION_PATTERN piece by piece.
// Every optional group is tried at a saved position and rolled back when it does not match. That
// gives the regex's result without general backtracking: where one keyword is a prefix of another
// ("a"/"alpha", "r"/"rev"), the shorter choice leaves letters that nothing else can match.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool AtEnd() const { return pos_ == text_.size(); }
  size_t pos() const { return pos_; }
  void Reset(size_t pos) { pos_ = pos; }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }

  bool Eat(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  // [-_.]?
  void EatSeparator() {
    if (Peek() == '-' || Peek() == '_' || Peek() == '.') ++pos_;
  }
  // The first of `words` the input continues with (the regex's alternation order).
  std::optional<size_t> EatWord(std::initializer_list<std::string_view> words) {
    size_t index = 0;
    for (std::string_view word : words) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return index;
      }
      ++index;
    }
    return std::nullopt;
  }
  // [0-9]+, or nullopt.
  std::optional<std::string_view> EatDigits() {
    size_t start = pos_;
    while (IsDigit(Peek())) ++pos_;
    if (start == pos_) return std::nullopt;
    return text_.substr(start, pos_ - start);
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

std::string Number(std::string_view digits) {
  return std::string(internal::StripLeadingZeros(digits));
}

// The "[-_.]?([0-9]+)?" after a pre, post or dev keyword; a missing number is zero. The separator
// is consumed even when no number follows, as the regex's greedy first try does: every later group
// starts with an optional separator or needs none, so that choice never loses a match.
std::string ImplicitNumber(Cursor& in) {
  in.EatSeparator();
  auto digits = in.EatDigits();
  return digits ? Number(*digits) : "";
}

// [-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?
void ParsePre(Cursor& in, Pep440Parts& parts) {
  size_t start = in.pos();
  in.EatSeparator();
  auto word = in.EatWord({"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"});
  if (!word) return in.Reset(start);
  constexpr int kKinds[] = {0, 0, 1, 1, 2, 2, 2, 2};
  parts.pre.emplace(kKinds[*word], ImplicitNumber(in));
}

// (-[0-9]+) | ([-_.]?(post|rev|r)[-_.]?([0-9]+)?)
void ParsePost(Cursor& in, Pep440Parts& parts) {
  size_t start = in.pos();
  if (in.Eat('-')) {
    if (auto digits = in.EatDigits()) {
      parts.post = Number(*digits);
      return;
    }
    in.Reset(start);
  }
  in.EatSeparator();
  if (!in.EatWord({"post", "rev", "r"})) return in.Reset(start);
  parts.post = ImplicitNumber(in);
}

// [-_.]?dev[-_.]?([0-9]+)?
void ParseDev(Cursor& in, Pep440Parts& parts) {
  size_t start = in.pos();
  in.EatSeparator();
  if (!in.EatWord({"dev"})) return in.Reset(start);
  parts.dev = ImplicitNumber(in);
}

// \+[a-z0-9]+([-_.][a-z0-9]+)*
bool ParseLocal(std::string_view rest, Pep440Parts& parts) {
  std::vector<LocalSegment> segments;
  size_t start = 0;
  for (size_t i = 0; i <= rest.size(); ++i) {
    if (i < rest.size() && internal::IsAlnum(rest[i])) continue;
    if (i < rest.size() && rest[i] != '-' && rest[i] != '_' && rest[i] != '.') return false;
    std::string_view segment = rest.substr(start, i - start);
    if (segment.empty()) return false;
    bool numeric = internal::AllDigits(segment);
    segments.push_back({numeric ? Number(segment) : std::string(segment), numeric});
    start = i + 1;
  }
  parts.local = std::move(segments);
  return true;
}

// Infinity-aware ranks of packaging's _cmpkey: -1 NegativeInfinity, 0 a value, 1 Infinity.
int ComparePre(const Pep440Parts& a, const Pep440Parts& b) {
  auto rank = [](const Pep440Parts& p) {
    if (!p.pre && !p.post && p.dev) return -1;  // 1.0.dev0 sorts before 1.0a0
    return p.pre ? 0 : 1;
  };
  int ra = rank(a);
  int rb = rank(b);
  if (ra != rb || ra != 0) return Three(ra, rb);
  if (int c = Three(a.pre->first, b.pre->first)) return c;
  return CompareNumeric(a.pre->second, b.pre->second);
}

int CompareOptionalNumber(const std::optional<std::string>& a, const std::optional<std::string>& b,
                          int missing_rank) {
  if (!a || !b) return Three(a ? 0 : missing_rank, b ? 0 : missing_rank);
  return CompareNumeric(*a, *b);
}

int CompareLocal(const Pep440Parts& a, const Pep440Parts& b) {
  if (!a.local || !b.local) return Three(a.local ? 1 : 0, b.local ? 1 : 0);
  const auto& x = *a.local;
  const auto& y = *b.local;
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
    int c = 0;
    if (x[i].numeric != y[i].numeric) {
      c = x[i].numeric ? 1 : -1;  // alphanumeric segments sort before numeric ones
    } else if (x[i].numeric) {
      c = CompareNumeric(x[i].text, y[i].text);
    } else {
      c = internal::Sign(x[i].text.compare(y[i].text));
    }
    if (c != 0) return c;
  }
  return Three(x.size(), y.size());
}

}  // namespace

Result<std::unique_ptr<ParsedVersion>> Pep440Scheme::Parse(std::string_view text) const {
  SCRY_CHECK(internal::CheckLength(kName, text));
  std::string lower = internal::ToLowerAscii(internal::TrimSpace(text));
  std::string_view body = lower;
  std::string_view local;
  bool has_local = false;
  if (size_t plus = body.find('+'); plus != std::string_view::npos) {
    local = body.substr(plus + 1);
    body = body.substr(0, plus);
    has_local = true;
  }

  Pep440Parts parts;
  Cursor in(body);
  in.Eat('v');
  auto first = in.EatDigits();
  if (!first) return internal::Invalid(kName, text, "expected a release number");
  if (in.Eat('!')) {
    parts.epoch = Number(*first);
    first = in.EatDigits();
    if (!first) return internal::Invalid(kName, text, "expected a release number after the epoch");
  }
  parts.release.push_back(Number(*first));
  while (true) {
    size_t dot = in.pos();
    if (!in.Eat('.')) break;
    auto digits = in.EatDigits();
    if (!digits) {
      in.Reset(dot);
      break;
    }
    parts.release.push_back(Number(*digits));
  }
  while (!parts.release.empty() && parts.release.back().empty()) parts.release.pop_back();
  ParsePre(in, parts);
  ParsePost(in, parts);
  ParseDev(in, parts);
  if (!in.AtEnd()) return internal::Invalid(kName, text, "not a PEP 440 version");
  if (has_local && !ParseLocal(local, parts)) {
    return internal::Invalid(kName, text, "invalid local version");
  }
  return internal::MakeParsed(text, std::move(parts));
}

int Pep440Scheme::Compare(const ParsedVersion& a, const ParsedVersion& b) const {
  const auto& x = internal::PartsOf<Pep440Parts>(a);
  const auto& y = internal::PartsOf<Pep440Parts>(b);
  if (int c = CompareNumeric(x.epoch, y.epoch)) return c;
  for (size_t i = 0; i < x.release.size() && i < y.release.size(); ++i) {
    if (int c = CompareNumeric(x.release[i], y.release[i])) return c;
  }
  if (int c = Three(x.release.size(), y.release.size())) return c;
  if (int c = ComparePre(x, y)) return c;
  if (int c = CompareOptionalNumber(x.post, y.post, -1)) return c;
  if (int c = CompareOptionalNumber(x.dev, y.dev, 1)) return c;
  return CompareLocal(x, y);
}

}  // namespace scry::version
