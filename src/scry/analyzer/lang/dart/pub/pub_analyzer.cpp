#include "scry/analyzer/lang/dart/pub/pub_analyzer.hpp"

#include "scry/analyzer/lang/dart/pub/pub_parser.hpp"
#include "scry/analyzer/lang/lockfile_analyzer.hpp"

namespace scry::analyzer::lang::dart {

void RegisterPubspecLock(Registry& registry) {
  RegisterLockfile(registry,
                   {AnalyzerType::kPubspecLock, 1, "pubspec.lock", "pub", &ParsePubspecLock});
}

}  // namespace scry::analyzer::lang::dart
