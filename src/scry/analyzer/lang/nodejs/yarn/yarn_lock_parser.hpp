// yarn.lock, both formats:
// - classic (yarn 1, "# yarn lockfile v1"): yarn's own indented format, entries headed by their
//   comma-separated patterns (`"a@^1", a@~1.2:`), fields `version "x"`, `resolved`, and
//   `dependencies:` / `optionalDependencies:` blocks
//   (https://classic.yarnpkg.com/lang/en/docs/yarn-lock/);
// - berry (yarn 2+): YAML with a `__metadata` entry, keys such as "a@npm:^1.0.0", and
//   `resolution`, `dependencies`, `languageName`, `linkType` fields
//   (https://yarnpkg.com/configuration/yarnrc, the lockfile is undocumented: read as yarn writes
//   it).
//
// Aliases ("x@npm:lodash@4.17.20") are reported under the real package name. Workspace entries
// (`@workspace:`) are the project itself, patch entries (`@patch:`) repeat the package they patch,
// and link/portal entries are local folders: none of them is reported. depends_on is resolved
// through the patterns. Which packages are direct or dev-only is not in the lockfile: see
// MarkFromManifest.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/analyzer/lang/nodejs/pkg/package_json_parser.hpp"
#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::lang::nodejs {

struct YarnLockfile {
  bool berry = false;
  // Sorted by id, one per name@version, purl type "npm"; relationship kUnknown.
  std::vector<model::Package> packages;
  // For each package, the patterns that resolve to it ("lodash@^4.17.0", "ms@npm:^2.1.3").
  std::vector<std::vector<std::string>> patterns;
  // Berry: the dependencies (name, range) of the workspace entries, the root's ("name@workspace:.")
  // apart. Without a package.json they still tell direct from indirect packages.
  std::vector<std::pair<std::string, std::string>> root_dependencies;
  std::vector<std::pair<std::string, std::string>> workspace_dependencies;
  std::vector<std::string> warnings;
};

// kInvalidInput (naming the line) for text that is neither format. Berry lockfiles with workspace
// entries get relationships from them (their dependencies are direct). Pure.
Result<YarnLockfile> ParseYarnLock(std::string_view content);

// Marks the packages from the project's package.json, as Trivy does: the targets of its
// dependencies, optionalDependencies and devDependencies are direct, and packages reachable only
// from devDependencies are dev. Dependencies of berry's other workspaces count as production.
// Packages reachable from none stay kIndirect (a stale lockfile entry is still on disk after an
// install). Pure.
void MarkFromManifest(YarnLockfile& lockfile, const PackageJson& manifest);

}  // namespace scry::analyzer::lang::nodejs
