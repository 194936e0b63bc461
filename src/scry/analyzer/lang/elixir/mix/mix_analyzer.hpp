// The mix.lock analyzer (application type "hex"; mix_parser.hpp).
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::elixir {

void RegisterMixLock(Registry& registry);

}  // namespace scry::analyzer::lang::elixir
