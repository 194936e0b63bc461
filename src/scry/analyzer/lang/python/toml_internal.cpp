#include "scry/analyzer/lang/python/toml_internal.hpp"

#include <fmt/format.h>

#include "scry/analyzer/lang/toml_limits.hpp"

namespace scry::analyzer::lang::python {

Result<toml::table> ParseToml(std::string_view content, std::string_view what) {
  if (content.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "{} holds a NUL byte: not TOML", what);
  }
  SCRY_CHECK(CheckTomlDepth(content, what));
  try {
    return toml::parse(content);
  } catch (const toml::parse_error& error) {
    return Fail(ErrorCode::kInvalidInput, "{} is not valid TOML: {} (line {}, column {})", what,
                error.description(), error.source().begin.line, error.source().begin.column);
  } catch (const std::exception& error) {
    return Fail(ErrorCode::kInvalidInput, "{} could not be read as TOML: {}", what, error.what());
  }
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
