// Cargo.lock files (scope kLockfile; application type "cargo"), with the Cargo.toml manifests
// next to them when the target offers siblings: they name the root package and the
// dev-dependencies.
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::rust {

void RegisterCargo(Registry& registry);

}  // namespace scry::analyzer::lang::rust
