// uv.lock (https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile; uv's own format,
// `version = 1`): [[package]] tables with name, version, source ({registry}, {git}, {path},
// {directory}, {editable}, {virtual}, {url}), dependencies (arrays of {name, version?, extra?,
// marker?}), [package.optional-dependencies] and [package.dev-dependencies] (extra/group ->
// such arrays), and [manifest] members for workspaces.
#pragma once

#include <string_view>

#include "scry/analyzer/lang/python/python_common.hpp"

namespace scry::analyzer::lang::python {

// Packages in file order. The project itself (source editable or virtual ".") is kRoot, other
// workspace members ([manifest] members) kWorkspace; packages that the root or a member depends
// on directly (dependencies, extras or dev groups) kDirect, the rest kIndirect. dev: reachable
// only through dev-dependencies. A virtual root without a version keeps an empty version. Wrong
// types are skipped with a warning naming the package and key. kInvalidInput for malformed TOML,
// kUnsupported for a lockfile version other than 1, kLimitExceeded for nesting past
// limits::kMaxTomlDepth.
Result<PythonLockfile> ParseUvLock(std::string_view content);

}  // namespace scry::analyzer::lang::python
