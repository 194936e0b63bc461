#include "scry/analyzer/lang/ruby/gemspec/gemspec_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace scry::analyzer::lang::ruby {
namespace {

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

char ClosingDelimiter(char open) {
  switch (open) {
    case '{':
      return '}';
    case '<':
      return '>';
    case '(':
      return ')';
    case '[':
      return ']';
    default:
      return open;
  }
}

// Reads one string literal at the start of `text` and advances past it (and a `.freeze`).
std::optional<std::string> ReadStringLiteral(std::string_view& text) {
  text = TrimSpace(text);
  if (text.empty()) return std::nullopt;
  std::string out;
  if (text.front() == '"' || text.front() == '\'') {
    char quote = text.front();
    size_t i = 1;
    for (; i < text.size() && text[i] != quote; ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) {
        char next = text[++i];
        if (quote == '\'' && next != '\'' && next != '\\') out.push_back('\\');
        out.push_back(quote == '"' && next == 'n'   ? '\n'
                      : quote == '"' && next == 't' ? '\t'
                                                    : next);
        continue;
      }
      out.push_back(text[i]);
    }
    if (i >= text.size()) return std::nullopt;
    text.remove_prefix(i + 1);
  } else if (text.front() == '%') {
    size_t open_at = 1;
    if (text.size() > 1 && (text[1] == 'q' || text[1] == 'Q')) open_at = 2;
    if (open_at >= text.size()) return std::nullopt;
    char open = text[open_at];
    if (std::isalnum(static_cast<unsigned char>(open)) || open == ' ') return std::nullopt;
    size_t close = text.find(ClosingDelimiter(open), open_at + 1);
    if (close == std::string_view::npos) return std::nullopt;
    out = std::string(text.substr(open_at + 1, close - open_at - 1));
    text.remove_prefix(close + 1);
  } else {
    return std::nullopt;
  }
  if (text.starts_with(".freeze")) text.remove_prefix(7);
  return out;
}

// The value of `<var>.version = ...`: a literal, or Gem::Version.new(literal).
std::optional<std::string> ReadVersion(std::string_view text) {
  text = TrimSpace(text);
  constexpr std::string_view kNew = "Gem::Version.new(";
  if (text.starts_with(kNew)) text.remove_prefix(kNew.size());
  return ReadStringLiteral(text);
}

// ["a", 'b'] or %w[a b] or a single literal.
std::optional<std::vector<std::string>> ReadStringList(std::string_view text) {
  text = TrimSpace(text);
  std::vector<std::string> out;
  if (text.starts_with("%w") || text.starts_with("%W")) {
    if (text.size() < 3) return std::nullopt;
    size_t close = text.find(ClosingDelimiter(text[2]), 3);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view words = text.substr(3, close - 3);
    size_t i = 0;
    while (i < words.size()) {
      while (i < words.size() && words[i] == ' ') ++i;
      size_t start = i;
      while (i < words.size() && words[i] != ' ') ++i;
      if (i > start) out.emplace_back(words.substr(start, i - start));
    }
    return out;
  }
  if (!text.starts_with('[')) {
    auto single = ReadStringLiteral(text);
    if (!single) return std::nullopt;
    out.push_back(std::move(*single));
    return out;
  }
  text.remove_prefix(1);
  while (true) {
    text = TrimSpace(text);
    if (text.starts_with(']')) return out;
    auto item = ReadStringLiteral(text);
    if (!item) return std::nullopt;
    out.push_back(std::move(*item));
    text = TrimSpace(text);
    if (text.starts_with(',')) text.remove_prefix(1);
  }
}

}  // namespace

Result<Gemspec> ParseGemspec(std::string_view content, std::string_view path) {
  Gemspec spec;
  std::string variable;
  bool have_name = false;
  size_t line_number = 0;
  size_t start = 0;
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = TrimSpace(content.substr(start, end - start));
    start = end + 1;
    ++line_number;
    if (line.starts_with('#')) continue;
    if (variable.empty()) {
      // Gem::Specification.new do |s|
      if (line.find("Gem::Specification.new") == std::string_view::npos) continue;
      size_t open = line.find('|');
      size_t close = open == std::string_view::npos ? open : line.find('|', open + 1);
      if (close == std::string_view::npos) continue;
      variable = std::string(TrimSpace(line.substr(open + 1, close - open - 1)));
      continue;
    }
    if (!line.starts_with(variable) || line.size() <= variable.size() ||
        line[variable.size()] != '.') {
      continue;
    }
    std::string_view rest = line.substr(variable.size() + 1);
    size_t equals = rest.find('=');
    if (equals == std::string_view::npos || equals + 1 >= rest.size() || rest[equals + 1] == '=') {
      continue;
    }
    std::string_view attribute = TrimSpace(rest.substr(0, equals));
    std::string_view value = rest.substr(equals + 1);
    auto warn = [&](std::string_view what) {
      spec.warnings.push_back(fmt::format("{}:{}: {}.{} is not {}: {}", path, line_number, variable,
                                          attribute, what, TrimSpace(value)));
    };
    if (attribute == "name") {
      std::string_view copy = value;
      auto name = ReadStringLiteral(copy);
      if (name && !name->empty()) {
        spec.name = std::move(*name);
        have_name = true;
      } else {
        warn("a string literal");
      }
    } else if (attribute == "version") {
      if (auto version = ReadVersion(value)) {
        spec.version = std::move(*version);
      } else {
        warn("a string literal");
      }
    } else if (attribute == "license" || attribute == "licenses") {
      if (auto licenses = ReadStringList(value)) {
        spec.licenses.insert(spec.licenses.end(), licenses->begin(), licenses->end());
      } else {
        warn("a list of string literals");
      }
    }
  }
  // `license` and `licenses` may both be set; the order is the file's.
  std::vector<std::string> unique;
  for (std::string& license : spec.licenses) {
    if (std::find(unique.begin(), unique.end(), license) == unique.end()) {
      unique.push_back(std::move(license));
    }
  }
  spec.licenses = std::move(unique);
  if (!have_name) {
    return Fail(ErrorCode::kInvalidInput, "{}: no `{}.name = \"...\"` assignment found", path,
                variable.empty() ? "s" : variable);
  }
  return spec;
}

}  // namespace scry::analyzer::lang::ruby
