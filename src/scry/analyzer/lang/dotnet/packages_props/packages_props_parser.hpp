// MSBuild central package management files (Directory.Packages.props, Packages.props,
// https://learn.microsoft.com/nuget/consume-packages/central-package-management): the versions
// <PackageVersion Include|Update="Name" Version="..."/> (and <PackageReference> with a Version)
// set in any <ItemGroup>, as Trivy's packagesprops parser reads them.
#pragma once

#include <string_view>

#include "scry/analyzer/lang/dotnet/parsed.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::lang::dotnet {

// Packages in file order. A version that is an MSBuild property ("$(JsonVersion)") or a range
// ("[1.0,2.0)") gives an empty version with evidence (Trivy skips the first kind). Entries
// without a name are skipped with a warning. Version="..." may also be a child element.
// kInvalidInput for malformed XML or a root that is not <Project>.
Result<ParsedPackages> ParsePackagesProps(std::string_view content);

}  // namespace scry::analyzer::lang::dotnet
