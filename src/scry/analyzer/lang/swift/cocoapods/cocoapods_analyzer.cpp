#include "scry/analyzer/lang/swift/cocoapods/cocoapods_analyzer.hpp"

#include "scry/analyzer/lang/lockfile_analyzer.hpp"
#include "scry/analyzer/lang/swift/cocoapods/cocoapods_parser.hpp"

namespace scry::analyzer::lang::swift {

void RegisterCocoapods(Registry& registry) {
  RegisterLockfile(registry,
                   {AnalyzerType::kCocoapods, 1, "Podfile.lock", "cocoapods", &ParsePodfileLock});
}

}  // namespace scry::analyzer::lang::swift
