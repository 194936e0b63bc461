// PHP Composer's files
// (https://getcomposer.org/doc/01-basic-usage.md#commit-your-composer-lock-file-to-version-control,
// composer's src/Composer/Package/Locker.php and Repository/FilesystemRepository.php):
//   composer.lock: {"packages": [...], "packages-dev": [...], ...}
//   vendor/composer/installed.json: v1 a bare array of packages (Composer 1), v2
//     {"packages": [...], "dev": bool, "dev-package-names": [...]} (Composer 2)
//   composer.json: the project's "require" and "require-dev"
// Each package is {"name": "vendor/name", "version": "v1.2.3", "license": ["MIT"],
// "require": {"php": ">=8.1", "vendor/dep": "^1.0", ...}, ...}. Read as Trivy's composer parser
// reads it (pkg/dependency/parser/php/composer): versions are kept as written ("v5.4.0"),
// dependencies on the platform ("php", "ext-*", "lib-*", "composer-*") are not packages.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::lang::php {

struct ComposerPackages {
  // In file order, one per name@version, id and purl ("composer") set; dev for packages-dev
  // (composer.lock) or dev-package-names (installed.json v2); depends_on holds the sorted ids of
  // the `require`d packages listed in the same file. Relationships are unknown.
  std::vector<model::Package> packages;
  std::vector<std::string> warnings;  // entries and keys of the wrong type, naming file and key
};

// `path` names the file in messages. kInvalidInput for malformed JSON or a top level of the
// wrong shape; kLimitExceeded for JSON nested deeper than 64 levels.
Result<ComposerPackages> ParseComposerLock(std::string_view content, std::string_view path);
Result<ComposerPackages> ParseComposerInstalled(std::string_view content, std::string_view path);

// The package names (lower-cased) a composer.json requires.
struct ComposerManifest {
  std::set<std::string> require;
  std::set<std::string> require_dev;
};
Result<ComposerManifest> ParseComposerJson(std::string_view content, std::string_view path);

// Packages the manifest requires (require or require-dev) become kDirect, the rest kIndirect,
// as Trivy's composer analyzer does with composer.json.
void MarkComposerDirect(ComposerPackages& packages, const ComposerManifest& manifest);

}  // namespace scry::analyzer::lang::php
