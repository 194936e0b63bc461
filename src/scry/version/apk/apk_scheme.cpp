#include "scry/version/apk/apk_scheme.hpp"

#include <string>
#include <vector>

#include "scry/version/version_internal.hpp"

namespace scry::version {
namespace {

using internal::IsDigit;
using internal::IsLower;
using internal::Three;

constexpr std::string_view kName = "apk";

// apk's token types, in its order: a version that has run out (kEnd) compares against the other
// version's next token type.
enum class Token {
  kInitialDigit,
  kDigit,
  kLetter,
  kSuffix,
  kSuffixNumber,
  kCommitHash,
  kRevision,
  kEnd
};

// apk's suffix values: _alpha .. _rc are below kNoSuffix (pre-releases), _cvs .. _p above it.
constexpr int kNoSuffix = 5;

struct ApkToken {
  Token type;
  std::string value;  // digits, letter, suffix name or hash as written
  int suffix = 0;
};

int SuffixValue(std::string_view name) {
  constexpr std::pair<std::string_view, int> kSuffixes[] = {{"alpha", 1}, {"beta", 2}, {"pre", 3},
                                                            {"rc", 4},    {"cvs", 6},  {"svn", 7},
                                                            {"git", 8},   {"hg", 9},   {"p", 10}};
  for (const auto& [suffix, value] : kSuffixes) {
    if (name == suffix) return value;
  }
  return 0;
}

bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// token_first() and token_next() until the end; false where apk reaches TOKEN_INVALID.
bool Tokenize(std::string_view text, std::vector<ApkToken>& tokens) {
  size_t pos = 0;
  auto take = [&](auto predicate) {
    size_t start = pos;
    while (pos < text.size() && predicate(text[pos])) ++pos;
    return std::string(text.substr(start, pos - start));
  };
  auto digits = [&] { return take([](char c) { return IsDigit(c); }); };
  ApkToken token{Token::kInitialDigit, digits()};
  if (token.value.empty()) return false;
  tokens.push_back(token);
  while (pos < text.size()) {
    Token previous = tokens.back().type;
    char c = text[pos];
    ApkToken next{Token::kEnd, ""};
    if (IsLower(c)) {
      if (previous > Token::kDigit) return false;
      next = {Token::kLetter, std::string(1, c)};
      ++pos;
    } else if (c == '.' || IsDigit(c)) {
      if (c == '.') {
        if (previous > Token::kDigit) return false;
        ++pos;
      }
      if (previous == Token::kInitialDigit || previous == Token::kDigit) {
        next.type = Token::kDigit;
      } else if (previous == Token::kSuffix) {
        next.type = Token::kSuffixNumber;
      } else {
        return false;
      }
      next.value = digits();
      if (next.value.empty()) return false;
    } else if (c == '_') {
      if (previous > Token::kSuffixNumber) return false;
      ++pos;
      next = {Token::kSuffix, take([](char x) { return IsLower(x); })};
      next.suffix = SuffixValue(next.value);
      if (next.suffix == 0) return false;
    } else if (c == '~') {
      if (previous >= Token::kCommitHash) return false;
      ++pos;
      next = {Token::kCommitHash, take(IsHex)};
      if (next.value.empty()) return false;
    } else if (c == '-') {
      if (previous >= Token::kRevision || text.substr(pos, 2) != "-r") return false;
      pos += 2;
      next = {Token::kRevision, digits()};
      if (next.value.empty()) return false;
    } else {
      return false;
    }
    tokens.push_back(std::move(next));
  }
  tokens.push_back(ApkToken{Token::kEnd, ""});
  return true;
}

// apk_blob_sort(): memcmp over the shorter length, then the shorter first.
int BlobSort(std::string_view a, std::string_view b) { return internal::Sign(a.compare(b)); }

// token_cmp() of two tokens of the same type.
int CompareTokens(const ApkToken& a, const ApkToken& b) {
  switch (a.type) {
    case Token::kDigit:
      if (a.value.front() == '0' || b.value.front() == '0') return BlobSort(a.value, b.value);
      return internal::CompareNumeric(a.value, b.value);
    case Token::kInitialDigit:
    case Token::kSuffixNumber:
    case Token::kRevision:
      return internal::CompareNumeric(a.value, b.value);
    case Token::kLetter:
      return Three(a.value, b.value);
    case Token::kSuffix:
      return Three(a.suffix, b.suffix);
    case Token::kCommitHash:
    case Token::kEnd:
      return BlobSort(a.value, b.value);
  }
  return 0;
}

}  // namespace

Result<std::unique_ptr<ParsedVersion>> ApkScheme::Parse(std::string_view text) const {
  SCRY_CHECK(internal::CheckLength(kName, text));
  std::vector<ApkToken> tokens;
  if (!Tokenize(text, tokens)) return internal::Invalid(kName, text, "not a valid apk version");
  return internal::MakeParsed(text, std::move(tokens));
}

int ApkScheme::Compare(const ParsedVersion& a, const ParsedVersion& b) const {
  const auto& x = internal::PartsOf<std::vector<ApkToken>>(a);
  const auto& y = internal::PartsOf<std::vector<ApkToken>>(b);
  // Both lists end with kEnd, so the loop stops at the first type difference or at the end.
  size_t i = 0;
  while (x[i].type == y[i].type && x[i].type != Token::kEnd) {
    if (int c = CompareTokens(x[i], y[i])) return c;
    ++i;
  }
  const ApkToken& ta = x[i];
  const ApkToken& tb = y[i];
  if (ta.type == tb.type) return 0;
  // The version that goes on is newer, unless it goes on with a pre-release suffix.
  if (ta.type == Token::kSuffix && ta.suffix < kNoSuffix) return -1;
  if (tb.type == Token::kSuffix && tb.suffix < kNoSuffix) return 1;
  return ta.type > tb.type ? -1 : 1;
}

}  // namespace scry::version
