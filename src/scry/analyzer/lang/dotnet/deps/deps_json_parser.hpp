// .NET *.deps.json (the host's dependency manifest,
// https://github.com/dotnet/runtime/blob/main/docs/design/features/host-components.md and
// DependencyContextJsonReader): "libraries" keyed "Name/Version" with a type (package, project,
// reference...) and serviceable flag; "targets" per framework (the "runtimeTarget" one is used)
// list each library's dependencies and runtime assets.
#pragma once

#include <string_view>

#include "scry/analyzer/lang/dotnet/parsed.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::lang::dotnet {

// Libraries of type "package" (projects and references are the application itself), sorted by
// id. depends_on from the runtime target. A package that the runtime target lists without any
// runtime, runtimeTargets or native assets is compile-time only: Trivy skips it, scry marks it
// dev with evidence. Dependencies of "project" libraries are kDirect, the rest kIndirect (both
// kUnknown when no project library is present). kInvalidInput for malformed JSON or a root that
// is not an object; wrong types are skipped with a warning naming the key.
Result<ParsedPackages> ParseDepsJson(std::string_view content);

}  // namespace scry::analyzer::lang::dotnet
