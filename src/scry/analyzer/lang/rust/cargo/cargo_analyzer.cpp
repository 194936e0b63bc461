#include "scry/analyzer/lang/rust/cargo/cargo_analyzer.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include "scry/analyzer/lang/limited_read.hpp"
#include "scry/analyzer/lang/rust/cargo/cargo_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::rust {
namespace {

constexpr int kVersion = 1;

// Reads and parses one manifest; nullopt when the target has none there.
std::optional<CargoManifest> ReadManifest(const SiblingReader& siblings, const std::string& path,
                                          std::vector<std::string>& warnings) {
  auto source = siblings(path);
  if (!source) {
    if (source.error().code() != ErrorCode::kNotFound) {
      warnings.push_back(fmt::format("{}: {}", path, source.error().ToString()));
    }
    return std::nullopt;
  }
  std::string_view content = AsChars((*source)->bytes());
  if (content.size() > limits::kMaxLockfileSize) {
    warnings.push_back(fmt::format("{} is larger than the {} MiB allowed for it; ignored", path,
                                   limits::kMaxLockfileSize >> 20));
    return std::nullopt;
  }
  auto manifest = ParseCargoManifest(content, path);
  if (!manifest) {
    warnings.push_back(manifest.error().ToString());
    return std::nullopt;
  }
  warnings.insert(warnings.end(), manifest->warnings.begin(), manifest->warnings.end());
  return std::move(*manifest);
}

class CargoAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kCargo; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }

  bool Required(const FileInfo& file) const override {
    std::string_view path = file.path;
    return S_ISREG(file.mode) && (path == "Cargo.lock" || path.ends_with("/Cargo.lock"));
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    const std::string& path = input.file.path;
    SCRY_TRY(auto source, ReadLimited(input.open, path, input.file.size, limits::kMaxLockfileSize));
    SCRY_TRY(CargoLock lock, ParseCargoLock(AsChars(source->bytes()), path));
    AnalysisResult result;
    result.warnings = std::move(lock.warnings);

    std::map<std::string, CargoManifest> manifests;
    std::optional<std::string> root_name;
    if (input.siblings != nullptr) {
      std::string dir(DirectoryOf(path));
      if (auto root = ReadManifest(*input.siblings, dir + "Cargo.toml", result.warnings)) {
        root_name = root->name;
        for (const std::string& member : root->members) {
          // Globs ("crates/*") would need a directory listing, which siblings do not offer;
          // those members' dependencies then all count as non-dev.
          if (member.find_first_of("*?[") != std::string::npos) continue;
          std::string member_path = dir + member + "/Cargo.toml";
          if (auto manifest = ReadManifest(*input.siblings, member_path, result.warnings)) {
            if (!manifest->name.empty()) manifests.emplace(manifest->name, std::move(*manifest));
          }
        }
        if (!root->name.empty()) manifests.emplace(root->name, std::move(*root));
      }
    }
    DropOwnPathPrefix(result.warnings, path);
    ResolveCargoRelationships(lock, manifests, root_name);

    model::Application application;
    application.type = "cargo";
    application.file_path = path;
    application.packages = std::move(lock.packages);
    result.applications.push_back(std::move(application));
    return result;
  }
};

}  // namespace

void RegisterCargo(Registry& registry) {
  registry.Add(AnalyzerType::kCargo,
               [](const AnalyzerOptions&) { return std::make_unique<CargoAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::rust
