#include "scry/analyzer/lang/nodejs/pkg/node_pkg_analyzer.hpp"

#include <sys/stat.h>

#include "scry/analyzer/lang/nodejs/nodejs_common.hpp"
#include "scry/analyzer/lang/nodejs/pkg/package_json_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::nodejs {
namespace {

constexpr int kVersion = 1;
constexpr uint64_t kMaxManifestSize = limits::kMaxNodeManifestSize;

// "a/node_modules/b/package.json" and "node_modules/@s/b/package.json": the manifest of an
// installed package, directly inside its folder under node_modules.
bool IsInstalledManifest(std::string_view path) {
  constexpr std::string_view kFile = "/package.json";
  if (!path.ends_with(kFile)) return false;
  std::string_view dir = path.substr(0, path.size() - kFile.size());
  std::string_view parent = DirName(dir);
  std::string_view base = dir.substr(parent.empty() ? 0 : parent.size() + 1);
  if (base.empty() || base.starts_with('@')) return false;
  std::string_view parent_base = parent.substr(parent.rfind('/') + 1);
  if (parent_base.starts_with('@')) {
    parent = DirName(parent);
    parent_base = parent.substr(parent.rfind('/') + 1);
  }
  return parent_base == "node_modules";
}

class NodePkgAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kNodePkg; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kInstalled; }

  bool Required(const FileInfo& file) const override {
    return S_ISREG(file.mode) && IsInstalledManifest(file.path);
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    const std::string& path = input.file.path;
    auto too_large = [&path] {
      return Fail(ErrorCode::kLimitExceeded,
                  "{} is larger than the {} MiB allowed for a package.json", path,
                  kMaxManifestSize >> 20);
    };
    if (input.file.size > kMaxManifestSize) return too_large();
    SCRY_TRY(auto source, input.open());
    if (source->bytes().size() > kMaxManifestSize) return too_large();
    auto manifest = ParsePackageJson(AsChars(source->bytes()));
    if (!manifest) return tl::unexpected(std::move(manifest).error().Wrap("read " + path));
    AnalysisResult result;
    for (const std::string& warning : manifest->warnings) {
      result.warnings.push_back(path + ": " + warning);
    }
    if (manifest->name.empty() || manifest->version.empty()) return result;
    model::Package package;
    package.name = std::move(manifest->name);
    package.version = std::move(manifest->version);
    package.licenses = std::move(manifest->licenses);
    package.file_path = path;
    SetIdentity(package, "npm");
    result.applications.push_back({"node-pkg", path, {std::move(package)}, std::nullopt});
    return result;
  }
};

}  // namespace

void RegisterNodePkg(Registry& registry) {
  registry.Add(AnalyzerType::kNodePkg,
               [](const AnalyzerOptions&) { return std::make_unique<NodePkgAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::nodejs
