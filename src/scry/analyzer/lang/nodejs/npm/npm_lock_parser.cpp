#include "scry/analyzer/lang/nodejs/npm/npm_lock_parser.hpp"

#include <fmt/format.h>
#include <fnmatch.h>

#include <map>
#include <set>
#include <unordered_map>

#include "scry/analyzer/lang/nodejs/nodejs_common.hpp"
#include "scry/formats/json.hpp"

namespace scry::analyzer::lang::nodejs {
namespace {

namespace json = formats::json;

constexpr std::string_view kNodeModules = "node_modules/";
constexpr std::string_view kVersionEvidence = "version";
constexpr std::string_view kNoVersion = "not recorded in the lockfile";

// One entry of the v2/v3 "packages" map.
struct Entry {
  std::string name;  // the "name" field: set when the folder name is not the package name
  std::string version;
  std::string resolved;
  bool dev = false;
  bool link = false;
  std::vector<std::string> dependencies;  // dependencies, optional and peer dependencies
  std::vector<std::string> dev_dependencies;
  std::vector<std::string> workspaces;
};

std::string GetString(json::Object object, std::string_view key, std::string_view where,
                      std::vector<std::string>& warnings) {
  json::Element element;
  if (object[key].get(element) || element.is_null()) return {};
  std::string_view value;
  if (element.get(value)) {
    warnings.push_back(fmt::format("{}: \"{}\" is not a string", where, key));
    return {};
  }
  return std::string(value);
}

bool GetBool(json::Object object, std::string_view key, std::string_view where,
             std::vector<std::string>& warnings) {
  json::Element element;
  if (object[key].get(element) || element.is_null()) return false;
  bool value = false;
  if (element.get(value)) {
    warnings.push_back(fmt::format("{}: \"{}\" is not a boolean", where, key));
    return false;
  }
  return value;
}

void AddKeys(json::Object object, std::string_view key, std::string_view where,
             std::vector<std::string>& out, std::vector<std::string>& warnings) {
  json::Element element;
  if (object[key].get(element) || element.is_null()) return;
  json::Object map;
  if (element.get(map)) {
    warnings.push_back(fmt::format("{}: \"{}\" is not an object", where, key));
    return;
  }
  for (auto field : map) out.emplace_back(field.key);
}

bool IsInstallPath(std::string_view path) {
  return path.starts_with(kNodeModules) || path.find("/node_modules/") != std::string_view::npos;
}

std::string NameFromPath(std::string_view path) {
  size_t at = path.rfind(kNodeModules);
  return std::string(at == std::string_view::npos ? path : path.substr(at + kNodeModules.size()));
}

std::string_view Parent(std::string_view dir) {
  size_t slash = dir.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : dir.substr(0, slash);
}

bool IsNodeModulesDir(std::string_view dir) {
  return dir == "node_modules" || dir.ends_with("/node_modules");
}

// Whether a project folder ("packages/a") is one of the root's workspaces (globs as in
// package.json "workspaces").
bool MatchesWorkspaces(const std::vector<std::string>& patterns, std::string_view folder) {
  std::string path(folder);
  if (path.starts_with("./")) path.erase(0, 2);
  for (std::string pattern : patterns) {
    if (pattern.starts_with("./")) pattern.erase(0, 2);
    while (pattern.ends_with('/')) pattern.pop_back();
    if (fnmatch(pattern.c_str(), path.c_str(), 0) == 0) return true;
  }
  return false;
}

class V2Reader {
 public:
  // `entries` in the lockfile's order, keys unique.
  V2Reader(std::vector<std::pair<std::string, Entry>> entries, std::vector<std::string>& warnings)
      : entries_(std::move(entries)), warnings_(warnings) {
    for (size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].first, i);
  }

  std::vector<model::Package> Read() {
    std::vector<model::Package> packages;
    const Entry* root = Find("");
    std::set<std::string> direct;
    std::vector<std::string> workspaces;  // ids of workspace packages
    if (root != nullptr) {
      for (const auto* names : {&root->dependencies, &root->dev_dependencies}) {
        for (const std::string& name : *names) direct.insert(std::string(kNodeModules) + name);
      }
    }
    for (const auto& [path, entry] : entries_) {
      if (!IsInstallPath(path)) continue;
      std::string folder = path;
      const Entry* source = &entry;
      model::Package package;
      package.dev = entry.dev;
      package.relationship =
          direct.count(path) ? model::Relationship::kDirect : model::Relationship::kIndirect;
      if (entry.link) {
        if (entry.resolved.empty()) {
          warnings_.push_back(
              fmt::format("packages.\"{}\": a link without \"resolved\" was skipped", path));
          continue;
        }
        folder = entry.resolved;
        source = Find(folder);
        if (source != nullptr) package.dev = package.dev || source->dev;
        if (IsWorkspace(folder, root)) package.relationship = model::Relationship::kWorkspace;
      }
      Identity identity = IdentityOf(path);
      package.name = identity.name;
      package.version = identity.version;
      if (package.version.empty()) package.evidence.emplace(kVersionEvidence, kNoVersion);
      if (source != nullptr) package.depends_on = ResolveAll(folder, source->dependencies);
      SetIdentity(package, "npm");
      if (package.relationship == model::Relationship::kWorkspace) workspaces.push_back(package.id);
      packages.push_back(std::move(package));
    }
    if (root != nullptr && !root->name.empty() && !root->version.empty()) {
      model::Package package;
      package.name = root->name;
      package.version = root->version;
      package.relationship = model::Relationship::kRoot;
      std::vector<std::string> names = root->dependencies;
      names.insert(names.end(), root->dev_dependencies.begin(), root->dev_dependencies.end());
      package.depends_on = ResolveAll("", names);
      package.depends_on.insert(package.depends_on.end(), workspaces.begin(), workspaces.end());
      SetIdentity(package, "npm");
      packages.push_back(std::move(package));
    }
    return packages;
  }

 private:
  struct Identity {
    std::string name;
    std::string version;
  };

  const Entry* Find(std::string_view path) const {
    auto it = index_.find(path);
    return it == index_.end() ? nullptr : &entries_[it->second].second;
  }

  // The package installed at `path`, following a link to its target folder.
  Identity IdentityOf(const std::string& path) const {
    const Entry& entry = *Find(path);
    Identity identity{entry.name, entry.version};
    if (entry.link) {
      const Entry* target = Find(entry.resolved);
      identity = target != nullptr ? Identity{target->name, target->version} : Identity{};
      if (identity.name.empty()) identity.name = entry.name;
    }
    if (identity.name.empty()) identity.name = NameFromPath(path);
    return identity;
  }

  bool IsWorkspace(std::string_view folder, const Entry* root) const {
    return root != nullptr && MatchesWorkspaces(root->workspaces, folder);
  }

  // Node's lookup: <dir>/node_modules/<name>, then the same from each parent folder.
  std::optional<std::string> Resolve(std::string_view from, std::string_view name) const {
    std::string_view dir = from;
    while (true) {
      if (!IsNodeModulesDir(dir)) {
        std::string candidate = dir.empty() ? fmt::format("{}{}", kNodeModules, name)
                                            : fmt::format("{}/{}{}", dir, kNodeModules, name);
        if (index_.count(candidate) != 0) return candidate;
      }
      if (dir.empty()) return std::nullopt;
      dir = Parent(dir);
    }
  }

  std::vector<std::string> ResolveAll(std::string_view from,
                                      const std::vector<std::string>& names) const {
    std::vector<std::string> ids;
    for (const std::string& name : names) {
      auto path = Resolve(from, name);
      if (!path) continue;  // an optional or peer dependency that is not installed
      Identity identity = IdentityOf(*path);
      ids.push_back(PackageId(identity.name, identity.version));
    }
    return ids;
  }

  std::vector<std::pair<std::string, Entry>> entries_;
  std::unordered_map<std::string_view, size_t> index_;  // views of the keys in entries_
  std::vector<std::string>& warnings_;
};

Result<std::vector<model::Package>> ReadV2(json::Object packages_map,
                                           std::vector<std::string>& warnings) {
  std::vector<std::pair<std::string, Entry>> entries;
  std::set<std::string_view> seen;
  for (auto field : packages_map) {
    if (!seen.insert(field.key).second) {
      warnings.push_back(
          fmt::format("packages.\"{}\" is listed twice; the first is used", field.key));
      continue;
    }
    std::string key(field.key);
    std::string where = fmt::format("packages.\"{}\"", key);
    json::Object object;
    if (field.value.get(object)) {
      warnings.push_back(where + " is not an object");
      continue;
    }
    Entry entry;
    entry.name = GetString(object, "name", where, warnings);
    entry.version = GetString(object, "version", where, warnings);
    entry.resolved = GetString(object, "resolved", where, warnings);
    entry.dev = GetBool(object, "dev", where, warnings);
    entry.link = GetBool(object, "link", where, warnings);
    for (std::string_view map : {"dependencies", "optionalDependencies", "peerDependencies"}) {
      AddKeys(object, map, where, entry.dependencies, warnings);
    }
    AddKeys(object, "devDependencies", where, entry.dev_dependencies, warnings);
    if (key.empty()) {
      json::Element workspaces;
      if (!object["workspaces"].get(workspaces)) {
        json::Object yarn_form;
        entry.workspaces = !workspaces.get(yarn_form) ? json::StringArray(yarn_form, "packages")
                                                      : json::StringArray(object, "workspaces");
      }
    }
    entries.emplace_back(std::move(key), std::move(entry));
  }
  return V2Reader(std::move(entries), warnings).Read();
}

// Lockfile v1: a tree of "dependencies" objects; each level is a node_modules folder.
class V1Reader {
 public:
  V1Reader(const PackageJson* manifest, std::vector<std::string>& warnings)
      : manifest_(manifest), warnings_(warnings) {
    if (manifest_ != nullptr) manifest_names_ = ManifestNames();
  }

  std::vector<model::Package> Read(json::Object top, std::string_view name,
                                   std::string_view version) {
    Scope scope = ScopeOf(top, "dependencies");
    std::vector<const Scope*> chain{&scope};
    Walk(top, chain, "dependencies", 0);
    if (!name.empty() && !version.empty()) {
      model::Package root;
      root.name = std::string(name);
      root.version = std::string(version);
      root.relationship = model::Relationship::kRoot;
      if (manifest_ != nullptr) {
        for (const std::string& dependency : manifest_names_) {
          auto it = scope.find(dependency);
          if (it != scope.end()) root.depends_on.push_back(it->second);
        }
        root.depends_on.insert(root.depends_on.end(), workspaces_.begin(), workspaces_.end());
      }
      SetIdentity(root, "npm");
      packages_.push_back(std::move(root));
    }
    return std::move(packages_);
  }

 private:
  using Scope = std::map<std::string, std::string>;  // folder name -> package id

  std::set<std::string> ManifestNames() const {
    std::set<std::string> names;
    for (const auto* map : {&manifest_->dependencies, &manifest_->dev_dependencies,
                            &manifest_->optional_dependencies, &manifest_->peer_dependencies}) {
      for (const auto& [name, range] : *map) names.insert(name);
    }
    return names;
  }

  static model::Package Identify(std::string_view folder_name, std::string_view version) {
    model::Package package;
    package.name = std::string(folder_name);
    package.version = std::string(version);
    std::string alias = AliasTarget(version);
    if (!alias.empty()) {
      package.name = alias;
      package.version = std::string(version.substr(4 + alias.size() + 1));
    }
    package.id = PackageId(package.name, package.version);
    return package;
  }

  static std::optional<json::Object> Child(json::Object object, std::string_view key) {
    return json::OptionalObject(object, key);
  }

  static Scope ScopeOf(json::Object parent, std::string_view key) {
    Scope scope;
    auto dependencies = Child(parent, key);
    if (!dependencies) return scope;
    for (auto field : *dependencies) {
      json::Object object;
      if (field.value.get(object)) continue;
      std::string_view version;
      if (object["version"].get(version)) version = {};
      scope.emplace(std::string(field.key), Identify(field.key, version).id);
    }
    return scope;
  }

  void Walk(json::Object parent, std::vector<const Scope*>& chain, std::string_view where,
            int depth) {
    json::Element element;
    if (parent["dependencies"].get(element) || element.is_null()) return;
    json::Object dependencies;
    if (element.get(dependencies)) {
      warnings_.push_back(fmt::format("{} is not an object", where));
      return;
    }
    for (auto field : dependencies) {
      std::string path = fmt::format("{}.\"{}\"", where, field.key);
      json::Object object;
      if (field.value.get(object)) {
        warnings_.push_back(path + " is not an object");
        continue;
      }
      std::string version = GetString(object, "version", path, warnings_);
      model::Package package = Identify(field.key, version);
      package.dev = GetBool(object, "dev", path, warnings_);
      if (package.version.empty()) package.evidence.emplace(kVersionEvidence, kNoVersion);
      if (manifest_ == nullptr) {
        package.relationship = model::Relationship::kUnknown;
      } else if (depth == 0 && version.starts_with("file:") &&
                 MatchesWorkspaces(manifest_->workspaces, std::string_view(version).substr(5))) {
        package.relationship = model::Relationship::kWorkspace;
        workspaces_.push_back(package.id);
      } else if (depth == 0 && manifest_names_.count(std::string(field.key)) != 0) {
        package.relationship = model::Relationship::kDirect;
      } else {
        package.relationship = model::Relationship::kIndirect;
      }
      Scope nested = ScopeOf(object, "dependencies");
      chain.push_back(&nested);
      std::vector<std::string> requires_names;
      AddKeys(object, "requires", path, requires_names, warnings_);
      for (const std::string& name : requires_names) {
        for (auto scope = chain.rbegin(); scope != chain.rend(); ++scope) {
          auto it = (*scope)->find(name);
          if (it != (*scope)->end()) {
            package.depends_on.push_back(it->second);
            break;
          }
        }
      }
      SetIdentity(package, "npm");
      packages_.push_back(std::move(package));
      Walk(object, chain, path + ".dependencies", depth + 1);
      chain.pop_back();
    }
  }

  const PackageJson* manifest_;
  std::set<std::string> manifest_names_;
  std::vector<std::string>& warnings_;
  std::vector<model::Package> packages_;
  std::vector<std::string> workspaces_;  // ids of workspace packages
};

}  // namespace

Result<NpmLockfile> ParseNpmLockfile(std::string_view content, const PackageJson* manifest) {
  json::Parser parser;
  SCRY_TRY(json::Element root, parser.Parse(content));
  SCRY_TRY(json::Object object, json::RequiredObject(root, "package-lock.json"));
  NpmLockfile lockfile;
  auto version = json::OptionalNumber(object, "lockfileVersion");
  if (!version) {
    return Fail(ErrorCode::kInvalidInput, "\"lockfileVersion\" is missing or not a number");
  }
  lockfile.lockfile_version = static_cast<int>(*version);
  if (*version != 1 && *version != 2 && *version != 3) {
    return Fail(ErrorCode::kUnsupported, "lockfileVersion {} is not supported (1, 2 and 3 are)",
                *version);
  }
  json::Element packages;
  if (lockfile.lockfile_version >= 2 && !object["packages"].get(packages)) {
    json::Object map;
    if (packages.get(map)) return Fail(ErrorCode::kInvalidInput, "\"packages\" is not an object");
    SCRY_TRY(auto list, ReadV2(map, lockfile.warnings));
    lockfile.packages = MergePackages(std::move(list));
    return lockfile;
  }
  std::string name = GetString(object, "name", "package-lock.json", lockfile.warnings);
  std::string root_version = GetString(object, "version", "package-lock.json", lockfile.warnings);
  auto list = V1Reader(manifest, lockfile.warnings).Read(object, name, root_version);
  lockfile.packages = MergePackages(std::move(list));
  return lockfile;
}

}  // namespace scry::analyzer::lang::nodejs
