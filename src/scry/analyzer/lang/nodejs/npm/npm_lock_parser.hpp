// npm's package-lock.json (and npm-shrinkwrap.json), lockfile versions 1, 2 and 3
// (https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json).
//
// v2 and v3: the "packages" map, keyed by install folder ("node_modules/a/node_modules/b"); the
// name is the key's last node_modules segment unless the entry names the real package (aliases
// "x": "npm:lodash@4" install lodash at node_modules/x). `link: true` entries point at a folder
// in the project: a workspace (relationship kWorkspace) when the root's "workspaces" globs match
// it, another local package otherwise. depends_on follows node's module resolution (the nearest
// node_modules folder up the tree). Direct dependencies are the root's dependencies,
// devDependencies, optionalDependencies and peerDependencies; the root itself is reported (kRoot)
// when it has a name and a version. Only `dev: true` marks dev: `devOptional` packages are also
// optional dependencies of production code and get installed with it.
//
// v1: the nested "dependencies" tree with "requires", resolved through the enclosing scopes.
// It does not say which packages are direct; `manifest` (the package.json next to the lockfile)
// does when given.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/analyzer/lang/nodejs/pkg/package_json_parser.hpp"
#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::lang::nodejs {

struct NpmLockfile {
  int lockfile_version = 0;
  // Sorted by id, one per name@version, purl type "npm".
  std::vector<model::Package> packages;
  // Entries skipped or fields of the wrong type, each naming the key.
  std::vector<std::string> warnings;
};

// kInvalidInput for malformed JSON or a document without a lockfile's shape; kUnsupported for
// an unknown lockfileVersion; kLimitExceeded for nesting deeper than the JSON depth limit. Pure.
Result<NpmLockfile> ParseNpmLockfile(std::string_view content,
                                     const PackageJson* manifest = nullptr);

}  // namespace scry::analyzer::lang::nodejs
