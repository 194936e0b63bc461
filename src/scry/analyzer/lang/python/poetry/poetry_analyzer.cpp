// poetry.lock in source trees (scope kLockfile; application type "poetry"), with the
// pyproject.toml next to it when the target offers siblings.
#include <fmt/format.h>

#include "scry/analyzer/lang/python/lockfile_analyzer_internal.hpp"
#include "scry/analyzer/lang/python/poetry/poetry_lock_parser.hpp"
#include "scry/analyzer/lang/python/python_analyzers.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::python {
namespace {

Result<PythonLockfile> ParseWithPyproject(std::string_view content, const AnalysisInput& input) {
  std::optional<PyprojectDependencies> pyproject;
  std::vector<std::string> warnings;
  if (input.siblings != nullptr) {
    std::string_view path = input.file.path;
    std::string dir(path.substr(0, path.size() - BaseName(path).size()));
    std::string manifest = dir + "pyproject.toml";
    auto source = (*input.siblings)(manifest);
    if (source && (*source)->bytes().size() <= limits::kMaxLockfileSize) {
      auto parsed = ParsePyprojectDependencies(AsChars((*source)->bytes()));
      if (parsed && parsed->main.empty() && parsed->dev.empty()) {
        // A pyproject.toml that declares nothing (another build tool's) says nothing about
        // which packages are direct.
        for (std::string& warning : parsed->warnings) {
          warnings.push_back(fmt::format("{}: {}", manifest, warning));
        }
      } else if (parsed) {
        pyproject = std::move(*parsed);
        for (std::string& warning : pyproject->warnings) {
          warnings.push_back(fmt::format("{}: {}", manifest, warning));
        }
      } else {
        warnings.push_back(fmt::format("{} ignored: {}", manifest, parsed.error().ToString()));
      }
    } else if (source) {
      warnings.push_back(
          fmt::format("{} ignored: larger than {} MiB", manifest, limits::kMaxLockfileSize >> 20));
    }
  }
  SCRY_TRY(PythonLockfile lockfile, ParsePoetryLock(content, pyproject ? &*pyproject : nullptr));
  lockfile.warnings.insert(lockfile.warnings.end(), warnings.begin(), warnings.end());
  return lockfile;
}

}  // namespace

void RegisterPoetry(Registry& registry) {
  registry.Add(AnalyzerType::kPoetry, [](const AnalyzerOptions&) {
    return MakeLockfileAnalyzer(
        AnalyzerType::kPoetry, 1, [](std::string_view base) { return base == "poetry.lock"; },
        "poetry", ParseWithPyproject);
  });
}

}  // namespace scry::analyzer::lang::python
