// What the Node.js lockfile analyzers (npm, yarn, pnpm) share: reading a lockfile within the size
// limit, reading the package.json next to it, and merging the entries a lockfile lists more than
// once (the same name@version at several node_modules paths or with several peer sets).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/analyzer/analyzer.hpp"
#include "scry/analyzer/lang/nodejs/pkg/package_json_parser.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::lang::nodejs {

// The folder part of a target path ("a/b/yarn.lock" -> "a/b", "yarn.lock" -> "").
std::string_view DirName(std::string_view path);

// Reads the lockfile of `input`, refusing files over limits::kMaxNodeLockfileSize with
// kLimitExceeded naming the file.
Result<std::shared_ptr<const ByteSource>> ReadLockfile(const AnalysisInput& input);

// The package.json in the lockfile's folder, when the target offers siblings and has one. A
// package.json that cannot be read or parsed adds a warning and gives nullopt.
std::optional<PackageJson> ReadSiblingManifest(const AnalysisInput& input,
                                               std::vector<std::string>& warnings);

// Sorts packages by id and merges those with the same id: depends_on is the union, dev holds only
// when every copy is dev, and the closest relationship wins (root, workspace, direct, indirect).
// depends_on lists are sorted and deduplicated, and references to ids not in the list dropped.
std::vector<model::Package> MergePackages(std::vector<model::Package> packages);

// The id model::SetIdentity gives a package (name@version, or name when the version is empty),
// without making its purl.
std::string PackageId(std::string_view name, std::string_view version);

// The real package of an npm alias range ("npm:lodash@^4" -> "lodash", "npm:@s/a@1" -> "@s/a");
// empty when `range` is not an alias.
std::string AliasTarget(std::string_view range);

}  // namespace scry::analyzer::lang::nodejs
