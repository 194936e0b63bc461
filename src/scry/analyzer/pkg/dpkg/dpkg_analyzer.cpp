#include "scry/analyzer/pkg/dpkg/dpkg_analyzer.hpp"

#include <sys/stat.h>

#include "scry/analyzer/pkg/dpkg/dpkg_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::pkg {
namespace {

constexpr int kVersion = 1;
constexpr std::string_view kStatusFile = "var/lib/dpkg/status";
constexpr std::string_view kStatusDir = "var/lib/dpkg/status.d/";
constexpr std::string_view kInfoDir = "var/lib/dpkg/info/";
constexpr std::string_view kMd5sums = ".md5sums";

// A direct child of `dir` (no further '/').
bool IsChildOf(std::string_view path, std::string_view dir) {
  return path.size() > dir.size() && path.starts_with(dir) &&
         path.find('/', dir.size()) == std::string_view::npos;
}

bool IsMd5sums(std::string_view path) {
  return (IsChildOf(path, kInfoDir) || IsChildOf(path, kStatusDir)) && path.ends_with(kMd5sums);
}

bool IsStatus(std::string_view path) {
  return path == kStatusFile || (IsChildOf(path, kStatusDir) && !path.ends_with(kMd5sums));
}

class DpkgAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kDpkg; }
  int Version() const override { return kVersion; }

  bool Required(const FileInfo& file) const override {
    return S_ISREG(file.mode) && (IsStatus(file.path) || IsMd5sums(file.path));
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

    AnalysisResult result;
    if (IsMd5sums(path)) {
      auto sums = ParseDpkgMd5sums(content);
      if (!sums) return tl::unexpected(std::move(sums).error().Wrap("read " + path));
      if (!sums->warnings.empty()) {
        result.warnings.push_back(std::to_string(sums->warnings.size()) +
                                  " malformed lines skipped, first: " + sums->warnings.front());
      }
      result.installed_files.push_back(
          InstalledFiles{path, DpkgPackageOfMd5sums(path), std::move(sums->paths)});
      return result;
    }
    auto status = ParseDpkgStatus(content);
    if (!status) return tl::unexpected(std::move(status).error().Wrap("read " + path));
    result.package_databases.push_back(PackageDatabase{path, "dpkg", std::move(status->packages)});
    result.warnings = std::move(status->warnings);
    return result;
  }
};

}  // namespace

void RegisterDpkg(Registry& registry) {
  registry.Add(AnalyzerType::kDpkg,
               [](const AnalyzerOptions&) { return std::make_unique<DpkgAnalyzer>(); });
}

}  // namespace scry::analyzer::pkg
