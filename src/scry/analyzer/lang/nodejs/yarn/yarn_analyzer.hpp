// The yarn analyzer: yarn.lock outside node_modules becomes one application of type "yarn"
// (lockfile scope). The package.json next to it, when the target offers siblings, marks direct
// and dev-only packages (yarn_lock_parser.hpp MarkFromManifest).
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::nodejs {

void RegisterYarn(Registry& registry);

}  // namespace scry::analyzer::lang::nodejs
