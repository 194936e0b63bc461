// NuGet restore outputs:
//  - packages.lock.json (lock file version 1 and 2,
//    https://learn.microsoft.com/nuget/consume-packages/package-references-in-project-files#locking-dependencies):
//    per target framework, each package's type (Direct, Transitive, CentralTransitive, Project),
//    resolved version and dependencies;
//  - packages.config (https://learn.microsoft.com/nuget/reference/packages-config): one
//    <package id version [developmentDependency]> per package, direct and transitive alike.
#pragma once

#include <string_view>

#include "scry/analyzer/lang/dotnet/parsed.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::lang::dotnet {

// Packages of all target frameworks, one per name@version (kDirect when direct in any
// framework, else kIndirect), sorted by id; depends_on uses the versions resolved in the same
// framework. Project references are skipped, as Trivy does. kInvalidInput for malformed JSON or
// a root that is not an object; fields of the wrong type are skipped with a warning.
Result<ParsedPackages> ParsePackagesLockJson(std::string_view content);

// Packages in file order; developmentDependency="true" marks dev (Trivy drops them). Entries
// without id or version are skipped with a warning. kInvalidInput for malformed XML or a root
// that is not <packages>.
Result<ParsedPackages> ParsePackagesConfig(std::string_view content);

}  // namespace scry::analyzer::lang::dotnet
