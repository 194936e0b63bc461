// Cargo's lockfile, Cargo.lock, in all of its formats (v1: `[[package]]` plus checksums in
// `[metadata]`, dependencies always "name version (source)"; v2/v3: checksums in the packages and
// dependencies shortened to "name" or "name version" where unambiguous; v4: `version = 4`, the same
// package fields), and the few parts of Cargo.toml manifests that tell which dependencies are for
// development only. References:
// https://doc.rust-lang.org/cargo/guide/cargo-toml-vs-cargo-lock.html, cargo's
// src/cargo/core/resolver/encode.rs (EncodableResolve), and Trivy's parser
// (pkg/dependency/parser/rust/cargo) and analyzer (pkg/fanal/analyzer/language/rust/cargo).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::lang::rust {

struct CargoLock {
  // In file order, one per name@version (a repeated one keeps its first entry, as Trivy does),
  // with id and purl set (purl type "cargo"). depends_on holds the sorted ids of the packages the
  // dependency strings name; evidence "Source" and "Checksum" when the lockfile records them.
  std::vector<model::Package> packages;
  // local[i]: packages[i] has no `source`, so it is a workspace member or a path dependency.
  std::vector<bool> local;
  // Entries and dependency strings that were skipped, each naming `path` and the key.
  std::vector<std::string> warnings;
};

// Parses a Cargo.lock; `path` names it in messages. Relationships are left unknown
// (ResolveCargoRelationships sets them). Fails with kInvalidInput on malformed TOML or when
// `package` is not an array of tables.
Result<CargoLock> ParseCargoLock(std::string_view content, std::string_view path);

// What one Cargo.toml says that the lockfile does not.
struct CargoManifest {
  std::string name;                  // [package] name; empty for a virtual workspace manifest
  std::vector<std::string> members;  // [workspace] members as written (may hold globs)
  // Package names (the `package = "..."` of renamed dependencies) of [dependencies] and
  // [build-dependencies], and of [dev-dependencies], including target.'cfg(..)'. tables.
  std::set<std::string> normal_dependencies;
  std::set<std::string> dev_dependencies;
  std::vector<std::string> warnings;
};

// Parses a Cargo.toml; `path` names it in messages. Fails with kInvalidInput on malformed TOML.
Result<CargoManifest> ParseCargoManifest(std::string_view content, std::string_view path);

// Sets relationship and dev of lock.packages. Local packages are kRoot (the one named
// `root_name`; when the root manifest is unknown (nullopt), the only local package) or kWorkspace
// (all of them under a virtual manifest, whose root_name is ""); packages that a
// local package depends on are kDirect, the others kIndirect. `manifests` maps local package
// names to their manifests: a package reached from the local packages only through
// dev-dependency edges is dev; without manifests nothing is.
void ResolveCargoRelationships(CargoLock& lock,
                               const std::map<std::string, CargoManifest>& manifests,
                               std::optional<std::string> root_name);

}  // namespace scry::analyzer::lang::rust
