#include "scry/analyzer/lang/c/conan/conan_analyzer.hpp"

#include "scry/analyzer/lang/c/conan/conan_parser.hpp"
#include "scry/analyzer/lang/lockfile_analyzer.hpp"

namespace scry::analyzer::lang::c {

void RegisterConanLock(Registry& registry) {
  RegisterLockfile(registry, {AnalyzerType::kConanLock, 1, "conan.lock", "conan", &ParseConanLock});
}

}  // namespace scry::analyzer::lang::c
