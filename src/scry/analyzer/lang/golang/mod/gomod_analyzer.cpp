#include "scry/analyzer/lang/golang/mod/gomod_analyzer.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "scry/analyzer/lang/golang/mod/gomod_parser.hpp"
#include "scry/base/bytes.hpp"
#include "scry/base/limits.hpp"
#include "scry/base/strings.hpp"

namespace scry::analyzer::lang::golang {
namespace {

using strings::Join;
using strings::Split;

constexpr int kVersion = 1;
constexpr std::string_view kPurlType = "golang";
constexpr std::string_view kVendorFile = "vendor/modules.txt";

using model::Package;
using model::Relationship;

std::string_view Directory(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

// Joins a target-relative directory and a relative path from a go.work `use` line, resolving
// "." and ".."; nullopt for absolute paths or paths that leave the target.
std::optional<std::string> JoinPath(std::string_view directory, std::string_view relative) {
  if (relative.starts_with('/')) return std::nullopt;
  std::vector<std::string> parts;
  auto add = [&parts](std::string_view path) {
    for (std::string_view part : Split(path, '/')) {
      if (part.empty() || part == ".") continue;
      if (part == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else {
        parts.emplace_back(part);
      }
    }
    return true;
  };
  if (!add(directory) || !add(relative)) return std::nullopt;
  return Join(parts, "/");
}

std::string InDirectory(std::string_view directory, std::string_view name) {
  return directory.empty() ? std::string(name) : std::string(directory) + "/" + std::string(name);
}

// Reads a neighbour file; nullopt when there is no sibling reader or no such file, and an error
// when it exists but is too large or unreadable.
Result<std::optional<std::string>> ReadSibling(const SiblingReader* siblings,
                                               const std::string& path) {
  if (siblings == nullptr) return std::optional<std::string>();
  auto source = (*siblings)(path);
  if (!source) {
    if (source.error().code() == ErrorCode::kNotFound) return std::optional<std::string>();
    return tl::unexpected(std::move(source).error());
  }
  std::string_view content = AsChars((*source)->bytes());
  if (content.size() > limits::kMaxGoModFileSize) {
    return Fail(ErrorCode::kLimitExceeded,
                "{} is larger than the {} MiB allowed for Go module files", path,
                limits::kMaxGoModFileSize >> 20);
  }
  return std::optional<std::string>(std::string(content));
}

struct Workspace {
  std::string work_path;  // the go.work
  GoWorkFile work;
  std::map<std::string, std::string> members;     // module path -> directory
  std::map<std::string, std::string> build_list;  // module path -> highest required version
  std::vector<GoReplace> member_replaces;         // of the other members' go.mod files
};

// The nearest go.work at or above the go.mod's directory that `use`s it (the go command takes
// the nearest go.work; one that does not use this module leaves it outside any workspace).
Result<std::optional<Workspace>> FindWorkspace(const SiblingReader* siblings,
                                               std::string_view directory, const GoModFile& self,
                                               std::vector<std::string>& warnings) {
  if (siblings == nullptr) return std::optional<Workspace>();
  std::string current(directory);
  while (true) {
    std::string candidate = InDirectory(current, "go.work");
    SCRY_TRY(auto text, ReadSibling(siblings, candidate));
    if (text) {
      auto work = ParseGoWork(*text);
      if (!work) {
        warnings.push_back(fmt::format("{} ignored: {}", candidate, work.error().ToString()));
        return std::optional<Workspace>();
      }
      if (work->uses.size() > limits::kMaxGoWorkspaceModules) {
        return Fail(ErrorCode::kLimitExceeded, "{} uses more than {} modules", candidate,
                    limits::kMaxGoWorkspaceModules);
      }
      Workspace workspace;
      workspace.work_path = candidate;
      bool uses_self = false;
      for (const std::string& use : work->uses) {
        auto member = JoinPath(current, use);
        if (!member) {
          warnings.push_back(
              fmt::format("{}: `use {}` is outside the scanned tree", candidate, use));
          continue;
        }
        if (*member == directory) {
          uses_self = true;
          if (!self.module.empty()) workspace.members[self.module] = *member;
          for (const GoRequire& require : self.require) {
            auto& selected = workspace.build_list[require.path];
            if (CompareModuleVersions(require.version, selected) > 0) selected = require.version;
          }
          continue;
        }
        std::string mod_path = InDirectory(*member, "go.mod");
        SCRY_TRY(auto mod_text, ReadSibling(siblings, mod_path));
        if (!mod_text) {
          warnings.push_back(fmt::format("{}: {} does not exist", candidate, mod_path));
          continue;
        }
        auto mod = ParseGoMod(*mod_text);
        if (!mod) {
          warnings.push_back(fmt::format("{} ignored: {}", mod_path, mod.error().ToString()));
          continue;
        }
        if (!mod->module.empty()) workspace.members[mod->module] = *member;
        for (const GoRequire& require : mod->require) {
          auto& selected = workspace.build_list[require.path];
          if (CompareModuleVersions(require.version, selected) > 0) selected = require.version;
        }
        workspace.member_replaces.insert(workspace.member_replaces.end(), mod->replaces.begin(),
                                         mod->replaces.end());
      }
      if (!uses_self) return std::optional<Workspace>();
      workspace.work = std::move(*work);
      return std::optional<Workspace>(std::move(workspace));
    }
    if (current.empty()) return std::optional<Workspace>();
    current = std::string(Directory(current));
  }
}

// The first replacement of `path`@`version` in priority order: a versioned match before an
// unversioned one, as the go command does.
const GoReplace* FindReplace(const std::vector<const std::vector<GoReplace>*>& lists,
                             const std::string& path, const std::string& version) {
  for (bool versioned : {true, false}) {
    for (const auto* list : lists) {
      // Later lines win within one file, as in modfile.
      for (auto it = list->rbegin(); it != list->rend(); ++it) {
        if (it->old_path != path) continue;
        if (versioned ? it->old_version == version : it->old_version.empty()) return &*it;
      }
    }
  }
  return nullptr;
}

void ApplyReplace(const GoReplace* replace, Package& package) {
  if (replace == nullptr) return;
  std::string original =
      package.version.empty() ? package.name : package.name + "@" + package.version;
  if (replace->new_version.empty()) {
    // Built from a local folder: the module keeps its path, and has no version to match.
    package.evidence["LocalReplacement"] = replace->new_path;
    if (!package.version.empty()) package.evidence["RequiredVersion"] = package.version;
    package.version.clear();
    return;
  }
  package.evidence["Replaces"] = original;
  package.name = replace->new_path;
  package.version = replace->new_version;
}

class GoModAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kGoMod; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }

  bool Required(const FileInfo& file) const override {
    std::string_view path = file.path;
    return S_ISREG(file.mode) && (path == "go.mod" || path.ends_with("/go.mod"));
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    const std::string& path = input.file.path;
    auto too_large = [&path] {
      return Fail(ErrorCode::kLimitExceeded,
                  "{} is larger than the {} MiB allowed for Go module files", path,
                  limits::kMaxGoModFileSize >> 20);
    };
    if (input.file.size > limits::kMaxGoModFileSize) return too_large();
    SCRY_TRY(auto source, input.open());
    std::string_view content = AsChars(source->bytes());
    if (content.size() > limits::kMaxGoModFileSize) return too_large();
    auto parsed = ParseGoMod(content);
    if (!parsed) return tl::unexpected(std::move(parsed).error().Wrap("read " + path));
    const GoModFile& mod = *parsed;
    std::string_view directory = Directory(path);

    AnalysisResult result;
    SCRY_TRY(auto workspace, FindWorkspace(input.siblings, directory, mod, result.warnings));

    std::vector<const std::vector<GoReplace>*> replace_lists;
    if (workspace) replace_lists.push_back(&workspace->work.replaces);
    replace_lists.push_back(&mod.replaces);
    if (workspace) replace_lists.push_back(&workspace->member_replaces);

    // vendor/modules.txt: what `go build -mod=vendor` builds (ignored in workspace mode).
    std::map<std::string, VendoredModule> vendored;
    std::string vendor_path = InDirectory(directory, kVendorFile);
    if (!workspace) {
      SCRY_TRY(auto vendor_text, ReadSibling(input.siblings, vendor_path));
      if (vendor_text) {
        auto modules = ParseVendorModules(*vendor_text);
        if (!modules) {
          result.warnings.push_back(
              fmt::format("{} ignored: {}", vendor_path, modules.error().ToString()));
        } else {
          for (VendoredModule& module : *modules) vendored[module.path] = std::move(module);
        }
      }
    }

    model::Application application;
    application.type = "gomod";
    application.file_path = path;
    std::vector<Package> packages;
    std::set<std::string> required;
    for (const GoRequire& require : mod.require) {
      required.insert(require.path);
      Package package;
      package.name = require.path;
      package.version = require.version;
      package.relationship = require.indirect ? Relationship::kIndirect : Relationship::kDirect;
      if (workspace) {
        if (auto member = workspace->members.find(require.path);
            member != workspace->members.end()) {
          package.relationship = Relationship::kWorkspace;
          package.version.clear();
          package.evidence["WorkspaceModule"] = member->second;
          package.evidence["RequiredVersion"] = require.version;
          packages.push_back(std::move(package));
          continue;
        }
        const std::string& selected = workspace->build_list[require.path];
        if (selected != require.version) {
          package.evidence["RequiredVersion"] = require.version;
          package.evidence["SelectedBy"] = workspace->work_path;
          package.version = selected;
        }
      }
      for (const GoModuleVersion& exclude : mod.excludes) {
        if (exclude.path == require.path && exclude.version == package.version) {
          package.evidence["Excluded"] = "the required version is excluded in " + path;
        }
      }
      ApplyReplace(FindReplace(replace_lists, require.path, package.version), package);
      if (auto found = vendored.find(require.path); found != vendored.end()) {
        ApplyVendored(found->second, require.path, package);
      }
      packages.push_back(std::move(package));
    }
    // Modules vendored but not required in go.mod (go directives before 1.17).
    for (const auto& [module_path, module] : vendored) {
      if (required.contains(module_path) || module_path == mod.module || module.version.empty())
        continue;
      Package package;
      package.name = module_path;
      package.version = module.version;
      package.relationship = Relationship::kIndirect;
      ApplyVendored(module, module_path, package);
      required.insert(module_path);
      packages.push_back(std::move(package));
    }
    // go.sum completes the build list of modules whose go.mod predates module graph pruning.
    if (GoDirectiveBefore(mod.go, 1, 17)) {
      std::string sum_path = InDirectory(directory, "go.sum");
      SCRY_TRY(auto sum_text, ReadSibling(input.siblings, sum_path));
      if (sum_text) {
        auto entries = ParseGoSum(*sum_text);
        if (!entries) {
          result.warnings.push_back(
              fmt::format("{} ignored: {}", sum_path, entries.error().ToString()));
        } else {
          std::map<std::string, std::string> highest;
          for (const GoSumEntry& entry : *entries) {
            // A "/go.mod" hash alone means only the module's go.mod was read while selecting
            // versions: its code is not built (Trivy counts these too, and over-reports).
            if (entry.go_mod_only) continue;
            if (required.contains(entry.path) || entry.path == mod.module) continue;
            auto& version = highest[entry.path];
            if (CompareModuleVersions(entry.version, version) > 0) version = entry.version;
          }
          for (const auto& [module_path, version] : highest) {
            Package package;
            package.name = module_path;
            package.version = version;
            package.relationship = Relationship::kIndirect;
            package.evidence["VersionFrom"] = sum_path;
            ApplyReplace(FindReplace(replace_lists, module_path, version), package);
            packages.push_back(std::move(package));
          }
        }
      }
    }

    std::string stdlib_version;
    std::string stdlib_from;
    const std::string* none = nullptr;
    for (const std::string* file : {workspace ? &workspace->work.toolchain : none, &mod.toolchain,
                                    workspace ? &workspace->work.go : none, &mod.go}) {
      if (file == nullptr || file->empty() || !stdlib_version.empty()) continue;
      stdlib_version = StdlibVersion(*file);
      stdlib_from = *file;
    }
    if (!stdlib_version.empty()) {
      Package stdlib;
      stdlib.name = "stdlib";
      stdlib.version = stdlib_version;
      stdlib.relationship = Relationship::kDirect;
      stdlib.evidence["GoVersion"] = stdlib_from;
      packages.push_back(std::move(stdlib));
    }

    for (Package& package : packages) model::SetIdentity(package, kPurlType);
    std::sort(packages.begin(), packages.end(), [](const Package& a, const Package& b) {
      return std::tie(a.name, a.version) < std::tie(b.name, b.version);
    });
    packages.erase(std::unique(packages.begin(), packages.end(),
                               [](const Package& a, const Package& b) { return a.id == b.id; }),
                   packages.end());
    if (!mod.module.empty()) {
      // A source tree has no version of its own.
      Package root;
      root.name = mod.module;
      root.relationship = Relationship::kRoot;
      for (const Package& package : packages) {
        if (package.relationship == Relationship::kDirect ||
            package.relationship == Relationship::kWorkspace) {
          root.depends_on.push_back(package.id);
        }
      }
      model::SetIdentity(root, kPurlType);
      packages.insert(packages.begin(), std::move(root));
    }
    application.packages = std::move(packages);
    result.applications.push_back(std::move(application));
    return result;
  }

 private:
  // vendor/modules.txt says which version (and replacement) was copied into vendor/.
  static void ApplyVendored(const VendoredModule& module, const std::string& path,
                            Package& package) {
    std::string before = package.name + "@" + package.version;
    Package vendored;
    vendored.name = path;
    vendored.version = module.version;
    vendored.relationship = package.relationship;
    if (!module.new_path.empty()) {
      GoReplace replace{path, module.version, module.new_path, module.new_version};
      ApplyReplace(&replace, vendored);
    }
    package.name = vendored.name;
    package.version = vendored.version;
    for (auto& [key, value] : vendored.evidence) package.evidence[key] = value;
    if (package.name + "@" + package.version != before) package.evidence["GoModVersion"] = before;
    package.evidence["VersionFrom"] = std::string(kVendorFile);
  }
};

}  // namespace

void RegisterGoMod(Registry& registry) {
  registry.Add(AnalyzerType::kGoMod,
               [](const AnalyzerOptions&) { return std::make_unique<GoModAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::golang
