// Swift Package Manager lockfiles (Package.resolved), as SwiftPM's PinsStore writes them
// (https://github.com/swiftlang/swift-package-manager/blob/main/Sources/PackageGraph/PinsStore.swift
// and its ResolvedPackagesStore successor):
// - version 1: {"object": {"pins": [{"package": "Alamofire", "repositoryURL":
//   "https://github.com/Alamofire/Alamofire.git", "state": {"branch": null, "revision": "...",
//   "version": "5.4.3"}}]}, "version": 1}
// - version 2 and 3 (3 adds "originHash"): {"pins": [{"identity": "swift-nio", "kind":
//   "remoteSourceControl", "location": "https://github.com/apple/swift-nio.git", "state":
//   {"revision": "...", "version": "2.40.0"}}], "version": 2}; kind may also be
//   "localSourceControl" (location is a path) or "registry" (identity is "scope.name").
// Read as Trivy's swift parser reads it (pkg/dependency/parser/swift/swift).
#pragma once

#include <string>
#include <string_view>

#include "scry/analyzer/lang/lockfile_analyzer.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::lang::swift {

// The package name Trivy and OSV's SwiftURL ecosystem use for a repository location: the URL
// without its scheme, user info, trailing '/' and ".git" ("https://github.com/apple/swift-nio.git"
// -> "github.com/apple/swift-nio"; "git@github.com:apple/swift-nio.git" ->
// "github.com/apple/swift-nio").
std::string SwiftPackageName(std::string_view location);

// Packages (purl type "swift") sorted by name. A pin resolved to a branch or a bare revision has
// no version: it is listed with an empty version and the branch and revision as evidence.
// Registry pins are named by their identity. Package.resolved does not record the graph:
// relationship stays unknown. Pins of the wrong shape are skipped with a warning naming their
// index and key. kInvalidInput for malformed JSON or a document that is not an object;
// kUnsupported for a "version" other than 1, 2 or 3.
Result<LockfilePackages> ParsePackageResolved(std::string_view content);

}  // namespace scry::analyzer::lang::swift
