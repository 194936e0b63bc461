#include <algorithm>

#include "scry/analyzer/lang/python/graph_internal.hpp"
#include "scry/analyzer/lang/python/python_common.hpp"

namespace scry::analyzer::lang::python {

void ResolveDependsOn(std::vector<GraphNode>& nodes) {
  std::multimap<std::string, size_t> by_name;
  for (size_t i = 0; i < nodes.size(); ++i) {
    by_name.emplace(NormalizeName(nodes[i].package.name), i);
  }
  for (GraphNode& node : nodes) {
    std::vector<std::string>& ids = node.package.depends_on;
    for (const auto& [name, version] : node.dependencies) {
      auto [begin, end] = by_name.equal_range(name);
      for (auto it = begin; it != end; ++it) {
        const model::Package& target = nodes[it->second].package;
        if (&target == &node.package) continue;
        if (!version.empty() && target.version != version) continue;
        ids.push_back(target.id);
      }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
}

std::set<size_t> Reachable(const std::vector<GraphNode>& nodes,
                           const std::set<std::string>& start) {
  std::map<std::string, std::vector<size_t>> by_id;
  std::vector<size_t> queue;
  for (size_t i = 0; i < nodes.size(); ++i) {
    by_id[nodes[i].package.id].push_back(i);
    if (start.contains(NormalizeName(nodes[i].package.name))) queue.push_back(i);
  }
  std::set<size_t> seen(queue.begin(), queue.end());
  while (!queue.empty()) {
    size_t i = queue.back();
    queue.pop_back();
    for (const std::string& id : nodes[i].package.depends_on) {
      for (size_t j : by_id[id]) {
        if (seen.insert(j).second) queue.push_back(j);
      }
    }
  }
  return seen;
}

}  // namespace scry::analyzer::lang::python
