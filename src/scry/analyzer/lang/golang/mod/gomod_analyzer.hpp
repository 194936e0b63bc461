// The go.mod analyzer (application type "gomod", lockfile scope): one application per go.mod,
// with the main module (root), its requirements after `replace`, and stdlib when a full Go
// release is named. Neighbours are read through AnalysisInput::siblings: vendor/modules.txt
// (authoritative for versions when present), go.sum (only for go directives before 1.17, whose
// go.mod lists no indirect requirements; only modules whose code is hashed) and the nearest go.work above, whose `use`d modules
// share one build list (the highest required version of each module wins, as in MVS).
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::golang {

void RegisterGoMod(Registry& registry);

}  // namespace scry::analyzer::lang::golang
