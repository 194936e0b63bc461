#include "scry/analyzer/lang/php/composer/composer_analyzer.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include "scry/analyzer/lang/limited_read.hpp"
#include "scry/analyzer/lang/php/composer/composer_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::php {
namespace {

constexpr int kVersion = 1;

bool HasName(std::string_view path, std::string_view name) {
  return path == name || (path.size() > name.size() && path.ends_with(name) &&
                          path[path.size() - name.size() - 1] == '/');
}

AnalysisResult ToResult(ComposerPackages packages, std::string_view type, const std::string& path,
                        bool set_file_path) {
  AnalysisResult result;
  result.warnings = std::move(packages.warnings);
  DropOwnPathPrefix(result.warnings, path);
  model::Application application;
  application.type = std::string(type);
  application.file_path = path;
  application.packages = std::move(packages.packages);
  if (set_file_path) {
    for (model::Package& package : application.packages) package.file_path = path;
  }
  result.applications.push_back(std::move(application));
  return result;
}

class ComposerAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kComposer; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }

  bool Required(const FileInfo& file) const override {
    return S_ISREG(file.mode) && HasName(file.path, "composer.lock");
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    const std::string& path = input.file.path;
    SCRY_TRY(auto source, ReadLimited(input.open, path, input.file.size, limits::kMaxLockfileSize));
    SCRY_TRY(ComposerPackages packages, ParseComposerLock(AsChars(source->bytes()), path));
    std::vector<std::string> warnings;
    if (input.siblings != nullptr) {
      std::string manifest_path = std::string(DirectoryOf(path)) + "composer.json";
      auto manifest_source = (*input.siblings)(manifest_path);
      if (manifest_source && (*manifest_source)->bytes().size() <= limits::kMaxLockfileSize) {
        auto manifest = ParseComposerJson(AsChars((*manifest_source)->bytes()), manifest_path);
        if (manifest) {
          MarkComposerDirect(packages, *manifest);
        } else {
          warnings.push_back(manifest.error().ToString());
        }
      } else if (manifest_source) {
        warnings.push_back(fmt::format("{} is larger than the {} MiB allowed for it; ignored",
                                       manifest_path, limits::kMaxLockfileSize >> 20));
      } else if (manifest_source.error().code() != ErrorCode::kNotFound) {
        warnings.push_back(manifest_source.error().ToString());
      }
    }
    AnalysisResult result = ToResult(std::move(packages), "composer", path, false);
    result.warnings.insert(result.warnings.end(), warnings.begin(), warnings.end());
    return result;
  }
};

class ComposerVendorAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kComposerVendor; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kInstalled; }

  bool Required(const FileInfo& file) const override {
    return S_ISREG(file.mode) && HasName(file.path, "vendor/composer/installed.json");
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    const std::string& path = input.file.path;
    SCRY_TRY(auto source, ReadLimited(input.open, path, input.file.size, limits::kMaxLockfileSize));
    SCRY_TRY(ComposerPackages packages, ParseComposerInstalled(AsChars(source->bytes()), path));
    return ToResult(std::move(packages), "composer-vendor", path, true);
  }
};

}  // namespace

void RegisterComposer(Registry& registry) {
  registry.Add(AnalyzerType::kComposer,
               [](const AnalyzerOptions&) { return std::make_unique<ComposerAnalyzer>(); });
}

void RegisterComposerVendor(Registry& registry) {
  registry.Add(AnalyzerType::kComposerVendor,
               [](const AnalyzerOptions&) { return std::make_unique<ComposerVendorAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::php
