// pylock.toml and pylock.<name>.toml in source trees (scope kLockfile; application type
// "pylock").
#include "scry/analyzer/lang/python/lockfile_analyzer_internal.hpp"
#include "scry/analyzer/lang/python/pylock/pylock_parser.hpp"
#include "scry/analyzer/lang/python/python_analyzers.hpp"

namespace scry::analyzer::lang::python {

void RegisterPylock(Registry& registry) {
  registry.Add(AnalyzerType::kPylock, [](const AnalyzerOptions&) {
    return MakeLockfileAnalyzer(
        AnalyzerType::kPylock, 1,
        [](std::string_view base) {
          // PEP 751: pylock.toml, or pylock.<name>.toml with a name without dots.
          if (base == "pylock.toml") return true;
          if (!base.starts_with("pylock.") || !base.ends_with(".toml")) return false;
          std::string_view middle = base.substr(7, base.size() - 12);
          return base.size() > 12 && middle.find('.') == std::string_view::npos;
        },
        "pylock",
        [](std::string_view content, const AnalysisInput&) { return ParsePylock(content); });
  });
}

}  // namespace scry::analyzer::lang::python
