// The OS analyzer: one release file in, its OsInfo out (os_release_parser.hpp says which files
// and how the applier combines several with CombineOs()).
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::os {

void RegisterOs(Registry& registry);

}  // namespace scry::analyzer::os
