#include "scry/scan/scanner.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "scry/analyzer/analyzer.hpp"
#include "scry/base/parallel.hpp"
#include "scry/scan/applier.hpp"

namespace scry::scan {

void ProgressCounters::SetTotals(size_t files, size_t layers) {
  files_total_ = files;
  layers_total_ = layers;
  Report();
}

void ProgressCounters::AddFile() {
  ++files_done_;
  Report();
}

void ProgressCounters::AddLayer() {
  ++layers_done_;
  Report();
}

void ProgressCounters::AddBytes(uint64_t bytes) {
  bytes_read_ += bytes;
  Report();
}

ScanProgress ProgressCounters::Snapshot() const {
  return {files_done_.load(), files_total_.load(), layers_done_.load(), layers_total_.load(),
          bytes_read_.load()};
}

void ProgressCounters::Report() const {
  if (callback_) callback_(Snapshot());
}

Result<model::Report> ScanFilesystem(const artifact::FilesystemArtifact& artifact,
                                     const ScanOptions& options) {
  // rootfs is what an image holds; fs and repo are source trees (AnalyzerScope).
  const auto scope = artifact.kind == artifact::FilesystemKind::kFilesystem
                         ? analyzer::AnalyzerScope::kLockfile
                         : analyzer::AnalyzerScope::kInstalled;
  auto group = analyzer::AnalyzerGroup::CreateDefault(analyzer::AnalyzerOptions{.scope = scope});
  // Inside node_modules of a source tree lie the dependencies' own manifests and lockfiles: they
  // are not this project's lockfiles, so only binaries and archives are looked for there.
  analyzer::Registry registry;
  analyzer::RegisterAllAnalyzers(registry);
  auto all_scopes = registry.CreateAll(analyzer::AnalyzerOptions{.scope = scope});
  std::erase_if(all_scopes, [](const auto& analyzer) {
    return analyzer->Scope() != analyzer::AnalyzerScope::kAll;
  });
  analyzer::AnalyzerGroup dependency_group(std::move(all_scopes));
  auto group_for = [&](const walker::FileInfo& file) -> const analyzer::AnalyzerGroup& {
    if (scope == analyzer::AnalyzerScope::kLockfile &&
        (file.path.starts_with("node_modules/") ||
         file.path.find("/node_modules/") != std::string::npos)) {
      return dependency_group;
    }
    return group;
  };
  SCRY_TRY(auto files, walker::ListRegularFiles(artifact.root, artifact.walk));
  // Siblings are limited to what the walker listed: regular files inside the root, reached
  // without following symlinks.
  std::unordered_map<std::string, std::filesystem::path> host_paths;
  for (const auto& file : files) host_paths.emplace(file.info.path, file.host_path);
  const analyzer::SiblingReader siblings =
      [&host_paths](std::string_view path) -> Result<std::shared_ptr<const ByteSource>> {
    auto found = host_paths.find(std::string(path));
    if (found == host_paths.end()) {
      return Fail(ErrorCode::kNotFound, "{}: no such file in the target", path);
    }
    return walker::MapFileOpener(found->second)();
  };
  std::erase_if(files, [&](const auto& file) { return !group_for(file.info).Required(file.info); });

  ProgressCounters progress(options.progress);
  progress.SetTotals(files.size(), 0);
  std::vector<analyzer::AnalysisResult> results(files.size());
  size_t threads = options.parallel == 0 ? HardwareThreads() : options.parallel;
  ParallelFor(files.size(), threads, [&](size_t i) {
    auto opener = walker::MapFileOpener(files[i].host_path);
    results[i] = group_for(files[i].info).AnalyzeFile(files[i].info, opener, &siblings);
    progress.AddFile();
  });

  LayerAnalysis layer;
  for (size_t i = 0; i < files.size(); ++i) {
    if (!results[i].empty()) layer.files.emplace(files[i].info.path, std::move(results[i]));
  }
  Inventory inventory = ApplyLayers({std::move(layer)}, artifact.name,
                                    ApplyOptions{.include_dev_deps = options.include_dev_deps});

  model::Report report;
  report.created_at = options.created_at;
  report.artifact_name = artifact.name;
  report.artifact_type = artifact.type;
  report.metadata.os = std::move(inventory.os);
  report.results = std::move(inventory.results);
  return report;
}

}  // namespace scry::scan
