// Pipfile.lock in source trees (scope kLockfile; application type "pipenv").
#include "scry/analyzer/lang/python/lockfile_analyzer_internal.hpp"
#include "scry/analyzer/lang/python/pipenv/pipfile_lock_parser.hpp"
#include "scry/analyzer/lang/python/python_analyzers.hpp"

namespace scry::analyzer::lang::python {

void RegisterPipenv(Registry& registry) {
  registry.Add(AnalyzerType::kPipenv, [](const AnalyzerOptions&) {
    return MakeLockfileAnalyzer(
        AnalyzerType::kPipenv, 1, [](std::string_view base) { return base == "Pipfile.lock"; },
        "pipenv",
        [](std::string_view content, const AnalysisInput&) { return ParsePipfileLock(content); });
  });
}

}  // namespace scry::analyzer::lang::python
