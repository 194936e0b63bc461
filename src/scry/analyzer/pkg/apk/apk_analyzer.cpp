#include "scry/analyzer/pkg/apk/apk_analyzer.hpp"

#include <sys/stat.h>

#include "scry/analyzer/pkg/apk/apk_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::pkg {
namespace {

constexpr int kVersion = 1;
constexpr std::string_view kInstalledFile = "lib/apk/db/installed";

class ApkAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kApk; }
  int Version() const override { return kVersion; }

  bool Required(const FileInfo& file) const override {
    return S_ISREG(file.mode) && file.path == kInstalledFile;
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    const std::string& path = input.file.path;
    auto too_large = [&path] {
      return Fail(ErrorCode::kLimitExceeded,
                  "{} is larger than the {} MiB allowed for a package database", path,
                  limits::kMaxPackageDatabaseSize >> 20);
    };
    if (input.file.size > limits::kMaxPackageDatabaseSize) return too_large();
    SCRY_TRY(auto source, input.open());
    std::string_view content = AsChars(source->bytes());
    if (content.size() > limits::kMaxPackageDatabaseSize) return too_large();
    auto installed = ParseApkInstalled(content);
    if (!installed) return tl::unexpected(std::move(installed).error().Wrap("read " + path));
    AnalysisResult result;
    result.package_databases.push_back(
        PackageDatabase{path, "apk", std::move(installed->packages)});
    for (InstalledFiles& files : installed->installed_files) {
      files.source_file = path;
      result.installed_files.push_back(std::move(files));
    }
    result.warnings = std::move(installed->warnings);
    return result;
  }
};

}  // namespace

void RegisterApk(Registry& registry) {
  registry.Add(AnalyzerType::kApk,
               [](const AnalyzerOptions&) { return std::make_unique<ApkAnalyzer>(); });
}

}  // namespace scry::analyzer::pkg
