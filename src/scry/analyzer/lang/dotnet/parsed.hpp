// What a .NET parser found in one file: packages and problems that did not stop the parse
// (each names the key it is about; the analyzer prefixes the file).
#pragma once

#include <string>
#include <vector>

#include "scry/model/package.hpp"

namespace scry::analyzer::lang::dotnet {

struct ParsedPackages {
  std::vector<model::Package> packages;
  std::vector<std::string> warnings;
};

}  // namespace scry::analyzer::lang::dotnet
