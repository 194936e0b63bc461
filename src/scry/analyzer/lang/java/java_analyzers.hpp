// Java ecosystem analyzers (Trivy's types): jar archives ("jar"), Maven pom.xml ("pom") and
// Gradle lock files ("gradle").
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::java {

void RegisterJar(Registry& registry);
void RegisterPom(Registry& registry);
void RegisterGradleLock(Registry& registry);

}  // namespace scry::analyzer::lang::java
