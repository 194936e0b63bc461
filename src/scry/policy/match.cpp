#include "scry/policy/match.hpp"

#include <vector>

#include "scry/base/strings.hpp"

namespace scry::policy {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = HexValue(text[i + 1]);
      int low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

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

std::optional<PackageUrl> ParsePackageUrl(std::string_view text) {
  text = strings::TrimSpace(text);
  if (text.size() < 4 || !strings::EqualsIgnoreCase(text.substr(0, 4), "pkg:")) return std::nullopt;
  text.remove_prefix(4);
  while (!text.empty() && text.front() == '/') text.remove_prefix(1);
  PackageUrl out;
  if (size_t hash = text.find('#'); hash != std::string_view::npos) {
    out.subpath = PercentDecode(text.substr(hash + 1));
    text = text.substr(0, hash);
  }
  if (size_t question = text.find('?'); question != std::string_view::npos) {
    for (std::string_view pair : strings::Split(text.substr(question + 1), '&')) {
      auto [key, value, found] = strings::Cut(pair, "=");
      if (!found || key.empty()) continue;
      out.qualifiers[strings::ToLower(key)] = PercentDecode(value);
    }
    text = text.substr(0, question);
  }
  size_t slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  out.type = strings::ToLower(text.substr(0, slash));
  text.remove_prefix(slash + 1);
  // The version follows the last '@' of the last segment (namespaces like npm's "@scope" hold
  // '@' too, but only at a segment's start).
  size_t last_slash = text.rfind('/');
  size_t at = text.rfind('@');
  if (at != std::string_view::npos && (last_slash == std::string_view::npos || at > last_slash)) {
    out.version = PercentDecode(text.substr(at + 1));
    text = text.substr(0, at);
  }
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  last_slash = text.rfind('/');
  if (last_slash == std::string_view::npos) {
    out.name = PercentDecode(text);
  } else {
    out.name = PercentDecode(text.substr(last_slash + 1));
    out.name_space = PercentDecode(text.substr(0, last_slash));
  }
  if (out.name.empty()) return std::nullopt;
  return out;
}

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
