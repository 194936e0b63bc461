// pip requirements files (requirements.txt), as pip's own reader defines them
// (https://pip.pypa.io/en/stable/reference/requirements-file-format/): one PEP 508 requirement
// per line, `\` line continuations, `#` comments at line start or after whitespace, per-line
// options (--hash), environment markers after ';', and the file options -r/--requirement and
// -c/--constraint that include other files relative to the including one.
//
// Like Trivy (pkg/dependency/parser/python/pip), only exact pins give packages: `name==1.0` and
// `name===1.0` (PEP 440 local versions such as 1.0+local are kept as written). A requirement
// without one (`name>=1.0`, `name`) names no installed version, so it is skipped and listed in
// one warning, unless a constraints file (-c) pins it exactly. Editable installs (-e), URLs,
// paths and `name @ url` direct references are skipped as Trivy skips them.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/python/python_common.hpp"

namespace scry::analyzer::lang::python {

// Reads an included file by its path in the target (FileInfo::path form); errors are reported
// as warnings and the include is skipped.
using RequirementsReader = std::function<Result<std::string>(std::string_view path)>;

// Parses the requirements file at `path` (used to resolve includes and in evidence). With
// `read`, -r and -c files are followed (each file once; depth and count bounded by
// limits::kMaxRequirementsIncludeDepth and kMaxRequirementsFiles); without it they are listed in
// a warning. Packages carry evidence "Marker", "Extras", "Hashes" and, when the pin stands in
// an included file, "File"; "Constraint" when the version comes from a -c file. The first pin of
// a name wins. Fails only on binary content (a NUL byte in the top file).
Result<PythonLockfile> ParseRequirements(std::string_view content, std::string_view path,
                                         const RequirementsReader* read = nullptr);

}  // namespace scry::analyzer::lang::python
