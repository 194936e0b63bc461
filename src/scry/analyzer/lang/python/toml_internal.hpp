// toml++ at the boundary of the Python TOML parsers (poetry.lock, pyproject.toml, uv.lock,
// pylock.toml): parse errors become Results, nesting is bounded before parsing, and wrong types
// become warnings naming the key. Never included outside analyzer/lang/python.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/analyzer/lang/toml_limits.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::lang::python {

using lang::TomlTypeName;

// Parses `content` as TOML 1.0. kLimitExceeded when brackets nest, or a dotted key has parts,
// deeper than limits::kMaxTomlDepth (CheckTomlDepth); kInvalidInput with
// toml++'s message and position for malformed TOML. `what` names the document in errors.
Result<toml::table> ParseToml(std::string_view content, std::string_view what);

// Typed reads that record a warning ("<where>: key 'k' is an integer, expected a string") when
// the key is present with another type, and give nullopt/null when it is missing or mistyped.
std::optional<std::string> TomlString(const toml::table& table, std::string_view key,
                                      std::string_view where, std::vector<std::string>& warnings);
const toml::table* TomlTable(const toml::table& table, std::string_view key, std::string_view where,
                             std::vector<std::string>& warnings);
const toml::array* TomlArray(const toml::table& table, std::string_view key, std::string_view where,
                             std::vector<std::string>& warnings);

}  // namespace scry::analyzer::lang::python
