// poetry.lock (https://python-poetry.org/docs/basic-usage/#installing-with-poetrylock; the
// format is poetry's own, lock-version 1.x, 2.0 and 2.1): [[package]] tables with name, version,
// v1's `category = "main" | "dev"`, 2.1's `groups = [...]`, [package.dependencies] (name ->
// constraint string or table) and [package.source] for git/path/url packages. pyproject.toml
// says which packages are direct: [tool.poetry.dependencies], [tool.poetry.dev-dependencies],
// [tool.poetry.group.<g>.dependencies], PEP 621 [project] dependencies and optional-dependencies,
// PEP 735 [dependency-groups].
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scry/analyzer/lang/python/python_common.hpp"

namespace scry::analyzer::lang::python {

// The direct dependencies a pyproject.toml declares, as normalised names: `main` for the
// installed project (poetry main group, [project] dependencies and extras), `dev` for every
// other group.
struct PyprojectDependencies {
  std::set<std::string> main;
  std::set<std::string> dev;
  std::vector<std::string> warnings;
};

// kInvalidInput for malformed TOML; kLimitExceeded for nesting past limits::kMaxTomlDepth.
Result<PyprojectDependencies> ParsePyprojectDependencies(std::string_view content);

// Packages in file order with depends_on resolved by name. dev: v1 `category = "dev"`, 2.1
// groups without "main", else (2.0 records no groups) with `pyproject`: reachable only from dev
// groups' direct dependencies. relationship: with `pyproject` kDirect for declared packages and
// kIndirect for the rest, else kUnknown. Packages of the wrong type (a version that is not a
// string...) are skipped with a warning naming the package and key. kInvalidInput for malformed
// TOML; kLimitExceeded for nesting past limits::kMaxTomlDepth.
Result<PythonLockfile> ParsePoetryLock(std::string_view content,
                                       const PyprojectDependencies* pyproject = nullptr);

}  // namespace scry::analyzer::lang::python
