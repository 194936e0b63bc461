// Conan lockfiles (conan.lock), read as Trivy's conan parser reads them
// (pkg/dependency/parser/c/conan), in both formats Conan has written:
// - Conan 1.x, lockfile "version" 0.4 (https://docs.conan.io/1/versioning/lockfiles.html):
//   {"graph_lock": {"nodes": {"0": {"path": "conanfile.txt", "requires": ["1"]},
//   "1": {"ref": "openssl/3.0.5@user/channel#rrev", "requires": ["2"], "build_requires": ["3"]}}}}.
//   Node "0" is the consumer (conanfile.txt: no "ref"; conanfile.py: its own name/version, the
//   root package); "requires" and "build_requires" hold node ids.
// - Conan 2.x, lockfile "version" 0.5 (https://docs.conan.io/2/tutorial/versioning/lockfiles.html):
//   {"requires": ["zlib/1.2.13#rrev%timestamp"], "build_requires": [...], "python_requires":
//   [...]}: flat lists of references, no graph.
// References are "name/version[@user/channel][#revision[%timestamp]][:package_id[#prev]]".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/lockfile_analyzer.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::lang::c {

struct ConanReference {
  std::string name;
  std::string version;
  std::string user_channel;  // "user/channel", empty when absent or "_/_"
  std::string revision;      // recipe revision, without the timestamp
};

// nullopt unless `ref` has the "name/version..." form with a non-empty name and version.
std::optional<ConanReference> ParseConanReference(std::string_view ref);

// Packages (purl type "conan") in file order, duplicates (the same reference in the host and the
// build context) merged. Conan 1.x: relationship root for node "0" when it has a reference,
// direct for the nodes it requires or build-requires, indirect for the rest; depends_on follows
// both "requires" and "build_requires"; a package is dev when node "0" reaches it only through
// some "build_requires" edge. Conan 2.x: relationship unknown, "build_requires" and
// "python_requires" (recipe code used at build time) are dev. Unreadable nodes and references
// are skipped with a warning naming their key. kInvalidInput for malformed JSON, a non-object
// document or a "graph_lock" without a "nodes" object; kLimitExceeded for nesting deeper than
// limits::kMaxLockfileDepth.
Result<LockfilePackages> ParseConanLock(std::string_view content);

}  // namespace scry::analyzer::lang::c
