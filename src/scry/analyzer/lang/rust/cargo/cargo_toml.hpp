// toml++ at the boundary of the Cargo parsers: parse errors (toml++ reports them by throwing)
// become Results, and typed field reads turn a wrong type into a warning naming file and key.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/analyzer/lang/toml_limits.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::lang::rust {

// kInvalidInput naming `path`, the line and toml++'s reason for malformed TOML;
// kLimitExceeded for nesting deeper than limits::kMaxTomlDepth (CheckTomlDepth).
Result<toml::table> ParseToml(std::string_view content, std::string_view path);

using lang::TomlTypeName;

// table[key] as a string; nullopt when absent, or when of another type, which also appends a
// warning "<path>: <where>: "<key>" is an integer, not a string".
std::optional<std::string> TomlString(const toml::table& table, std::string_view key,
                                      std::string_view where, std::vector<std::string>& warnings,
                                      std::string_view path);

}  // namespace scry::analyzer::lang::rust
