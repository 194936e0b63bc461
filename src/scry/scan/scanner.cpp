#include "scry/scan/scanner.hpp"

#include <algorithm>
#include <vector>

#include "scry/analyzer/analyzer.hpp"
#include "scry/base/parallel.hpp"
#include "scry/scan/applier.hpp"

namespace scry::scan {

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

  LayerAnalysis layer;
  for (size_t i = 0; i < files.size(); ++i) {
    if (!results[i].empty()) layer.files.emplace(files[i].info.path, std::move(results[i]));
  }
  Inventory inventory = ApplyLayers({std::move(layer)}, artifact.name);

  model::Report report;
  report.created_at = options.created_at;
  report.artifact_name = artifact.name;
  report.artifact_type = artifact.type;
  report.metadata.os = std::move(inventory.os);
  report.results = std::move(inventory.results);
  return report;
}

}  // namespace scry::scan
