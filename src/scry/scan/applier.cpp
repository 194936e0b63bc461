#include "scry/scan/applier.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

#include "scry/analyzer/os/os_release_parser.hpp"

namespace scry::scan {
namespace {

// Where a surviving file's analysis came from.
struct Surviving {
  size_t layer;
  const analyzer::AnalysisResult* result;
};
using FileState = std::map<std::string, Surviving>;

// Removes `path` and everything below it; with `keep_self`, only what is below it.
void RemoveTree(FileState& state, const std::string& path, bool keep_self) {
  if (!keep_self) state.erase(path);
  std::string prefix = path + "/";
  for (auto it = state.lower_bound(prefix); it != state.end() && it->first.starts_with(prefix);) {
    it = state.erase(it);
  }
}

// Identifies one installed package across layers: a package whose database entry is unchanged
// keeps the layer that first installed it.
std::string PackageKey(const std::string& type, const model::Package& package) {
  return type + '\n' + package.name + '\n' + package.arch + '\n' + model::FullVersion(package);
}

std::string_view PurlType(std::string_view database_type) {
  if (database_type == "dpkg") return "deb";
  return database_type;  // "apk", "rpm"
}

std::string OwnerLabel(const model::Package& package, const std::string& type) {
  return type + ":" + package.name + "@" + model::FullVersion(package);
}

}  // namespace

namespace {

// Trivy's aggregating types: installed packages are spread over many metadata files, so one
// result per file would bury the report.
std::optional<std::string_view> AggregatedTarget(std::string_view type) {
  if (type == "python-pkg") return "Python";
  if (type == "node-pkg") return "Node.js";
  if (type == "gemspec") return "Ruby";
  if (type == "jar") return "Java";
  if (type == "composer-vendor") return "PHP";
  return std::nullopt;
}

// Removes dev packages and the dependency edges that pointed at them.
void DropDevPackages(std::vector<model::Package>& packages) {
  std::set<std::string> dropped;
  for (const auto& package : packages) {
    if (package.dev) dropped.insert(package.id);
  }
  if (dropped.empty()) return;
  std::erase_if(packages, [](const model::Package& package) { return package.dev; });
  for (auto& package : packages) {
    std::erase_if(package.depends_on,
                  [&dropped](const std::string& id) { return dropped.count(id) != 0; });
  }
}

}  // namespace

Inventory ApplyLayers(const std::vector<LayerAnalysis>& layers, const std::string& target_name,
                      const ApplyOptions& options) {
  FileState state;
  // Package key -> the first layer of the unbroken run of layers whose databases list it.
  std::map<std::string, size_t> package_origin;
  for (size_t index = 0; index < layers.size(); ++index) {
    const LayerAnalysis& layer = layers[index];
    for (const auto& directory : layer.opaque_directories) RemoveTree(state, directory, true);
    for (const auto& path : layer.whiteouts) RemoveTree(state, path, false);
    for (const auto& path : layer.written) state.erase(path);
    for (const auto& [path, result] : layer.files) state[path] = Surviving{index, &result};

    std::set<std::string> present;
    for (const auto& [path, surviving] : state) {
      for (const auto& database : surviving.result->package_databases) {
        for (const auto& package : database.packages) {
          present.insert(PackageKey(database.type, package));
        }
      }
    }
    std::erase_if(package_origin,
                  [&](const auto& entry) { return !present.contains(entry.first); });
    for (const auto& key : present) package_origin.try_emplace(key, index);
  }

  Inventory inventory;
  std::vector<analyzer::os::OsFinding> releases;
  for (const auto& [path, surviving] : state) {
    if (surviving.result->os) releases.push_back({path, *surviving.result->os});
  }
  inventory.os = analyzer::os::CombineOs(releases);

  // OS packages from every surviving database, and who owns which file.
  model::ScanResult os_result;
  std::map<std::string, std::string> package_labels;  // name -> "dpkg:name@version"
  std::set<std::string> seen;
  for (const auto& [path, surviving] : state) {
    for (const auto& database : surviving.result->package_databases) {
      for (const auto& package : database.packages) {
        std::string key = PackageKey(database.type, package);
        if (!seen.insert(key).second) continue;
        model::Package copy = package;
        // The analyzers saw one file; the purl's namespace and distro need the image's OS.
        SetOsPackageIdentity(copy, PurlType(database.type),
                             inventory.os ? &*inventory.os : nullptr);
        auto origin = package_origin.find(key);
        copy.layer =
            layers[origin != package_origin.end() ? origin->second : surviving.layer].layer;
        package_labels.try_emplace(copy.name, OwnerLabel(copy, database.type));
        os_result.packages.push_back(std::move(copy));
      }
    }
  }
  std::map<std::string, std::string> owners;  // file path -> owning package label
  for (const auto& [path, surviving] : state) {
    for (const auto& files : surviving.result->installed_files) {
      auto label = package_labels.find(files.package);
      if (label == package_labels.end()) continue;  // a leftover list of a removed package
      for (const auto& owned : files.paths) owners.try_emplace(owned, label->second);
    }
  }
  if (!os_result.packages.empty()) {
    std::sort(os_result.packages.begin(), os_result.packages.end(),
              [](const auto& a, const auto& b) {
                return std::tie(a.name, a.version, a.release, a.arch) <
                       std::tie(b.name, b.version, b.release, b.arch);
              });
    os_result.result_class = model::ResultClass::kOsPackages;
    os_result.type = inventory.os ? inventory.os->family : "unknown";
    os_result.target =
        inventory.os ? target_name + " (" + inventory.os->family + " " + inventory.os->name + ")"
                     : target_name + " (unknown OS)";
    inventory.results.push_back(std::move(os_result));
  }

  std::vector<model::ScanResult> applications;
  std::map<std::string, model::ScanResult> aggregated;  // by target ("Python")
  for (const auto& [path, surviving] : state) {
    for (const auto& application : surviving.result->applications) {
      model::ScanResult result;
      result.target = application.file_path;
      result.result_class = model::ResultClass::kLanguagePackages;
      result.type = application.type;
      result.packages = application.packages;
      if (!options.include_dev_deps) DropDevPackages(result.packages);
      for (auto& package : result.packages) package.layer = layers[surviving.layer].layer;
      result.go_binary = application.go_binary;
      if (auto owner = owners.find(application.file_path); owner != owners.end()) {
        result.owned_by = owner->second;
      }
      if (auto name = AggregatedTarget(application.type)) {
        model::ScanResult& into = aggregated[std::string(*name)];
        if (into.target.empty()) {
          into.target = std::string(*name);
          into.result_class = result.result_class;
          into.type = result.type;
        }
        for (auto& package : result.packages) {
          if (package.file_path.empty()) package.file_path = application.file_path;
          into.packages.push_back(std::move(package));
        }
        continue;
      }
      applications.push_back(std::move(result));
    }
  }
  for (auto& [name, result] : aggregated) applications.push_back(std::move(result));
  for (auto& result : applications) {
    std::sort(result.packages.begin(), result.packages.end(), [](const auto& a, const auto& b) {
      return std::tie(a.name, a.version, a.file_path) < std::tie(b.name, b.version, b.file_path);
    });
  }
  std::stable_sort(applications.begin(), applications.end(),
                   [](const auto& a, const auto& b) { return a.target < b.target; });
  std::move(applications.begin(), applications.end(), std::back_inserter(inventory.results));
  return inventory;
}

}  // namespace scry::scan
