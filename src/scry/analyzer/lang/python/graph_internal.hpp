// Dependency-graph helpers the Python lockfile parsers share: resolving dependency names to
// package ids and marking direct/indirect and dev packages by reachability. Never included
// outside analyzer/lang/python.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "scry/model/package.hpp"

namespace scry::analyzer::lang::python {

// A lockfile's packages with their dependencies as normalised names (optionally pinned to a
// version), before ids are resolved.
struct GraphNode {
  model::Package package;                                         // id and purl set
  std::vector<std::pair<std::string, std::string>> dependencies;  // normalised name, version
};

// Fills each package's depends_on with the ids of the packages its dependencies name (every
// locked version of a name unless the dependency gives one), sorted and unique.
void ResolveDependsOn(std::vector<GraphNode>& nodes);

// Indices of the nodes reachable (through depends_on) from the packages named in `start`
// (normalised names), the start packages included.
std::set<size_t> Reachable(const std::vector<GraphNode>& nodes, const std::set<std::string>& start);

}  // namespace scry::analyzer::lang::python
