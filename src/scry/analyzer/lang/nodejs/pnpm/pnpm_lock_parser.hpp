// pnpm-lock.yaml (https://github.com/pnpm/spec/tree/master/lockfile), lockfile versions 5.x
// (keys "/name/1.0.0", peer suffixes "/a/1.0.0_b@2.0.0"), 6.x ("/name@1.0.0(peer@2.0.0)") and 9.x
// ("importers", "packages" keyed "name@1.0.0", "snapshots" keyed "name@1.0.0(peer@2.0.0)").
//
// Peer suffixes are stripped from versions, so the same package with several peer sets is one
// package. Direct dependencies are those of any importer (the root project and each workspace
// project; v5/v6 single projects list them at the top level). Dev: `dev: true` (v5, v6); in v9,
// packages that no importer's dependencies or optionalDependencies reach (when the lockfile has
// importers). Workspace links ("link:packages/a") are the project itself and not reported.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::lang::nodejs {

struct PnpmLockfile {
  std::string lockfile_version;  // as written: "5.4", "6.0", "9.0"
  // Sorted by id, one per name@version, purl type "npm".
  std::vector<model::Package> packages;
  std::vector<std::string> warnings;
};

// kInvalidInput for malformed YAML or a document without "lockfileVersion"; kUnsupported for a
// lockfileVersion below 5 or above 9. Pure.
Result<PnpmLockfile> ParsePnpmLock(std::string_view content);

}  // namespace scry::analyzer::lang::nodejs
