// Dart and Flutter lockfiles (pubspec.lock), written by `dart pub get` / `flutter pub get`. The
// format has no separate specification; it is what pub's LockFile.serialize writes
// (https://github.com/dart-lang/pub/blob/master/lib/src/lock_file.dart, described at
// https://dart.dev/tools/pub/glossary#lockfile):
//   packages:
//     async:
//       dependency: transitive          # "direct main", "direct dev", "direct overridden"
//       description: {name: async, sha256: "...", url: "https://pub.dev"}
//       source: hosted                  # or git, path, sdk
//       version: "2.11.0"
//   sdks:
//     dart: ">=3.0.0 <4.0.0"
// Read as Trivy's pub parser reads it (pkg/dependency/parser/dart/pub).
#pragma once

#include <string_view>

#include "scry/analyzer/lang/lockfile_analyzer.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::lang::dart {

// Packages (purl type "pub") in file order. Relationship indirect for "transitive", direct for
// the "direct ..." kinds; dev for "direct dev" (pub does not say which transitive packages only
// dev dependencies pull in, so those stay non-dev, as in Trivy). Packages from an SDK (flutter,
// flutter_test, sky_engine) carry pub's placeholder version "0.0.0": they are listed with an
// empty version and the SDK's name and constraint as evidence. git and path packages keep their
// version, with their source as evidence. The "sdks" section names SDKs, not packages. Entries of
// the wrong shape are skipped with a warning naming their key. kInvalidInput for malformed YAML
// or a document that is not a mapping; kLimitExceeded past the YAML limits (aliases refused).
Result<LockfilePackages> ParsePubspecLock(std::string_view content);

}  // namespace scry::analyzer::lang::dart
