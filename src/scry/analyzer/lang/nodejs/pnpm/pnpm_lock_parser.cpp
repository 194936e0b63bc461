#include "scry/analyzer/lang/nodejs/pnpm/pnpm_lock_parser.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <deque>
#include <map>
#include <set>

#include "scry/analyzer/lang/nodejs/nodejs_common.hpp"
#include "scry/base/limits.hpp"
#include "scry/base/strings.hpp"
#include "scry/formats/yaml.hpp"

namespace scry::analyzer::lang::nodejs {
namespace {

using formats::yaml::Node;
using Kind = formats::yaml::Node::Kind;

struct NameVersion {
  std::string name;
  std::string version;
};

std::string_view StripPeers(std::string_view version, int major) {
  size_t end = version.find(major < 6 ? '_' : '(');
  return end == std::string_view::npos ? version : version.substr(0, end);
}

// A dependency path: "/@s/a/1.0.0_peer" (v5), "/@s/a@1.0.0(peer)" (v6), "@s/a@1.0.0(peer)" (v9);
// before v9 a registry host may stand in place of the leading '/'.
NameVersion ParseDepPath(std::string_view path, int major) {
  if (major < 9) {
    if (path.starts_with('/')) {
      path.remove_prefix(1);
    } else if (!path.starts_with('@')) {
      size_t slash = path.find('/');
      if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
    }
  }
  std::string scope;
  if (path.starts_with('@')) {
    size_t slash = path.find('/');
    if (slash == std::string_view::npos) return {std::string(path), {}};
    scope = std::string(path.substr(0, slash + 1));
    path.remove_prefix(slash + 1);
  }
  size_t separator = path.find(major < 6 ? '/' : '@');
  if (separator == std::string_view::npos) return {scope + std::string(path), {}};
  return {scope + std::string(path.substr(0, separator)),
          std::string(StripPeers(path.substr(separator + 1), major))};
}

std::string Id(const NameVersion& package) { return PackageId(package.name, package.version); }

// The package a dependency reference names: a packages key (tarballs, git), a version
// ("1.0.0(peer)"), or a dependency path (aliases: "/lodash/4.17.20", "/lodash@4.17.20",
// "lodash@4.17.20"); nullopt for links to workspace folders.
std::optional<NameVersion> ResolveReference(std::string_view name, std::string_view reference,
                                            int major,
                                            const std::map<std::string, NameVersion>& by_key) {
  if (reference.starts_with("link:")) return std::nullopt;
  auto it = by_key.find(std::string(reference));
  if (it == by_key.end()) it = by_key.find(fmt::format("{}@{}", name, reference));
  if (it != by_key.end()) return it->second;
  if (major < 9) {
    if (reference.starts_with('/')) return ParseDepPath(reference, major);
    return NameVersion{std::string(name), std::string(StripPeers(reference, major))};
  }
  std::string_view bare = StripPeers(reference, major);
  if (bare.find('@', 1) != std::string_view::npos) return ParseDepPath(bare, major);
  return NameVersion{std::string(name), std::string(bare)};
}

// An importer's or a v5/v6 top-level dependency map: name -> "1.0.0" or {specifier, version}.
std::vector<std::pair<std::string, std::string>> References(const Node* map) {
  std::vector<std::pair<std::string, std::string>> out;
  if (map == nullptr || map->kind != Kind::kMapping) return out;
  for (const auto& [name, value] : map->entries) {
    if (value.kind == Kind::kScalar) {
      out.emplace_back(name, value.scalar);
    } else if (const Node* version = value.Find("version");
               version != nullptr && version->kind == Kind::kScalar) {
      out.emplace_back(name, version->scalar);
    }
  }
  return out;
}

std::string Scalar(const Node& node, std::string_view key) {
  const Node* value = node.Find(key);
  return value != nullptr && value->kind == Kind::kScalar ? value->scalar : std::string();
}

}  // namespace

Result<PnpmLockfile> ParsePnpmLock(std::string_view content) {
  formats::yaml::Limits limits;
  limits.max_bytes = limits::kMaxNodeLockfileSize;
  limits.max_nodes = 64u << 20;
  SCRY_TRY(Node root, formats::yaml::Parse(content, limits));
  if (root.kind != Kind::kMapping) {
    return Fail(ErrorCode::kInvalidInput, "pnpm-lock.yaml is not a YAML mapping");
  }
  PnpmLockfile lockfile;
  lockfile.lockfile_version = Scalar(root, "lockfileVersion");
  if (lockfile.lockfile_version.empty()) {
    return Fail(ErrorCode::kInvalidInput, "\"lockfileVersion\" is missing or not a scalar");
  }
  char* end = nullptr;
  double version = std::strtod(lockfile.lockfile_version.c_str(), &end);
  if (end == lockfile.lockfile_version.c_str() || version < 5 || version >= 10) {
    return Fail(ErrorCode::kUnsupported, "lockfileVersion {} is not supported (5 to 9 are)",
                lockfile.lockfile_version);
  }
  int major = static_cast<int>(version);
  auto& warnings = lockfile.warnings;

  const Node* packages_node = root.Find("packages");
  // Package keys and the packages they name; tarball and git packages name themselves in their
  // fields, since their keys hold a URL.
  std::map<std::string, NameVersion> by_key;
  if (packages_node != nullptr && packages_node->kind == Kind::kMapping) {
    for (const auto& [path, info] : packages_node->entries) {
      NameVersion identity = ParseDepPath(path, major);
      std::string name = Scalar(info, "name");
      std::string explicit_version = Scalar(info, "version");
      if (!name.empty()) identity.name = name;
      if (!explicit_version.empty()) identity.version = explicit_version;
      by_key.emplace(path, std::move(identity));
    }
  }
  std::vector<model::Package> packages;
  auto add_dependencies = [&](const Node& info, model::Package& package) {
    for (std::string_view field : {"dependencies", "optionalDependencies"}) {
      for (const auto& [name, reference] : References(info.Find(field))) {
        auto target = ResolveReference(name, reference, major, by_key);
        if (target) package.depends_on.push_back(Id(*target));
      }
    }
  };
  // Direct dependencies, production and development.
  std::set<std::string> production_roots;
  std::set<std::string> development_roots;
  auto add_roots = [&](const Node& owner) {
    for (std::string_view field : {"dependencies", "optionalDependencies", "devDependencies"}) {
      for (const auto& [name, reference] : References(owner.Find(field))) {
        auto target = ResolveReference(name, reference, major, by_key);
        if (!target) continue;
        (field == "devDependencies" ? development_roots : production_roots).insert(Id(*target));
      }
    }
  };
  add_roots(root);
  bool have_importers = false;
  if (const Node* importers = root.Find("importers")) {
    if (importers->kind == Kind::kMapping) {
      have_importers = true;
      for (const auto& [path, importer] : importers->entries) add_roots(importer);
    } else if (!importers->IsNull()) {
      warnings.push_back(fmt::format("\"importers\" (line {}) is not a mapping", importers->line));
    }
  }

  if (packages_node != nullptr && packages_node->kind == Kind::kMapping) {
    for (const auto& [path, info] : packages_node->entries) {
      if (info.kind != Kind::kMapping) {
        warnings.push_back(
            fmt::format("packages.\"{}\" (line {}) is not a mapping", path, info.line));
        continue;
      }
      const NameVersion& identity = by_key.at(path);
      model::Package package;
      package.name = identity.name;
      package.version = identity.version;
      if (package.version.empty()) {
        package.evidence.emplace("version", "not recorded in the lockfile");
      }
      package.dev = Scalar(info, "dev") == "true";
      if (major < 9) add_dependencies(info, package);
      SetIdentity(package, "npm");
      packages.push_back(std::move(package));
    }
  } else if (packages_node != nullptr && !packages_node->IsNull()) {
    warnings.push_back(fmt::format("\"packages\" (line {}) is not a mapping", packages_node->line));
  }
  if (major >= 9) {
    std::map<std::string, std::vector<std::string>> snapshot_dependencies;
    if (const Node* snapshots = root.Find("snapshots");
        snapshots != nullptr && snapshots->kind == Kind::kMapping) {
      for (const auto& [path, info] : snapshots->entries) {
        model::Package probe;
        add_dependencies(info, probe);
        auto known = by_key.find(path);
        NameVersion identity = known != by_key.end() ? known->second : ParseDepPath(path, major);
        auto& list = snapshot_dependencies[Id(identity)];
        list.insert(list.end(), probe.depends_on.begin(), probe.depends_on.end());
      }
    }
    for (model::Package& package : packages) {
      auto it = snapshot_dependencies.find(package.id);
      if (it != snapshot_dependencies.end()) package.depends_on = it->second;
    }
  }
  packages = MergePackages(std::move(packages));

  std::map<std::string, size_t> by_id;
  for (size_t i = 0; i < packages.size(); ++i) by_id.emplace(packages[i].id, i);
  if (major >= 9 && have_importers) {
    // Dev-only: reachable from an importer's devDependencies and not from its production ones.
    // A package reachable from neither (a lockfile pnpm did not prune) is kept: dropping it
    // could hide a vulnerability.
    auto reachable = [&](const std::set<std::string>& roots) {
      std::vector<bool> reached(packages.size(), false);
      std::deque<size_t> queue;
      for (const std::string& id : roots) {
        auto it = by_id.find(id);
        if (it != by_id.end() && !reached[it->second]) {
          reached[it->second] = true;
          queue.push_back(it->second);
        }
      }
      while (!queue.empty()) {
        size_t index = queue.front();
        queue.pop_front();
        for (const std::string& id : packages[index].depends_on) {
          size_t next = by_id.at(id);
          if (!reached[next]) {
            reached[next] = true;
            queue.push_back(next);
          }
        }
      }
      return reached;
    };
    const std::vector<bool> production = reachable(production_roots);
    const std::vector<bool> development = reachable(development_roots);
    for (size_t i = 0; i < packages.size(); ++i) {
      packages[i].dev = development[i] && !production[i];
    }
  }
  for (model::Package& package : packages) {
    bool direct = production_roots.count(package.id) || development_roots.count(package.id);
    package.relationship = direct ? model::Relationship::kDirect : model::Relationship::kIndirect;
  }
  lockfile.packages = std::move(packages);
  return lockfile;
}

}  // namespace scry::analyzer::lang::nodejs
