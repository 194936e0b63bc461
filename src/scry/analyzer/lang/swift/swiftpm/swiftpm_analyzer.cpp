#include "scry/analyzer/lang/swift/swiftpm/swiftpm_analyzer.hpp"

#include "scry/analyzer/lang/lockfile_analyzer.hpp"
#include "scry/analyzer/lang/swift/swiftpm/swiftpm_parser.hpp"

namespace scry::analyzer::lang::swift {

void RegisterSwiftPm(Registry& registry) {
  RegisterLockfile(registry,
                   {AnalyzerType::kSwift, 1, "Package.resolved", "swift", &ParsePackageResolved});
}

}  // namespace scry::analyzer::lang::swift
