// The Package.resolved analyzer (application type "swift"; swiftpm_parser.hpp).
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::swift {

void RegisterSwiftPm(Registry& registry);

}  // namespace scry::analyzer::lang::swift
