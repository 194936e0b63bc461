// .NET analyzers (Trivy's types): NuGet packages.lock.json and packages.config ("nuget"),
// *.deps.json ("dotnet-core") and central package management files ("packages-props").
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::dotnet {

void RegisterNuget(Registry& registry);
void RegisterDotnetDeps(Registry& registry);
void RegisterPackagesProps(Registry& registry);

}  // namespace scry::analyzer::lang::dotnet
