#include "scry/analyzer/pkg/rpm/rpm_analyzer.hpp"

#include <array>
#include <string_view>

#include "scry/analyzer/pkg/rpm/rpm_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::pkg {
namespace {

constexpr int kVersion = 1;

constexpr std::array<std::string_view, 6> kDatabaseFiles = {
    // Berkeley DB
    "usr/lib/sysimage/rpm/Packages",
    "var/lib/rpm/Packages",
    // NDB
    "usr/lib/sysimage/rpm/Packages.db",
    "var/lib/rpm/Packages.db",
    // SQLite
    "usr/lib/sysimage/rpm/rpmdb.sqlite",
    "var/lib/rpm/rpmdb.sqlite",
};

class RpmAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kRpm; }
  int Version() const override { return kVersion; }

  bool Required(const FileInfo& file) const override {
    if (file.size > limits::kMaxAnalyzedFileSize) return false;
    for (std::string_view path : kDatabaseFiles) {
      if (file.path == path) return true;
    }
    return false;
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    SCRY_TRY(auto source, input.open());
    SCRY_TRY(auto parsed, rpm::ParseRpmDatabase(source->bytes()));
    AnalysisResult result;
    result.package_databases.push_back({input.file.path, "rpm", std::move(parsed.packages)});
    for (auto& files : parsed.installed_files) {
      files.source_file = input.file.path;
      result.installed_files.push_back(std::move(files));
    }
    return result;
  }
};

}  // namespace

void RegisterRpm(Registry& registry) {
  registry.Add(AnalyzerType::kRpm,
               [](const AnalyzerOptions&) { return std::make_unique<RpmAnalyzer>(); });
}

}  // namespace scry::analyzer::pkg
