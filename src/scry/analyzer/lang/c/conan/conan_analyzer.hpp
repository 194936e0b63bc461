// The conan.lock analyzer (application type "conan"; conan_parser.hpp).
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::c {

void RegisterConanLock(Registry& registry);

}  // namespace scry::analyzer::lang::c
