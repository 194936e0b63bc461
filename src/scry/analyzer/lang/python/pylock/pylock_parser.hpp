// pylock.toml, PEP 751 (https://packaging.python.org/en/latest/specifications/pylock-toml/),
// lock-version 1.x: [[packages]] with name, version (absent for VCS and directory packages),
// marker, and dependencies (tables naming other [[packages]] entries by name, and version when
// several versions are locked); top-level default-groups.
#pragma once

#include <string_view>

#include "scry/analyzer/lang/python/python_common.hpp"

namespace scry::analyzer::lang::python {

// Packages in file order with depends_on resolved. Markers go to evidence "Marker"; a package
// whose marker is only `'<group>' in dependency_groups` for a group outside default-groups is
// dev. Packages without a version keep it empty with evidence "Source" (vcs, directory, archive).
// kUnsupported for a lock-version whose major is not 1 (PEP 751 requires refusing it);
// kInvalidInput for malformed TOML; kLimitExceeded for nesting past limits::kMaxTomlDepth.
Result<PythonLockfile> ParsePylock(std::string_view content);

}  // namespace scry::analyzer::lang::python
