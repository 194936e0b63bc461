// uv.lock in source trees (scope kLockfile; application type "uv").
#include "scry/analyzer/lang/python/lockfile_analyzer_internal.hpp"
#include "scry/analyzer/lang/python/python_analyzers.hpp"
#include "scry/analyzer/lang/python/uv/uv_lock_parser.hpp"

namespace scry::analyzer::lang::python {

void RegisterUv(Registry& registry) {
  registry.Add(AnalyzerType::kUv, [](const AnalyzerOptions&) {
    return MakeLockfileAnalyzer(
        AnalyzerType::kUv, 1, [](std::string_view base) { return base == "uv.lock"; }, "uv",
        [](std::string_view content, const AnalysisInput&) { return ParseUvLock(content); });
  });
}

}  // namespace scry::analyzer::lang::python
