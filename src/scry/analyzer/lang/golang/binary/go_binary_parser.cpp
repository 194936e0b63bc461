#include "scry/analyzer/lang/golang/binary/go_binary_parser.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "scry/analyzer/lang/golang/source/module_path.hpp"
#include "scry/binary/executable.hpp"
#include "scry/binary/go/buildinfo.hpp"
#include "scry/binary/go/main_version.hpp"
#include "scry/binary/go/modinfo.hpp"
#include "scry/binary/go/pclntab.hpp"
#include "scry/binary/go/versions.hpp"

namespace scry::analyzer::lang::golang {
namespace {

namespace go = binary::go;
using model::GoBinaryDetails;
using model::Package;
using model::Relationship;
using model::VersionSource;

constexpr std::string_view kPurlType = "golang";
constexpr std::string_view kDevel = "(devel)";

Package MakePackage(std::string name, std::string version, Relationship relationship,
                    VersionSource source) {
  Package package;
  package.name = std::move(name);
  package.version = std::move(version);
  package.relationship = relationship;
  package.version_source = package.version.empty() ? VersionSource::kUnknown : source;
  model::SetIdentity(package, kPurlType);
  return package;
}

VersionSource ToVersionSource(go::MainVersionSource source) {
  switch (source) {
    case go::MainVersionSource::kBuildInfo:
      return VersionSource::kBuildInfo;
    case go::MainVersionSource::kLdflags:
      return VersionSource::kLdflags;
    case go::MainVersionSource::kSymbol:
      return VersionSource::kSymbol;
    case go::MainVersionSource::kVcs:
      return VersionSource::kVcs;
    case go::MainVersionSource::kNone:
      return VersionSource::kUnknown;
  }
  return VersionSource::kUnknown;
}

Package StdlibPackage(const std::string& go_version, VersionSource source) {
  auto toolchain = go::ParseToolchainVersion(go_version);
  Package stdlib =
      MakePackage("stdlib", toolchain ? toolchain->semver : "", Relationship::kDirect, source);
  if (!toolchain || !toolchain->suffix.empty()) stdlib.evidence["GoVersion"] = go_version;
  return stdlib;
}

Package MainPackage(const go::ModInfo& info, const binary::Executable& executable) {
  const go::Module& main = *info.main;
  go::MainVersion inferred = go::InferMainVersion(info, &executable);
  Package package = MakePackage(main.path, inferred.version, Relationship::kRoot,
                                ToVersionSource(inferred.source));
  if (!main.version.empty() && main.version != package.version) {
    package.evidence["BuildInfoVersion"] = main.version;
  }
  if (!main.sum.empty()) package.evidence["Sum"] = main.sum;
  switch (inferred.source) {
    case go::MainVersionSource::kLdflags:
      package.evidence["LdflagsKey"] = inferred.detail;
      break;
    case go::MainVersionSource::kSymbol:
      package.evidence["Symbol"] = inferred.detail;
      break;
    case go::MainVersionSource::kVcs:
      package.evidence["VcsRevision"] = inferred.detail;
      break;
    case go::MainVersionSource::kBuildInfo:
    case go::MainVersionSource::kNone:
      break;
  }
  if (!inferred.ambiguity.empty()) package.evidence["AmbiguousVersions"] = inferred.ambiguity;
  return package;
}

bool IsLocalReplacement(const go::ModuleVersion& replacement) {
  return replacement.version.empty() || replacement.version == kDevel;
}

Package DependencyPackage(const go::Module& dep) {
  if (dep.replace && IsLocalReplacement(*dep.replace)) {
    // Code from a local directory has no version; the original path is what imports name.
    Package package = MakePackage(dep.path, "", Relationship::kUnknown, VersionSource::kUnknown);
    package.evidence["LocalReplacement"] = dep.replace->path;
    if (!dep.version.empty()) package.evidence["BuildInfoVersion"] = dep.version;
    return package;
  }
  const go::ModuleVersion& built = dep.replace ? *dep.replace : dep;
  bool valid = go::IsModuleVersion(built.version);
  Package package = MakePackage(built.path, valid ? built.version : "", Relationship::kUnknown,
                                VersionSource::kBuildInfo);
  if (!valid && !built.version.empty()) package.evidence["BuildInfoVersion"] = built.version;
  if (!built.sum.empty()) package.evidence["Sum"] = built.sum;
  if (dep.replace) package.evidence["Replaces"] = dep.path + " " + dep.version;
  return package;
}

// The import path of the directory holding `file`, when the path says it: GOPATH
// (".../src/<import path>/main.go"), module cache ("<...>/pkg/mod/<module>@<version>/<dir>/...")
// or -trimpath ("<module>[@<version>]/<dir>/main.go"). `version` receives a module cache version.
std::string ImportDirOfSourceFile(std::string_view file, std::string* version) {
  size_t slash = file.rfind('/');
  if (slash == std::string_view::npos) return {};
  std::string_view dir = file.substr(0, slash);
  size_t mod = dir.rfind("/pkg/mod/");
  bool trimmed = !dir.starts_with('/') && dir.find(':') == std::string_view::npos;
  if (mod != std::string_view::npos || (trimmed && dir.find('@') != std::string_view::npos)) {
    std::string_view rest = mod != std::string_view::npos ? dir.substr(mod + 9) : dir;
    size_t at = rest.find('@');
    if (at == std::string_view::npos) return {};
    std::string module = UnescapeModulePath(rest.substr(0, at));
    std::string_view after = rest.substr(at + 1);
    size_t end = after.find('/');
    if (version != nullptr) *version = std::string(after.substr(0, end));
    return end == std::string_view::npos ? module : module + std::string(after.substr(end));
  }
  if (size_t src = dir.rfind("/src/"); src != std::string_view::npos) {
    return std::string(dir.substr(src + 5));
  }
  if (trimmed && dir.find('.') != std::string_view::npos) return std::string(dir);
  return {};
}

// An import path that names where it is fetched from: its first element is a host name.
bool LooksLikeRemoteImportPath(std::string_view path) {
  std::string_view host = path.substr(0, path.find('/'));
  return host.find('.') != std::string_view::npos && !host.starts_with('.') &&
         !host.ends_with('.') && host.find(':') == std::string_view::npos;
}

bool PathWithin(std::string_view path, std::string_view root) {
  return path == root ||
         (path.size() > root.size() && path.starts_with(root) && path[root.size()] == '/');
}

// The module whose source tree holds `file` (an absolute path of a module-mode build without
// -trimpath, which names no import path): the tree's root is found from the directory of another
// package of the module, e.g. "/src/app/internal/x" for example.com/app/internal/x puts
// example.com/app at "/src/app".
std::string ModuleHoldingFile(std::string_view file,
                              const std::map<std::string, std::string>& package_directories,
                              const std::map<std::string, std::string>& module_of_package) {
  std::string_view dir = file.substr(0, file.rfind('/'));
  std::string best_module;
  size_t best_root = 0;
  for (const auto& [package, package_dir] : package_directories) {
    auto module = module_of_package.find(package);
    if (module == module_of_package.end()) continue;
    std::string_view inside = std::string_view(package).substr(module->second.size());
    if (!std::string_view(package_dir).ends_with(inside)) continue;
    std::string_view root =
        std::string_view(package_dir).substr(0, package_dir.size() - inside.size());
    if (!root.empty() && PathWithin(dir, root) && root.size() > best_root) {
      best_root = root.size();
      best_module = module->second;
    }
  }
  return best_module;
}

struct RecoveredModule {
  bool from_module_cache = false;
  std::string cache_version;
};

// Packages for a binary without module information, from its function table.
void AddRecoveredPackages(const go::RecoveredGoBinary& recovered,
                          const binary::Executable& executable, std::vector<Package>& packages,
                          GoBinaryDetails& details) {
  std::map<std::string, RecoveredModule> modules;
  std::map<std::string, std::string> module_of_package;
  for (const std::string& package_path : recovered.package_paths) {
    const go::ModuleCachePath* best = nullptr;
    for (const auto& cached : recovered.module_cache_paths) {
      if (PathWithin(package_path, cached.path) &&
          (best == nullptr || cached.path.size() > best->path.size())) {
        best = &cached;
      }
    }
    if (best != nullptr) {
      modules[best->path] = {true, best->version};
      module_of_package[package_path] = best->path;
    } else {
      std::string module = GuessModulePath(package_path);
      modules.try_emplace(module);
      module_of_package[package_path] = std::move(module);
    }
  }

  // GOPATH builds still record the main package's import path in build info; otherwise the
  // path of main.main's source file may tell it.
  std::string main_version_hint;
  // ("command-line-arguments", from `go build file.go`, is no import path.)
  bool main_from_build_info = LooksLikeRemoteImportPath(details.main_package_path);
  std::string main_dir =
      main_from_build_info ? details.main_package_path
                           : ImportDirOfSourceFile(recovered.main_source_file, &main_version_hint);
  if (!LooksLikeRemoteImportPath(main_dir)) main_dir.clear();
  std::string main_module;
  if (!main_dir.empty()) {
    for (const auto& [path, unused] : modules) {
      if (PathWithin(main_dir, path) && path.size() > main_module.size()) main_module = path;
    }
    if (main_module.empty()) main_module = GuessModulePath(main_dir);
  } else if (!recovered.main_source_file.empty()) {
    main_module = ModuleHoldingFile(recovered.main_source_file, recovered.package_directories,
                                    module_of_package);
  }

  for (const auto& [path, module] : modules) {
    if (path == main_module) continue;
    Package package = MakePackage(path, "", Relationship::kUnknown, VersionSource::kUnknown);
    package.evidence["RecoveredFrom"] = "pclntab";
    package.evidence["ModulePathFrom"] = module.from_module_cache ? "module-cache" : "package-path";
    if (!module.cache_version.empty())
      package.evidence["ModuleCacheVersion"] = module.cache_version;
    packages.push_back(std::move(package));
  }
  if (main_module.empty()) return;

  // A -X version string survives in unstripped binaries even when build info is gone.
  std::string version;
  std::string symbol;
  if (auto candidates = go::SymbolVersionCandidates(executable)) {
    if (auto chosen = go::ChooseVersion(*candidates, main_module, nullptr)) {
      version = chosen->value;
      symbol = chosen->key + ".str";
    }
  }
  Package root = MakePackage(main_module, version, Relationship::kRoot, VersionSource::kSymbol);
  if (main_from_build_info) {
    root.evidence["ModulePathFrom"] = "build-info-path";
  } else {
    root.evidence["RecoveredFrom"] = "pclntab";
    root.evidence["ModulePathFrom"] = "main-source-file";
  }
  if (!recovered.main_source_file.empty()) {
    root.evidence["MainSourceFile"] = recovered.main_source_file;
  }
  if (!symbol.empty()) root.evidence["Symbol"] = symbol;
  if (!main_version_hint.empty()) root.evidence["ModuleCacheVersion"] = main_version_hint;
  packages.push_back(std::move(root));

  details.source_module = main_module;
  details.source_repository = RepositoryUrl(main_module);
  details.source_command = "scry repo " + details.source_repository;
  std::string tag = !version.empty() ? version : main_version_hint;
  if (!tag.empty() && !go::IsPseudoVersion(tag)) {
    details.source_tag = tag;
    details.source_command += " --tag " + tag;
  }
}

struct SliceInventory {
  GoBinaryDetails details;
  std::vector<Package> packages;
};

Result<std::optional<SliceInventory>> AnalyzeSlice(const binary::Executable& executable,
                                                   std::vector<std::string>& warnings) {
  SliceInventory inventory;
  GoBinaryDetails& details = inventory.details;
  details.format = binary::FormatName(executable.format());
  details.architectures.push_back(executable.architecture());

  auto raw = go::ReadBuildInfo(executable);
  if (!raw) {
    warnings.push_back("Go build info is unreadable (" + raw.error().ToString() +
                       "); falling back to the function table");
  }
  std::optional<go::ModInfo> info;
  if (raw && *raw && !(*raw)->modinfo.empty()) {
    auto parsed = go::ParseModInfo((*raw)->modinfo);
    if (parsed) {
      info = std::move(*parsed);
    } else {
      warnings.push_back("Go module information is malformed (" + parsed.error().ToString() +
                         "); falling back to the function table");
    }
  }
  bool has_build_info = raw && raw->has_value();
  if (has_build_info) details.go_version = (*raw)->go_version;
  if (info) {
    details.main_package_path = info->path;
    details.build_settings = info->settings;
  }

  // `go build file.go` records dependencies without a main module ("command-line-arguments").
  if (info && (info->main || !info->deps.empty())) {
    details.build_info = GoBinaryDetails::BuildInfo::kPresent;
    if (info->main) inventory.packages.push_back(MainPackage(*info, executable));
    for (const go::Module& dep : info->deps) {
      if (!dep.path.empty()) inventory.packages.push_back(DependencyPackage(dep));
    }
    inventory.packages.push_back(StdlibPackage(details.go_version, VersionSource::kBuildInfo));
    return inventory;
  }
  // Commands of the Go distribution itself (cmd/go, cmd/compile...) have build info without
  // modules: everything in them is the standard library.
  // Their own vulnerabilities are filed under the "toolchain" pseudo-module of the Go vulndb.
  if (info && info->path.starts_with("cmd/")) {
    details.build_info = GoBinaryDetails::BuildInfo::kPresent;
    Package stdlib = StdlibPackage(details.go_version, VersionSource::kBuildInfo);
    Package toolchain = stdlib;
    toolchain.name = "toolchain";
    toolchain.evidence["Command"] = info->path;
    model::SetIdentity(toolchain, kPurlType);
    inventory.packages.push_back(std::move(stdlib));
    inventory.packages.push_back(std::move(toolchain));
    return inventory;
  }

  auto recovered = go::RecoverFromPclntab(executable);
  if (!recovered) {
    if (!has_build_info) return tl::unexpected(std::move(recovered.error()));
    warnings.push_back("Go function table is unreadable: " + recovered.error().ToString());
  }
  bool has_table = recovered && recovered->has_value();
  if (!has_build_info && !has_table) return std::nullopt;

  details.build_info = has_build_info ? GoBinaryDetails::BuildInfo::kNoModules
                                      : GoBinaryDetails::BuildInfo::kMissing;
  if (!has_build_info) details.go_version = has_table ? (*recovered)->go_version : "";
  inventory.packages.push_back(StdlibPackage(
      details.go_version, has_build_info ? VersionSource::kBuildInfo : VersionSource::kRuntime));
  if (has_table) AddRecoveredPackages(**recovered, executable, inventory.packages, details);
  return inventory;
}

// Packages of all slices, each (name, version) once, sorted; the root depends on the others.
std::vector<Package> MergePackages(std::vector<SliceInventory>& slices) {
  std::map<std::pair<std::string, std::string>, Package> unique;
  for (auto& slice : slices) {
    for (auto& package : slice.packages) {
      unique.try_emplace({package.name, package.version}, std::move(package));
    }
  }
  std::vector<Package> packages;
  for (auto& [key, package] : unique) packages.push_back(std::move(package));
  std::vector<std::string> dependency_ids;
  for (const Package& package : packages) {
    if (package.relationship != Relationship::kRoot) dependency_ids.push_back(package.id);
  }
  std::sort(dependency_ids.begin(), dependency_ids.end());
  for (Package& package : packages) {
    if (package.relationship == Relationship::kRoot) package.depends_on = dependency_ids;
  }
  return packages;
}

}  // namespace

Result<std::optional<ParsedGoBinary>> ParseGoBinary(Bytes file) {
  if (!binary::HasExecutableMagic(file)) return std::nullopt;
  auto executables = binary::ParseExecutable(file);
  if (!executables) {
    if (executables.error().code() == ErrorCode::kUnsupported) return std::nullopt;
    return tl::unexpected(std::move(executables.error()));
  }
  ParsedGoBinary parsed;
  std::vector<SliceInventory> slices;
  for (const binary::Executable& executable : *executables) {
    SCRY_TRY(auto slice, AnalyzeSlice(executable, parsed.warnings));
    if (slice) slices.push_back(std::move(*slice));
  }
  if (slices.empty()) return std::nullopt;

  parsed.application.type = "gobinary";
  GoBinaryDetails details = slices.front().details;
  for (size_t i = 1; i < slices.size(); ++i) {
    for (const std::string& arch : slices[i].details.architectures) {
      details.architectures.push_back(arch);
    }
  }
  parsed.application.packages = MergePackages(slices);
  parsed.application.go_binary = std::move(details);
  return parsed;
}

}  // namespace scry::analyzer::lang::golang
