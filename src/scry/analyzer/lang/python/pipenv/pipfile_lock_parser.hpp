// Pipfile.lock, written by pipenv (https://pipenv.pypa.io/en/latest/pipfile.html, lock format
// "_meta.pipfile-spec" 6): a JSON object whose "default" and "develop" sections map package
// names to {"version": "==1.2.3", "hashes": [...], "markers": "...", "index": "pypi"}; git,
// path and file packages carry "git"/"path"/"file" instead of a version.
#pragma once

#include <string_view>

#include "scry/analyzer/lang/python/python_common.hpp"

namespace scry::analyzer::lang::python {

// Packages of "default", then those only in "develop" (dev = true), each in file order. The
// version is the "==" pin without its operator; packages without one (VCS, path, file) keep an
// empty version and evidence "Source" saying where they come from. Markers go to evidence
// "Marker". Entries of the wrong type are skipped with a warning naming the section and key.
// kInvalidInput for malformed JSON or a top level that is not an object; kLimitExceeded for
// JSON nested deeper than 256 levels.
Result<PythonLockfile> ParsePipfileLock(std::string_view content);

}  // namespace scry::analyzer::lang::python
