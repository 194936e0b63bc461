// One Analyzer class for the Python lockfiles that are recognised by file name and read in one
// piece (Pipfile.lock, poetry.lock, uv.lock, pylock.toml). Never included outside
// analyzer/lang/python.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "scry/analyzer/lang/python/python_common.hpp"

namespace scry::analyzer::lang::python {

// Parses a lockfile's text; `input` gives the path and siblings (pyproject.toml).
using LockfileParse =
    std::function<Result<PythonLockfile>(std::string_view content, const AnalysisInput& input)>;

// An analyzer of scope kLockfile for regular files whose base name satisfies `matches`, making
// one Application of `app_type` (none when the file lists no package).
std::unique_ptr<Analyzer> MakeLockfileAnalyzer(AnalyzerType type, int version,
                                               bool (*matches)(std::string_view base_name),
                                               std::string_view app_type, LockfileParse parse);

// The last path element ("a/b/poetry.lock" -> "poetry.lock").
std::string_view BaseName(std::string_view path);

}  // namespace scry::analyzer::lang::python
