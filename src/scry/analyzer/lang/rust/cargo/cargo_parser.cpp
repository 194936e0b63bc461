#include "scry/analyzer/lang/rust/cargo/cargo_parser.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <deque>
#include <exception>
#include <optional>
#include <unordered_map>

#include "scry/analyzer/lang/rust/cargo/cargo_toml.hpp"

namespace scry::analyzer::lang::rust {
namespace {

// "name", "name version" or "name version (source)".
struct DependencyRef {
  std::string name;
  std::string version;
};

std::optional<DependencyRef> ParseDependencyString(std::string_view text) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) fields.push_back(text.substr(start, i - start));
  }
  if (fields.empty() || fields.size() > 3) return std::nullopt;
  if (fields.size() == 3 && !(fields[2].starts_with('(') && fields[2].ends_with(')'))) {
    return std::nullopt;
  }
  DependencyRef ref{std::string(fields[0]), ""};
  if (fields.size() >= 2) ref.version = std::string(fields[1]);
  return ref;
}

}  // namespace

Result<CargoLock> ParseCargoLock(std::string_view content, std::string_view path) {
  SCRY_TRY(toml::table root, ParseToml(content, path));
  CargoLock lock;
  auto warn = [&](std::string message) {
    lock.warnings.push_back(fmt::format("{}: {}", path, message));
  };

  // v1 keeps checksums apart: "checksum NAME VERSION (SOURCE)" = "HEX".
  std::unordered_map<std::string, std::string> metadata_checksums;
  if (const toml::node* metadata = root.get("metadata")) {
    if (const toml::table* table = metadata->as_table()) {
      for (auto&& [key, value] : *table) {
        std::string_view text = key.str();
        if (!text.starts_with("checksum ")) continue;
        auto ref = ParseDependencyString(text.substr(9));
        auto checksum = value.value<std::string>();
        if (!ref || !checksum) {
          warn(fmt::format("metadata key \"{}\" is not a checksum entry", text));
          continue;
        }
        metadata_checksums[ref->name + " " + ref->version] = *checksum;
      }
    } else {
      warn(fmt::format("\"metadata\" is {}, not a table", TomlTypeName(*metadata)));
    }
  }

  // The oldest v1 lockfiles (cargo before 0.13) hold the root package in a [root] table.
  std::vector<std::pair<std::string, const toml::node*>> entries;
  if (const toml::node* old_root = root.get("root")) entries.emplace_back("root", old_root);
  if (const toml::node* packages_node = root.get("package")) {
    const toml::array* packages = packages_node->as_array();
    if (packages == nullptr) {
      return Fail(ErrorCode::kInvalidInput, "{}: \"package\" is {}, not an array of tables", path,
                  TomlTypeName(*packages_node));
    }
    for (size_t i = 0; i < packages->size(); ++i) {
      entries.emplace_back(fmt::format("package {}", i + 1), &(*packages)[i]);
    }
  }

  std::vector<std::vector<std::string>> dependency_strings;
  std::unordered_map<std::string, size_t> by_id;
  for (const auto& [label, entry_node] : entries) {
    const toml::table* entry = entry_node->as_table();
    if (entry == nullptr) {
      warn(fmt::format("{} is {}, not a table", label, TomlTypeName(*entry_node)));
      continue;
    }
    std::string where = label;
    auto name = TomlString(*entry, "name", where, lock.warnings, path);
    if (!name || name->empty()) {
      if (!name && entry->get("name") == nullptr) warn(where + " has no \"name\"");
      continue;
    }
    where = fmt::format("{} ({})", label, *name);
    model::Package package;
    package.name = *name;
    if (auto version = TomlString(*entry, "version", where, lock.warnings, path)) {
      package.version = *version;
    } else {
      package.evidence["VersionUnknown"] = "the lockfile entry has no version string";
    }
    model::SetIdentity(package, "cargo");
    if (by_id.contains(package.id)) continue;
    auto source = TomlString(*entry, "source", where, lock.warnings, path);
    if (source) package.evidence["Source"] = *source;
    auto checksum = TomlString(*entry, "checksum", where, lock.warnings, path);
    if (!checksum) {
      auto it = metadata_checksums.find(package.name + " " + package.version);
      if (it != metadata_checksums.end()) checksum = it->second;
    }
    if (checksum) package.evidence["Checksum"] = *checksum;

    std::vector<std::string> dependencies;
    if (const toml::node* node = entry->get("dependencies")) {
      if (const toml::array* array = node->as_array()) {
        for (const toml::node& dependency : *array) {
          if (auto text = dependency.value<std::string>()) {
            dependencies.push_back(*text);
          } else {
            warn(fmt::format("{}: an element of \"dependencies\" is {}, not a string", where,
                             TomlTypeName(dependency)));
          }
        }
      } else {
        warn(fmt::format("{}: \"dependencies\" is {}, not an array", where, TomlTypeName(*node)));
      }
    }
    by_id.emplace(package.id, lock.packages.size());
    lock.local.push_back(!source.has_value());
    lock.packages.push_back(std::move(package));
    dependency_strings.push_back(std::move(dependencies));
  }

  std::unordered_map<std::string, std::vector<size_t>> by_name;
  for (size_t i = 0; i < lock.packages.size(); ++i) by_name[lock.packages[i].name].push_back(i);
  for (size_t i = 0; i < lock.packages.size(); ++i) {
    model::Package& package = lock.packages[i];
    for (const std::string& text : dependency_strings[i]) {
      auto ref = ParseDependencyString(text);
      if (!ref) {
        warn(fmt::format("package {}: dependency \"{}\" is not \"name [version [(source)]]\"",
                         package.id, text));
        continue;
      }
      std::optional<size_t> target;
      if (!ref->version.empty()) {
        auto it = by_id.find(ref->name + "@" + ref->version);
        if (it != by_id.end()) target = it->second;
      } else {
        auto it = by_name.find(ref->name);
        if (it != by_name.end() && it->second.size() == 1) target = it->second.front();
      }
      if (!target) {
        warn(fmt::format("package {}: dependency \"{}\" names no single package of the lockfile",
                         package.id, text));
        continue;
      }
      package.depends_on.push_back(lock.packages[*target].id);
    }
    std::sort(package.depends_on.begin(), package.depends_on.end());
    package.depends_on.erase(std::unique(package.depends_on.begin(), package.depends_on.end()),
                             package.depends_on.end());
  }
  return lock;
}

namespace {

// Adds the package names of one dependency table ([dependencies] or the like).
void AddDependencyNames(const toml::node* node, std::set<std::string>& names) {
  const toml::table* table = node != nullptr ? node->as_table() : nullptr;
  if (table == nullptr) return;
  for (auto&& [key, value] : *table) {
    std::string name(key.str());
    if (const toml::table* spec = value.as_table()) {
      if (auto renamed = (*spec)["package"].value<std::string>()) name = *renamed;
    }
    names.insert(std::move(name));
  }
}

void AddDependencyTables(const toml::table& table, CargoManifest& manifest) {
  AddDependencyNames(table.get("dependencies"), manifest.normal_dependencies);
  AddDependencyNames(table.get("build-dependencies"), manifest.normal_dependencies);
  AddDependencyNames(table.get("build_dependencies"), manifest.normal_dependencies);
  AddDependencyNames(table.get("dev-dependencies"), manifest.dev_dependencies);
  AddDependencyNames(table.get("dev_dependencies"), manifest.dev_dependencies);
}

}  // namespace

Result<CargoManifest> ParseCargoManifest(std::string_view content, std::string_view path) {
  SCRY_TRY(toml::table root, ParseToml(content, path));
  CargoManifest manifest;
  if (const toml::node* node = root.get("package")) {
    if (const toml::table* package = node->as_table()) {
      if (auto name = TomlString(*package, "name", "[package]", manifest.warnings, path)) {
        manifest.name = *name;
      }
    } else {
      manifest.warnings.push_back(
          fmt::format("{}: \"package\" is {}, not a table", path, TomlTypeName(*node)));
    }
  }
  if (const toml::array* members = root["workspace"]["members"].as_array()) {
    for (const toml::node& member : *members) {
      if (auto text = member.value<std::string>()) manifest.members.push_back(*text);
    }
  }
  AddDependencyTables(root, manifest);
  if (const toml::table* targets = root["target"].as_table()) {
    for (auto&& [key, value] : *targets) {
      if (const toml::table* target = value.as_table()) AddDependencyTables(*target, manifest);
    }
  }
  return manifest;
}

void ResolveCargoRelationships(CargoLock& lock,
                               const std::map<std::string, CargoManifest>& manifests,
                               std::optional<std::string> root_name) {
  std::unordered_map<std::string, size_t> by_id;
  size_t local_count = 0;
  for (size_t i = 0; i < lock.packages.size(); ++i) {
    by_id.emplace(lock.packages[i].id, i);
    if (lock.local[i]) ++local_count;
  }
  for (size_t i = 0; i < lock.packages.size(); ++i) {
    model::Package& package = lock.packages[i];
    if (lock.local[i]) {
      bool root = root_name ? package.name == *root_name : local_count == 1;
      package.relationship = root ? model::Relationship::kRoot : model::Relationship::kWorkspace;
    } else {
      package.relationship = model::Relationship::kIndirect;
    }
  }
  for (size_t i = 0; i < lock.packages.size(); ++i) {
    if (!lock.local[i]) continue;
    for (const std::string& id : lock.packages[i].depends_on) {
      size_t target = by_id.at(id);
      if (!lock.local[target]) lock.packages[target].relationship = model::Relationship::kDirect;
    }
  }
  if (manifests.empty()) return;

  // Breadth-first from the local packages, leaving out edges that only a dev-dependency makes.
  std::vector<bool> reached(lock.packages.size(), false);
  std::deque<size_t> queue;
  for (size_t i = 0; i < lock.packages.size(); ++i) {
    if (lock.local[i]) {
      reached[i] = true;
      queue.push_back(i);
    }
  }
  while (!queue.empty()) {
    size_t current = queue.front();
    queue.pop_front();
    const model::Package& package = lock.packages[current];
    const CargoManifest* manifest = nullptr;
    if (lock.local[current]) {
      auto it = manifests.find(package.name);
      if (it != manifests.end()) manifest = &it->second;
    }
    for (const std::string& id : package.depends_on) {
      size_t target = by_id.at(id);
      if (reached[target]) continue;
      const std::string& name = lock.packages[target].name;
      if (manifest != nullptr && manifest->dev_dependencies.contains(name) &&
          !manifest->normal_dependencies.contains(name)) {
        continue;
      }
      reached[target] = true;
      queue.push_back(target);
    }
  }
  for (size_t i = 0; i < lock.packages.size(); ++i) lock.packages[i].dev = !reached[i];
}

}  // namespace scry::analyzer::lang::rust
