// Gemfile.lock files (scope kLockfile; application type "bundler").
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::ruby {

void RegisterBundler(Registry& registry);

}  // namespace scry::analyzer::lang::ruby
