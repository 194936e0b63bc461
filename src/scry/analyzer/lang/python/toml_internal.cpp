#include "scry/analyzer/lang/python/toml_internal.hpp"

#include <fmt/format.h>

#include <sstream>

#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::python {
namespace {

// Depth as toml++ will build it: open '[' and '{' plus the dots of the key being read, outside
// strings and comments. Floats ("1.5") count one dot, which is harmless.
Status CheckDepth(std::string_view text, std::string_view what) {
  int brackets = 0;
  int dots = 0;
  size_t i = 0;
  auto too_deep = [&] {
    return Fail(ErrorCode::kLimitExceeded, "{} nests deeper than {} levels", what,
                limits::kMaxTomlDepth);
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '"' || c == '\'') {
      bool multi = text.substr(i, 3) == std::string_view(c == '"' ? "\"\"\"" : "'''");
      size_t j = i + (multi ? 3 : 1);
      while (j < text.size()) {
        if (c == '"' && text[j] == '\\') {
          j += 2;
          continue;
        }
        if (text[j] == c && (!multi || text.substr(j, 3) == text.substr(i, 3))) break;
        if (!multi && text[j] == '\n') break;
        ++j;
      }
      i = j + (multi ? 3 : 1);
      continue;
    }
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (c == '[' || c == '{') {
      if (++brackets > limits::kMaxTomlDepth) return too_deep();
      dots = 0;
    } else if (c == ']' || c == '}') {
      if (brackets > 0) --brackets;
      dots = 0;
    } else if (c == '.') {
      if (++dots > limits::kMaxTomlDepth) return too_deep();
    } else if (c == '=' || c == ',' || c == '\n') {
      dots = 0;
    }
    ++i;
  }
  return Ok();
}

}  // namespace

Result<toml::table> ParseToml(std::string_view content, std::string_view what) {
  if (content.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "{} holds a NUL byte: not TOML", what);
  }
  SCRY_CHECK(CheckDepth(content, what));
  try {
    return toml::parse(content);
  } catch (const toml::parse_error& error) {
    return Fail(ErrorCode::kInvalidInput, "{} is not valid TOML: {} (line {}, column {})", what,
                error.description(), error.source().begin.line, error.source().begin.column);
  } catch (const std::exception& error) {
    return Fail(ErrorCode::kInvalidInput, "{} could not be read as TOML: {}", what, error.what());
  }
}

std::string_view TomlTypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date/time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

namespace {
void WrongType(const toml::node& node, std::string_view key, std::string_view expected,
               std::string_view where, std::vector<std::string>& warnings) {
  warnings.push_back(
      fmt::format("{}: key '{}' is {}, expected {}", where, key, TomlTypeName(node), expected));
}
}  // namespace

std::optional<std::string> TomlString(const toml::table& table, std::string_view key,
                                      std::string_view where, std::vector<std::string>& warnings) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* value = node->as_string()) return value->get();
  WrongType(*node, key, "a string", where, warnings);
  return std::nullopt;
}

const toml::table* TomlTable(const toml::table& table, std::string_view key, std::string_view where,
                             std::vector<std::string>& warnings) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return nullptr;
  if (const auto* value = node->as_table()) return value;
  WrongType(*node, key, "a table", where, warnings);
  return nullptr;
}

const toml::array* TomlArray(const toml::table& table, std::string_view key, std::string_view where,
                             std::vector<std::string>& warnings) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return nullptr;
  if (const auto* value = node->as_array()) return value;
  WrongType(*node, key, "an array", where, warnings);
  return nullptr;
}

}  // namespace scry::analyzer::lang::python
