// CocoaPods lockfiles (Podfile.lock), the YAML document `pod install` writes
// (https://guides.cocoapods.org/using/using-cocoapods.html#what-is-podfilelock; written by
// Pod::Lockfile, https://github.com/CocoaPods/Core/blob/master/lib/cocoapods-core/lockfile.rb):
//   PODS:
//     - Alamofire (5.4.3)
//     - Firebase/Core (8.0.0):          # a subspec, with the pods it depends on
//       - Firebase/CoreOnly
//       - FirebaseAnalytics (= 8.0.0)
//   DEPENDENCIES:                        # what the Podfile asks for
//     - Alamofire (~> 5.4)
//     - Firebase/Core
//   SPEC REPOS: ...  EXTERNAL SOURCES: ...  SPEC CHECKSUMS: ...  COCOAPODS: 1.12.1
// Read as Trivy's cocoapods parser reads it (pkg/dependency/parser/swift/cocoapods).
#pragma once

#include <string_view>

#include "scry/analyzer/lang/lockfile_analyzer.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::lang::swift {

// Packages (purl type "cocoapods": a subspec "Firebase/Core" becomes pkg:cocoapods/Firebase@8.0.0
// with subpath "Core", as Trivy writes it) in PODS order, one per "Name (version)" entry;
// depends_on the PODS entries its nested list names. Relationship direct for the pods
// DEPENDENCIES names, indirect for the others (unknown without a DEPENDENCIES section).
// Entries that do not read "Name (version)" are skipped with a warning naming them. kInvalidInput
// for malformed YAML or a document that is not a mapping; kLimitExceeded past the YAML limits.
Result<LockfilePackages> ParsePodfileLock(std::string_view content);

}  // namespace scry::analyzer::lang::swift
