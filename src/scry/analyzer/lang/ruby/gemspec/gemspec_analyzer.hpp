// Installed gems: specifications/*.gemspec (scope kInstalled; application type "gemspec", one
// per file, whose one package has file_path set to the gemspec).
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::ruby {

void RegisterGemspec(Registry& registry);

}  // namespace scry::analyzer::lang::ruby
