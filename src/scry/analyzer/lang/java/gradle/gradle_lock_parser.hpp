// Gradle dependency lock files (gradle.lockfile, Gradle 6.4+,
// https://docs.gradle.org/current/userguide/dependency_locking.html): one
// "group:artifact:version=configuration,..." line per resolved module, '#' comments and a final
// "empty=..." line listing configurations without dependencies.
#pragma once

#include <string_view>

#include "scry/analyzer/lang/java/parsed.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::lang::java {

// Packages in file order, purl type maven. A module whose configurations are all test ones
// (testCompileClasspath, testRuntimeClasspath, testFixtures..., Android's *UnitTest* and
// *AndroidTest*) is marked dev. Lines of another shape are skipped with a warning naming the
// line. kInvalidInput for binary (NUL) content.
Result<ParsedPackages> ParseGradleLockfile(std::string_view content);

}  // namespace scry::analyzer::lang::java
