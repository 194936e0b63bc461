// The Go binary analyzer: every regular file is a candidate (by magic bytes, not mode bits).
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::golang {

void RegisterGoBinary(Registry& registry);

}  // namespace scry::analyzer::lang::golang
