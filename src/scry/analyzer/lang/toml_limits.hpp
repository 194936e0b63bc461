// What every TOML lockfile parser (Cargo, poetry, uv, pylock) checks around toml++: nesting is
// bounded before parsing, because toml++ frees nested tables recursively (a Cargo.lock whose
// table header has 200,000 dotted parts overflowed the stack), and node types are named alike in
// warnings.
#pragma once

#include <toml++/toml.h>

#include <string_view>

#include "scry/base/error.hpp"

namespace scry::analyzer::lang {

// kLimitExceeded ("<what> nests deeper than N levels") when brackets nest, or a dotted key has
// parts, deeper than limits::kMaxTomlDepth; Ok otherwise, also for malformed TOML (toml++ reports
// that). Strings and comments are skipped.
Status CheckTomlDepth(std::string_view text, std::string_view what);

// "a string", "an integer", "a table", ... for warnings.
std::string_view TomlTypeName(const toml::node& node);

}  // namespace scry::analyzer::lang
