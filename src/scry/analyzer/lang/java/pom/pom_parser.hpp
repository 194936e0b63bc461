// Maven pom.xml (POM 4.0.0, https://maven.apache.org/pom.html): the project's own coordinates and
// its declared dependencies, resolved offline the way Maven builds the effective model: parents
// found through <relativePath> (default ../pom.xml), properties and dependencyManagement
// inherited and overridden, ${...} interpolated. No network and no ~/.m2: what cannot be resolved
// stays empty with evidence saying why. Transitive dependencies (which Trivy fetches from Maven
// Central) are out of reach offline.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/analyzer/lang/java/parsed.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::lang::java {

struct PomDependency {
  std::string group_id;
  std::string artifact_id;
  std::string version;
  std::string scope;
  std::string type;
  bool optional = false;
};

struct PomParent {
  std::string group_id;
  std::string artifact_id;
  std::string version;
  std::optional<std::string> relative_path;  // nullopt: not given (Maven's ../pom.xml)
};

// One pom.xml as written (nothing inherited or interpolated yet).
struct PomModel {
  std::string group_id;
  std::string artifact_id;
  std::string version;
  std::optional<PomParent> parent;
  std::map<std::string, std::string> properties;
  std::vector<PomDependency> dependencies;
  std::vector<PomDependency> dependency_management;
};

// Parses the XML (pugixml: no DTD processing, no external entities). kInvalidInput when the
// document is not well-formed XML or its root is not <project>.
Result<PomModel> ParsePomXml(std::string_view content);

// Reads another pom of the same target by path (FileInfo::path form); kNotFound when absent.
using PomLoader = std::function<Result<std::string>(std::string_view path)>;

// The packages of the pom at `path`: the project itself (kRoot) first, then its dependencies
// (kDirect) with inherited ones, in declaration order. Scopes: test, provided and system and
// optional dependencies are marked dev (Trivy reports only compile and runtime scope, so the
// default output matches it and --include-dev-deps shows the rest); import is skipped.
// `loader` may be null (image layers): parents are then not followed.
ParsedPackages ResolvePom(const PomModel& pom, std::string_view path, const PomLoader* loader);

}  // namespace scry::analyzer::lang::java
