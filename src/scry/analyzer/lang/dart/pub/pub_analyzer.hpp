// The pubspec.lock analyzer (application type "pub"; pub_parser.hpp).
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::dart {

void RegisterPubspecLock(Registry& registry);

}  // namespace scry::analyzer::lang::dart
