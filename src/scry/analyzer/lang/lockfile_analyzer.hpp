// A lockfile analyzer for formats that map one file (picked by its base name) to one application:
// conan.lock, pubspec.lock, mix.lock, Package.resolved, Podfile.lock. It applies the lockfile
// size limit, runs the format's pure parser and wraps its packages in a model::Application.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/analyzer/analyzer.hpp"
#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::lang {

// What a lockfile parser returns: packages with id and purl set, in a deterministic order, and
// problems that did not stop the parse (one line each, naming the key they are about; the
// analyzer group adds the file's path when it logs them).
struct LockfilePackages {
  std::vector<model::Package> packages;
  std::vector<std::string> warnings;
};

// Merges packages with the same id into the first of them, keeping file order: depends_on and
// evidence are united, the package is dev only when every copy is, and the relationship is the
// closest one (root, workspace, direct, indirect, unknown). depends_on lists end up sorted.
void MergeDuplicatePackages(std::vector<model::Package>& packages);

using LockfileParser = std::function<Result<LockfilePackages>(std::string_view content)>;

struct LockfileFormat {
  AnalyzerType type;
  int version;                 // Analyzer::Version()
  std::string_view file_name;  // the base name the lockfile must have, e.g. "conan.lock"
  std::string_view app_type;   // Trivy's application type, e.g. "conan"
  LockfileParser parse;
};

// Registers an analyzer (scope kLockfile) for `format`. Files larger than
// limits::kMaxLockfileSize are refused with kLimitExceeded naming the file and the limit; parse
// errors are returned wrapped with the file's path. An empty lockfile still gives an application.
void RegisterLockfile(Registry& registry, LockfileFormat format);

}  // namespace scry::analyzer::lang
