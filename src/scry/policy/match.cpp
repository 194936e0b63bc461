#include "scry/policy/match.hpp"

#include <vector>

#include "scry/base/strings.hpp"

namespace scry::policy {
namespace {

// One element of a compiled glob.
struct GlobToken {
  enum class Kind { kLiteral, kAnyChar, kStar, kGlobStar, kGlobStarSlash, kClass };
  Kind kind = Kind::kLiteral;
  char literal = 0;
  std::string set;  // kClass: the characters and ranges as "a-z" triples kept verbatim
  bool negated = false;
};

bool ClassMatches(const GlobToken& token, char c) {
  bool found = false;
  const std::string& set = token.set;
  for (size_t i = 0; i < set.size(); ++i) {
    if (i + 2 < set.size() && set[i + 1] == '-') {
      if (c >= set[i] && c <= set[i + 2]) found = true;
      i += 2;
    } else if (set[i] == c) {
      found = true;
    }
  }
  return found != token.negated && c != '/';
}

std::vector<GlobToken> CompileGlob(std::string_view pattern) {
  std::vector<GlobToken> tokens;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    GlobToken token;
    if (c == '*') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '*') {
        i += 1;
        bool segment_start = i == 1 || pattern[i - 2] == '/';
        if (segment_start && i + 1 < pattern.size() && pattern[i + 1] == '/') {
          token.kind = GlobToken::Kind::kGlobStarSlash;
          i += 1;
        } else {
          token.kind = GlobToken::Kind::kGlobStar;
        }
      } else {
        token.kind = GlobToken::Kind::kStar;
      }
    } else if (c == '?') {
      token.kind = GlobToken::Kind::kAnyChar;
    } else if (c == '[') {
      size_t end = pattern.find(']', i + 2);
      if (end == std::string_view::npos) {
        token.literal = c;  // an unclosed class is a literal '['
      } else {
        token.kind = GlobToken::Kind::kClass;
        std::string_view body = pattern.substr(i + 1, end - i - 1);
        if (!body.empty() && (body[0] == '!' || body[0] == '^')) {
          token.negated = true;
          body.remove_prefix(1);
        }
        token.set = std::string(body);
        i = end;
      }
    } else if (c == '\\' && i + 1 < pattern.size()) {
      token.literal = pattern[++i];
    } else {
      token.literal = c;
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace

bool PurlMatches(const PackageUrl& constraint, const PackageUrl& package) {
  if (constraint.type != package.type || constraint.name_space != package.name_space ||
      constraint.name != package.name) {
    return false;
  }
  if (!constraint.version.empty() && constraint.version != package.version) return false;
  for (const auto& [key, value] : constraint.qualifiers) {
    auto found = package.qualifiers.find(key);
    if (found == package.qualifiers.end() || found->second != value) return false;
  }
  return true;
}

bool GlobMatches(std::string_view pattern, std::string_view path) {
  std::vector<GlobToken> tokens = CompileGlob(pattern);
  // reachable[j]: the tokens consumed so far can match path[0, j).
  std::vector<char> reachable(path.size() + 1, 0);
  reachable[0] = 1;
  for (const GlobToken& token : tokens) {
    std::vector<char> next(path.size() + 1, 0);
    bool seen = false;  // some position before j was reachable (for the spanning tokens)
    for (size_t j = 0; j <= path.size(); ++j) {
      switch (token.kind) {
        case GlobToken::Kind::kLiteral:
          next[j] = j > 0 && reachable[j - 1] && path[j - 1] == token.literal;
          break;
        case GlobToken::Kind::kAnyChar:
          next[j] = j > 0 && reachable[j - 1] && path[j - 1] != '/';
          break;
        case GlobToken::Kind::kClass:
          next[j] = j > 0 && reachable[j - 1] && ClassMatches(token, path[j - 1]);
          break;
        case GlobToken::Kind::kStar:
          next[j] = reachable[j] || (j > 0 && next[j - 1] && path[j - 1] != '/');
          break;
        case GlobToken::Kind::kGlobStar:
          next[j] = reachable[j] || (j > 0 && next[j - 1]);
          break;
        case GlobToken::Kind::kGlobStarSlash:
          next[j] = reachable[j] || (j > 0 && seen && path[j - 1] == '/');
          break;
      }
      if (reachable[j]) seen = true;
    }
    reachable = std::move(next);
  }
  return reachable[path.size()] != 0;
}

}  // namespace scry::policy
