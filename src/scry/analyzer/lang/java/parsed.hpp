// What a Java/JVM parser found in one file: packages in file order (the analyzer sorts nothing)
// and problems that did not stop the parse.
#pragma once

#include <string>
#include <vector>

#include "scry/model/package.hpp"

namespace scry::analyzer::lang::java {

struct ParsedPackages {
  std::vector<model::Package> packages;
  std::vector<std::string> warnings;
};

}  // namespace scry::analyzer::lang::java
