// Python analyzers: lockfiles (scope kLockfile: requirements.txt, Pipfile.lock, poetry.lock,
// uv.lock, pylock.toml) and installed distributions (scope kInstalled: dist-info METADATA,
// egg-info PKG-INFO). Application types are Trivy's: pip, pipenv, poetry, uv, pylock, python-pkg.
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::python {

void RegisterPip(Registry& registry);
void RegisterPipenv(Registry& registry);
void RegisterPoetry(Registry& registry);
void RegisterUv(Registry& registry);
void RegisterPylock(Registry& registry);
void RegisterPythonPackaging(Registry& registry);

}  // namespace scry::analyzer::lang::python
