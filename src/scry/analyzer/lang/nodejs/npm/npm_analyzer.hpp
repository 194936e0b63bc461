// The npm analyzer: package-lock.json and npm-shrinkwrap.json outside node_modules become one
// application of type "npm" (lockfile scope: fs and repo scans). The package.json next to a v1
// lockfile tells which packages are direct.
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::nodejs {

void RegisterNpm(Registry& registry);

}  // namespace scry::analyzer::lang::nodejs
