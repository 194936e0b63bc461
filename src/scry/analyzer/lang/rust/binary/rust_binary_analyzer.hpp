// Rust executables built with cargo-auditable (application type "rustbinary"; every scope).
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::rust {

void RegisterRustBinary(Registry& registry);

}  // namespace scry::analyzer::lang::rust
