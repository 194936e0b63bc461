#include "scry/analyzer/lang/rust/cargo/cargo_toml.hpp"

#include <fmt/format.h>

#include <exception>

namespace scry::analyzer::lang::rust {

Result<toml::table> ParseToml(std::string_view content, std::string_view path) {
  SCRY_CHECK(CheckTomlDepth(content, path));
  try {
    return toml::parse(content, path);
  } catch (const toml::parse_error& error) {
    return Fail(ErrorCode::kInvalidInput, "{}: invalid TOML at line {}: {}", path,
                error.source().begin.line, error.description());
  } catch (const std::exception& error) {
    return Fail(ErrorCode::kInvalidInput, "{}: cannot read TOML: {}", path, error.what());
  }
}

std::optional<std::string> TomlString(const toml::table& table, std::string_view key,
                                      std::string_view where, std::vector<std::string>& warnings,
                                      std::string_view path) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (auto value = node->value<std::string>(); value && node->is_string()) return value;
  warnings.push_back(
      fmt::format("{}: {}: \"{}\" is {}, not a string", path, where, key, TomlTypeName(*node)));
  return std::nullopt;
}

}  // namespace scry::analyzer::lang::rust
