#include "scry/analyzer/lang/python/poetry/poetry_lock_parser.hpp"

#include <fmt/format.h>

#include "scry/analyzer/lang/python/graph_internal.hpp"
#include "scry/analyzer/lang/python/toml_internal.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::python {
namespace {

void AddKeys(const toml::table* table, std::set<std::string>& out, bool skip_python) {
  if (table == nullptr) return;
  for (const auto& [key, value] : *table) {
    std::string name = NormalizeName(key.str());
    if (skip_python && name == "python") continue;  // the interpreter constraint, not a package
    out.insert(name);
  }
}

// PEP 508 strings of an array ("requests[socks]>=2; python_version<'3.8'") -> names.
void AddRequirementNames(const toml::array* array, std::set<std::string>& out) {
  if (array == nullptr) return;
  for (const toml::node& node : *array) {
    if (const auto* text = node.as_string()) {
      std::string_view name = LeadingName(text->get());
      if (!name.empty()) out.insert(NormalizeName(name));
    }
  }
}

}  // namespace

Result<PyprojectDependencies> ParsePyprojectDependencies(std::string_view content) {
  SCRY_TRY(toml::table root, ParseToml(content, "pyproject.toml"));
  PyprojectDependencies out;
  auto& warnings = out.warnings;
  if (const toml::table* project = TomlTable(root, "project", "pyproject.toml", warnings)) {
    AddRequirementNames(TomlArray(*project, "dependencies", "[project]", warnings), out.main);
    if (const toml::table* extras =
            TomlTable(*project, "optional-dependencies", "[project]", warnings)) {
      for (const auto& [key, value] : *extras) AddRequirementNames(value.as_array(), out.main);
    }
  }
  if (const toml::table* groups =
          TomlTable(root, "dependency-groups", "pyproject.toml", warnings)) {
    for (const auto& [key, value] : *groups) AddRequirementNames(value.as_array(), out.dev);
  }
  const toml::table* tool = TomlTable(root, "tool", "pyproject.toml", warnings);
  const toml::table* poetry = tool ? TomlTable(*tool, "poetry", "[tool]", warnings) : nullptr;
  if (poetry != nullptr) {
    AddKeys(TomlTable(*poetry, "dependencies", "[tool.poetry]", warnings), out.main, true);
    AddKeys(TomlTable(*poetry, "dev-dependencies", "[tool.poetry]", warnings), out.dev, true);
    if (const toml::table* groups = TomlTable(*poetry, "group", "[tool.poetry]", warnings)) {
      for (const auto& [key, value] : *groups) {
        const toml::table* group = value.as_table();
        if (group == nullptr) continue;
        std::string where = fmt::format("[tool.poetry.group.{}]", key.str());
        AddKeys(TomlTable(*group, "dependencies", where, warnings),
                key.str() == "main" ? out.main : out.dev, true);
      }
    }
  }
  return out;
}

Result<PythonLockfile> ParsePoetryLock(std::string_view content,
                                       const PyprojectDependencies* pyproject) {
  SCRY_TRY(toml::table root, ParseToml(content, "poetry.lock"));
  PythonLockfile out;
  auto& warnings = out.warnings;
  const toml::array* packages = TomlArray(root, "package", "top level", warnings);
  std::vector<GraphNode> nodes;
  std::vector<std::optional<bool>> lock_dev;  // what the lockfile itself says, per node
  bool any_lock_dev_info = false;
  if (packages != nullptr) {
    size_t index = 0;
    for (const toml::node& node : *packages) {
      ++index;
      const toml::table* table = node.as_table();
      if (table == nullptr) {
        warnings.push_back(
            fmt::format("package #{} is {}, expected a table; skipped", index, TomlTypeName(node)));
        continue;
      }
      std::string where = fmt::format("package #{}", index);
      auto name = TomlString(*table, "name", where, warnings);
      if (!name || name->empty()) {
        if (!table->contains("name") || name) {
          warnings.push_back(fmt::format("{}: no name; skipped", where));
        }
        continue;
      }
      where = fmt::format("package '{}'", *name);
      auto version = TomlString(*table, "version", where, warnings);
      if (!version && table->contains("version")) continue;  // wrong type: warned
      GraphNode graph_node;
      model::Package& package = graph_node.package;
      package.name = *name;
      if (version && version->size() <= limits::kMaxVersionLength) package.version = *version;
      std::optional<bool> dev;
      if (auto category = TomlString(*table, "category", where, warnings)) {
        dev = *category == "dev";
      }
      if (const toml::array* groups = TomlArray(*table, "groups", where, warnings)) {
        bool main = false;
        std::vector<std::string> names;
        for (const toml::node& group : *groups) {
          if (const auto* text = group.as_string()) {
            names.push_back(text->get());
            if (text->get() == "main") main = true;
          }
        }
        dev = !main;
        package.evidence["Groups"] = fmt::format("{}", fmt::join(names, ", "));
      }
      if (dev) any_lock_dev_info = true;
      if (const toml::table* source = TomlTable(*table, "source", where, warnings)) {
        auto type = TomlString(*source, "type", where + " source", warnings);
        auto url = TomlString(*source, "url", where + " source", warnings);
        if (type && *type != "legacy") {
          package.evidence["Source"] = url ? fmt::format("{} {}", *type, *url) : *type;
        }
      }
      if (const toml::table* deps = TomlTable(*table, "dependencies", where, warnings)) {
        for (const auto& [key, value] : *deps) {
          graph_node.dependencies.emplace_back(NormalizeName(key.str()), "");
        }
      }
      model::SetIdentity(package, "pypi");
      nodes.push_back(std::move(graph_node));
      lock_dev.push_back(dev);
    }
  }
  ResolveDependsOn(nodes);
  std::set<size_t> prod;
  std::set<size_t> dev_reach;
  if (pyproject != nullptr) {
    prod = Reachable(nodes, pyproject->main);
    dev_reach = Reachable(nodes, pyproject->dev);
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    model::Package& package = nodes[i].package;
    if (any_lock_dev_info) {
      package.dev = lock_dev[i].value_or(false);
    } else if (pyproject != nullptr) {
      package.dev = !prod.contains(i) && dev_reach.contains(i);
    }
    if (pyproject != nullptr) {
      std::string name = NormalizeName(package.name);
      bool direct = pyproject->main.contains(name) || pyproject->dev.contains(name);
      package.relationship = direct ? model::Relationship::kDirect : model::Relationship::kIndirect;
    }
    out.packages.push_back(std::move(package));
  }
  return out;
}

}  // namespace scry::analyzer::lang::python
