#include "scry/analyzer/lang/python/uv/uv_lock_parser.hpp"

#include <fmt/format.h>

#include "scry/analyzer/lang/python/graph_internal.hpp"
#include "scry/analyzer/lang/python/toml_internal.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::python {
namespace {

enum class Kind { kRegular, kRoot, kMember };

// {name, version?} tables of a dependency array, as (normalised name, version).
void ReadDependencyArray(const toml::array* array, std::string_view where,
                         std::vector<std::pair<std::string, std::string>>& out,
                         std::vector<std::string>& warnings) {
  if (array == nullptr) return;
  for (const toml::node& node : *array) {
    const toml::table* dep = node.as_table();
    if (dep == nullptr) {
      warnings.push_back(
          fmt::format("{}: dependency is {}, expected a table", where, TomlTypeName(node)));
      continue;
    }
    auto name = TomlString(*dep, "name", where, warnings);
    if (!name) continue;
    out.emplace_back(NormalizeName(*name),
                     TomlString(*dep, "version", where, warnings).value_or(""));
  }
}

void ReadDependencyGroups(const toml::table* groups, std::string_view where,
                          std::vector<std::pair<std::string, std::string>>& out,
                          std::vector<std::string>& warnings) {
  if (groups == nullptr) return;
  for (const auto& [key, value] : *groups) {
    std::string group_where = fmt::format("{} group '{}'", where, key.str());
    if (const toml::array* array = value.as_array()) {
      ReadDependencyArray(array, group_where, out, warnings);
    } else {
      warnings.push_back(
          fmt::format("{}: is {}, expected an array", group_where, TomlTypeName(value)));
    }
  }
}

}  // namespace

Result<PythonLockfile> ParseUvLock(std::string_view content) {
  SCRY_TRY(toml::table root, ParseToml(content, "uv.lock"));
  if (const toml::node* version = root.get("version")) {
    auto number = version->value<int64_t>();
    if (number && *number != 1) {
      return Fail(ErrorCode::kUnsupported, "uv.lock version {} is not supported (only 1)", *number);
    }
  }
  PythonLockfile out;
  auto& warnings = out.warnings;
  std::set<std::string> members;
  if (const toml::table* manifest = TomlTable(root, "manifest", "top level", warnings)) {
    if (const toml::array* list = TomlArray(*manifest, "members", "[manifest]", warnings)) {
      for (const toml::node& node : *list) {
        if (const auto* text = node.as_string()) members.insert(NormalizeName(text->get()));
      }
    }
  }
  std::vector<GraphNode> nodes;
  std::vector<Kind> kinds;
  // Per node: its runtime (dependencies + extras) and dev edges, for the root and members.
  std::vector<std::vector<std::pair<std::string, std::string>>> runtime_edges;
  std::vector<std::vector<std::pair<std::string, std::string>>> dev_edges;
  const toml::array* packages = TomlArray(root, "package", "top level", warnings);
  if (packages != nullptr) {
    size_t index = 0;
    for (const toml::node& node : *packages) {
      ++index;
      const toml::table* table = node.as_table();
      std::string where = fmt::format("package #{}", index);
      if (table == nullptr) {
        warnings.push_back(
            fmt::format("{} is {}, expected a table; skipped", where, TomlTypeName(node)));
        continue;
      }
      auto name = TomlString(*table, "name", where, warnings);
      if (!name || name->empty()) {
        if (!table->contains("name") || name) {
          warnings.push_back(fmt::format("{}: no name; skipped", where));
        }
        continue;
      }
      where = fmt::format("package '{}'", *name);
      auto version = TomlString(*table, "version", where, warnings);
      if (!version && table->contains("version")) continue;
      GraphNode graph_node;
      model::Package& package = graph_node.package;
      package.name = *name;
      if (version && version->size() <= limits::kMaxVersionLength) package.version = *version;
      Kind kind = Kind::kRegular;
      if (const toml::table* source = TomlTable(*table, "source", where, warnings)) {
        for (std::string_view local : {"editable", "virtual"}) {
          if (auto path = TomlString(*source, local, where + " source", warnings)) {
            if (*path == ".") {
              kind = Kind::kRoot;
            } else if (members.contains(NormalizeName(*name))) {
              kind = Kind::kMember;
            }
            package.evidence["Source"] = fmt::format("{} {}", local, *path);
          }
        }
        for (std::string_view remote : {"git", "url", "path", "directory"}) {
          if (auto url = TomlString(*source, remote, where + " source", warnings)) {
            package.evidence["Source"] = fmt::format("{} {}", remote, url->substr(0, 512));
          }
        }
      }
      if (kind == Kind::kRegular && members.contains(NormalizeName(*name))) kind = Kind::kMember;
      std::vector<std::pair<std::string, std::string>> runtime;
      std::vector<std::pair<std::string, std::string>> dev;
      ReadDependencyArray(TomlArray(*table, "dependencies", where, warnings), where, runtime,
                          warnings);
      ReadDependencyGroups(TomlTable(*table, "optional-dependencies", where, warnings), where,
                           runtime, warnings);
      ReadDependencyGroups(TomlTable(*table, "dev-dependencies", where, warnings), where, dev,
                           warnings);
      graph_node.dependencies = runtime;
      graph_node.dependencies.insert(graph_node.dependencies.end(), dev.begin(), dev.end());
      model::SetIdentity(package, "pypi");
      nodes.push_back(std::move(graph_node));
      kinds.push_back(kind);
      runtime_edges.push_back(std::move(runtime));
      dev_edges.push_back(std::move(dev));
    }
  }
  ResolveDependsOn(nodes);
  // The project and its members are where installation starts: their runtime dependencies are
  // production, their dev groups development.
  std::set<std::string> runtime_start;
  std::set<std::string> dev_start;
  std::set<std::string> local;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (kinds[i] == Kind::kRegular) continue;
    local.insert(NormalizeName(nodes[i].package.name));
    for (const auto& edge : runtime_edges[i]) runtime_start.insert(edge.first);
    for (const auto& edge : dev_edges[i]) dev_start.insert(edge.first);
  }
  runtime_start.insert(local.begin(), local.end());
  // Reachability over runtime edges only: dev edges of members must not make packages prod.
  std::vector<GraphNode> runtime_graph = nodes;
  for (size_t i = 0; i < runtime_graph.size(); ++i) {
    runtime_graph[i].package.depends_on.clear();
    runtime_graph[i].dependencies = runtime_edges[i];
  }
  ResolveDependsOn(runtime_graph);
  std::set<size_t> prod = Reachable(runtime_graph, runtime_start);
  std::set<size_t> dev_reach = Reachable(nodes, dev_start);
  bool has_root = !local.empty();
  for (size_t i = 0; i < nodes.size(); ++i) {
    model::Package& package = nodes[i].package;
    std::string name = NormalizeName(package.name);
    if (kinds[i] == Kind::kRoot) {
      package.relationship = model::Relationship::kRoot;
    } else if (kinds[i] == Kind::kMember) {
      package.relationship = model::Relationship::kWorkspace;
    } else if (has_root) {
      bool direct = runtime_start.contains(name) || dev_start.contains(name);
      package.relationship = direct ? model::Relationship::kDirect : model::Relationship::kIndirect;
      package.dev = !prod.contains(i) && dev_reach.contains(i);
    }
    out.packages.push_back(std::move(package));
  }
  return out;
}

}  // namespace scry::analyzer::lang::python
