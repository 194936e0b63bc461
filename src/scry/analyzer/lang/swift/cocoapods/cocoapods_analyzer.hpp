// The Podfile.lock analyzer (application type "cocoapods"; cocoapods_parser.hpp). CocoaPods has
// no OSV ecosystem: its packages are listed, never matched.
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::swift {

void RegisterCocoapods(Registry& registry);

}  // namespace scry::analyzer::lang::swift
