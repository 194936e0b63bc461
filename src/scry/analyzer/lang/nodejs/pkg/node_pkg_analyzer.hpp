// The installed Node.js package analyzer: node_modules/<name>/package.json and
// node_modules/@scope/<name>/package.json (installed-package scope: image and rootfs scans)
// become one application of type "node-pkg" each, holding the package with its licenses.
// package.json files elsewhere (projects, test fixtures inside packages) and those without a
// name or a version are not packages and are skipped.
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::nodejs {

void RegisterNodePkg(Registry& registry);

}  // namespace scry::analyzer::lang::nodejs
