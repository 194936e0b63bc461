// package.json, the npm package manifest
// (https://docs.npmjs.com/cli/v10/configuring-npm/package-json): the fields scry needs from
// installed packages (name, version, licenses) and from project roots next to a lockfile
// (dependency maps, workspaces).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"

namespace scry::analyzer::lang::nodejs {

struct PackageJson {
  std::string name;     // empty when absent
  std::string version;  // empty when absent
  // SPDX expressions or names as written: "license" (string, or the legacy {"type": ...} object,
  // or an array) and the legacy "licenses" array of strings or {"type": ...} objects.
  std::vector<std::string> licenses;
  // Dependency name -> range as written.
  std::map<std::string, std::string> dependencies;
  std::map<std::string, std::string> dev_dependencies;
  std::map<std::string, std::string> optional_dependencies;
  std::map<std::string, std::string> peer_dependencies;
  // "workspaces" as an array or as {"packages": [...]} (yarn).
  std::vector<std::string> workspaces;
  // Fields of the wrong type, each naming the key ("\"version\" is not a string").
  std::vector<std::string> warnings;
};

// Parses one package.json. kInvalidInput for malformed JSON or a document that is not an object;
// fields of the wrong type are skipped with a warning. Pure.
Result<PackageJson> ParsePackageJson(std::string_view content);

}  // namespace scry::analyzer::lang::nodejs
