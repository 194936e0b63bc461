#include "scry/scan/scanner.hpp"

#include <algorithm>
#include <vector>

#include "scry/analyzer/analyzer.hpp"
#include "scry/base/parallel.hpp"

namespace scry::scan {
namespace {

model::ScanResult ToScanResult(model::Application&& application) {
  model::ScanResult result;
  result.target = std::move(application.file_path);
  result.result_class = model::ResultClass::kLanguagePackages;
  result.type = std::move(application.type);
  result.packages = std::move(application.packages);
  std::sort(result.packages.begin(), result.packages.end(), [](const auto& a, const auto& b) {
    return std::tie(a.name, a.version) < std::tie(b.name, b.version);
  });
  result.go_binary = std::move(application.go_binary);
  return result;
}

}  // namespace

Result<model::Report> ScanFilesystem(const artifact::FilesystemArtifact& artifact,
                                     const ScanOptions& options) {
  auto group = analyzer::AnalyzerGroup::CreateDefault(analyzer::AnalyzerOptions{});
  SCRY_TRY(auto files, walker::ListRegularFiles(artifact.root, artifact.walk));
  std::erase_if(files, [&group](const auto& file) { return !group.Required(file.info); });

  std::vector<analyzer::AnalysisResult> results(files.size());
  size_t threads = options.parallel == 0 ? HardwareThreads() : options.parallel;
  ParallelFor(files.size(), threads, [&](size_t i) {
    auto opener = walker::MapFileOpener(files[i].host_path);
    results[i] = group.AnalyzeFile(files[i].info, opener);
  });

  model::Report report;
  report.created_at = options.created_at;
  report.artifact_name = artifact.name;
  report.artifact_type = artifact.type;
  for (auto& result : results) {
    for (auto& application : result.applications) {
      report.results.push_back(ToScanResult(std::move(application)));
    }
  }
  std::stable_sort(report.results.begin(), report.results.end(),
                   [](const auto& a, const auto& b) { return a.target < b.target; });
  return report;
}

}  // namespace scry::scan
