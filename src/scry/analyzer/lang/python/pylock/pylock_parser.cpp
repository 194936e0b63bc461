#include "scry/analyzer/lang/python/pylock/pylock_parser.hpp"

#include <fmt/format.h>

#include "scry/analyzer/lang/python/graph_internal.hpp"
#include "scry/analyzer/lang/python/toml_internal.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::python {
namespace {

// "'dev' in dependency_groups" -> "dev"; empty for any other marker.
std::string OnlyGroup(std::string_view marker) {
  while (!marker.empty() && marker.front() == ' ') marker.remove_prefix(1);
  while (!marker.empty() && marker.back() == ' ') marker.remove_suffix(1);
  if (marker.size() < 2 || (marker[0] != '\'' && marker[0] != '"')) return {};
  size_t close = marker.find(marker[0], 1);
  if (close == std::string_view::npos) return {};
  std::string_view rest = marker.substr(close + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  std::string_view tail = "in dependency_groups";
  if (!rest.starts_with("in ")) return {};
  rest.remove_prefix(3);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest != tail.substr(3)) return {};
  return std::string(marker.substr(1, close - 1));
}

}  // namespace

Result<PythonLockfile> ParsePylock(std::string_view content) {
  SCRY_TRY(toml::table root, ParseToml(content, "pylock.toml"));
  PythonLockfile out;
  auto& warnings = out.warnings;
  if (auto lock_version = TomlString(root, "lock-version", "top level", warnings)) {
    if (!lock_version->starts_with("1.") && *lock_version != "1") {
      return Fail(ErrorCode::kUnsupported, "pylock.toml lock-version {} is not supported (1.x)",
                  lock_version->substr(0, 32));
    }
  }
  std::set<std::string> default_groups;
  if (const toml::array* groups = TomlArray(root, "default-groups", "top level", warnings)) {
    for (const toml::node& node : *groups) {
      if (const auto* text = node.as_string()) default_groups.insert(text->get());
    }
  }
  std::vector<GraphNode> nodes;
  if (const toml::array* packages = TomlArray(root, "packages", "top level", warnings)) {
    size_t index = 0;
    for (const toml::node& node : *packages) {
      ++index;
      std::string where = fmt::format("packages #{}", index);
      const toml::table* table = node.as_table();
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
      if (auto marker = TomlString(*table, "marker", where, warnings)) {
        package.evidence["Marker"] = *marker;
        std::string group = OnlyGroup(*marker);
        if (!group.empty() && !default_groups.contains(group)) package.dev = true;
      }
      for (std::string_view kind : {"vcs", "directory", "archive"}) {
        if (const toml::table* source = TomlTable(*table, kind, where, warnings)) {
          auto url = TomlString(*source, "url", where, warnings);
          if (!url) url = TomlString(*source, "path", where, warnings);
          package.evidence["Source"] =
              url ? fmt::format("{} {}", kind, url->substr(0, 512)) : std::string(kind);
        }
      }
      if (const toml::array* deps = TomlArray(*table, "dependencies", where, warnings)) {
        for (const toml::node& dep_node : *deps) {
          const toml::table* dep = dep_node.as_table();
          if (dep == nullptr) continue;
          auto dep_name = TomlString(*dep, "name", where, warnings);
          if (!dep_name) continue;
          graph_node.dependencies.emplace_back(
              NormalizeName(*dep_name), TomlString(*dep, "version", where, warnings).value_or(""));
        }
      }
      model::SetIdentity(package, "pypi");
      nodes.push_back(std::move(graph_node));
    }
  }
  ResolveDependsOn(nodes);
  for (GraphNode& node : nodes) out.packages.push_back(std::move(node.package));
  return out;
}

}  // namespace scry::analyzer::lang::python
