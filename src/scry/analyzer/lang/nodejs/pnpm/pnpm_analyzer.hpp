// The pnpm analyzer: pnpm-lock.yaml outside node_modules becomes one application of type "pnpm"
// (lockfile scope).
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::nodejs {

void RegisterPnpm(Registry& registry);

}  // namespace scry::analyzer::lang::nodejs
