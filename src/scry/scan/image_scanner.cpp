#include "scry/scan/image_scanner.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>

#include "scry/analyzer/analyzer.hpp"
#include "scry/base/byte_source.hpp"
#include "scry/base/log.hpp"
#include "scry/base/parallel.hpp"
#include "scry/scan/applier.hpp"
#include "scry/scan/layer_codec.hpp"

namespace scry::scan {
namespace {

namespace fs = std::filesystem;
using archive::TarEntry;

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";

std::pair<std::string, std::string> SplitPath(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return {"", path};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

std::string JoinPath(const std::string& directory, std::string_view name) {
  return directory.empty() ? std::string(name) : directory + "/" + std::string(name);
}

// A file spooled out of a layer stream, removed when the last reader lets go of it.
class SpooledFile final : public ByteSource {
 public:
  SpooledFile(std::unique_ptr<MappedFile> mapped, fs::path path)
      : mapped_(std::move(mapped)), path_(std::move(path)) {}
  ~SpooledFile() override {
    mapped_.reset();
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  Bytes bytes() const override { return mapped_->bytes(); }

 private:
  std::unique_ptr<MappedFile> mapped_;
  fs::path path_;
};

// Reads up to `size` bytes; fewer only at the end of the entry.
Result<size_t> ReadFully(archive::EntryReader& reader, std::span<uint8_t> buffer) {
  size_t filled = 0;
  while (filled < buffer.size()) {
    SCRY_TRY(size_t n, reader.Read(buffer.subspan(filled)));
    if (n == 0) break;
    filled += n;
  }
  return filled;
}

// The entry's bytes, of which `head` (already read) is the start.
Result<std::shared_ptr<const ByteSource>> ReadEntry(const TarEntry& entry,
                                                    archive::EntryReader& reader,
                                                    const ImageScanOptions& options,
                                                    std::vector<uint8_t> head) {
  if (entry.size <= options.max_in_memory_file) {
    std::vector<uint8_t> data = std::move(head);
    size_t filled = data.size();
    data.resize(entry.size);
    SCRY_TRY(size_t rest, ReadFully(reader, std::span(data).subspan(filled)));
    data.resize(filled + rest);
    return std::shared_ptr<const ByteSource>(std::make_shared<OwnedBytes>(std::move(data)));
  }
  static std::atomic<uint64_t> counter = 0;
  std::error_code error;
  fs::create_directories(options.temp_dir, error);
  fs::path path = options.temp_dir / fmt::format("spool-{}-{}", ::getpid(), counter++);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return Fail(ErrorCode::kIo, "cannot write {}", path.string());
    out.write(reinterpret_cast<const char*>(head.data()),
              static_cast<std::streamsize>(head.size()));
    std::vector<uint8_t> buffer(1 << 20);
    while (true) {
      SCRY_TRY(size_t n, reader.Read(buffer));
      if (n == 0) break;
      out.write(reinterpret_cast<const char*>(buffer.data()), static_cast<std::streamsize>(n));
    }
    if (!out) {
      fs::remove(path, error);
      return Fail(ErrorCode::kIo, "cannot write {} (disk full?)", path.string());
    }
  }
  auto mapped = MappedFile::Open(path);
  if (!mapped) {
    fs::remove(path, error);
    return tl::unexpected(mapped.error());
  }
  return std::shared_ptr<const ByteSource>(std::make_shared<SpooledFile>(std::move(*mapped), path));
}

// Copies what was found in `from` to the hard link `to` (same bytes, another path).
analyzer::AnalysisResult Relocated(const analyzer::AnalysisResult& found, const std::string& to) {
  analyzer::AnalysisResult copy = found;
  for (auto& application : copy.applications) application.file_path = to;
  for (auto& database : copy.package_databases) database.file_path = to;
  return copy;
}

Result<LayerAnalysis> AnalyzeLayer(const artifact::image::Image& image, size_t index,
                                   const analyzer::AnalyzerGroup& group,
                                   const ImageScanOptions& options, ProgressCounters& counters) {
  const artifact::image::LayerInfo& info = image.info().layers[index];
  LayerCollector collector(group, options, {info.digest, info.diff_id});
  collector.CountInto(&counters);
  archive::TarWalkReport report;
  Status walked = image.WalkLayer(
      index,
      [&collector](const TarEntry& entry, archive::EntryReader& reader) {
        return collector.OnEntry(entry, reader);
      },
      &report);
  if (!walked) return tl::unexpected(walked.error());  // it names the layer
  for (const std::string& warning : report.warnings) {
    SCRY_LOG_WARN("layer {} ({}): {}", index, info.diff_id, warning);
  }
  return std::move(collector).Finish();
}

}  // namespace

LayerCollector::LayerCollector(const analyzer::AnalyzerGroup& group,
                               const ImageScanOptions& options, model::Layer layer)
    : group_(group), options_(options) {
  layer_.layer = std::move(layer);
}

Status LayerCollector::OnEntry(const TarEntry& entry, archive::EntryReader& reader) {
  if (counters_ != nullptr) counters_->AddBytes(entry.size);
  auto [directory, name] = SplitPath(entry.path);
  if (name == kOpaqueMarker) {
    layer_.opaque_directories.push_back(directory);
    return {};
  }
  if (name.starts_with(kWhiteoutPrefix)) {
    layer_.whiteouts.push_back(JoinPath(directory, name.substr(kWhiteoutPrefix.size())));
    return {};
  }
  if (entry.type == TarEntry::Type::kDirectory) return {};
  layer_.written.push_back(entry.path);
  if (entry.type == TarEntry::Type::kHardlink) {
    auto target = layer_.files.find(entry.link_target);
    if (target != layer_.files.end()) {
      layer_.files.insert_or_assign(entry.path, Relocated(target->second, entry.path));
    }
    return {};
  }
  if (entry.type != TarEntry::Type::kRegular) return {};
  walker::FileInfo file{entry.path, entry.size, (entry.mode & 07777u) | S_IFREG};
  if (!group_.Required(file)) return {};
  // Only the first bytes decide whether the rest is read (or, for a large file, spooled).
  std::vector<uint8_t> head(
      static_cast<size_t>(std::min<uint64_t>(entry.size, analyzer::kSniffSize)));
  auto sniffed = ReadFully(reader, head);
  if (!sniffed) {
    SCRY_LOG_WARN("{} (layer {}): could not be read: {}", entry.path, layer_.layer.diff_id,
                  sniffed.error().ToString());
    return {};
  }
  head.resize(*sniffed);
  if (!group_.Accepts(file, head)) return {};
  auto content = ReadEntry(entry, reader, options_, std::move(head));
  if (!content) {
    // A short read is the layer's problem, and the walk reports it; a spool failure is ours.
    if (content.error().code() == ErrorCode::kIo) return tl::unexpected(content.error());
    SCRY_LOG_WARN("{} (layer {}): could not be read: {}", entry.path, layer_.layer.diff_id,
                  content.error().ToString());
    return {};
  }
  walker::Opener opener = [source = *content]() -> Result<std::shared_ptr<const ByteSource>> {
    return source;
  };
  analyzer::AnalysisResult found = group_.AnalyzeFile(file, opener);
  if (counters_ != nullptr) counters_->AddFile();
  if (!found.empty()) {
    layer_.files.insert_or_assign(entry.path, std::move(found));
  } else {
    // A later entry for the same path in the same layer replaces an earlier one.
    layer_.files.erase(entry.path);
  }
  return {};
}

LayerAnalysis LayerCollector::Finish() && {
  std::sort(layer_.written.begin(), layer_.written.end());
  layer_.written.erase(std::unique(layer_.written.begin(), layer_.written.end()),
                       layer_.written.end());
  return std::move(layer_);
}

Result<model::Report> ScanImage(const artifact::image::Image& image,
                                const ImageScanOptions& options, ImageScanStats* stats) {
  auto group = analyzer::AnalyzerGroup::CreateDefault(
      analyzer::AnalyzerOptions{.scope = analyzer::AnalyzerScope::kInstalled});
  const artifact::image::ImageInfo& info = image.info();
  std::vector<LayerAnalysis> layers(info.layers.size());
  std::vector<std::optional<Error>> errors(info.layers.size());
  std::atomic<size_t> from_cache = 0, analyzed = 0;
  ProgressCounters progress(options.scan.progress);
  progress.SetTotals(0, info.layers.size());
  size_t threads = options.scan.parallel == 0 ? HardwareThreads() : options.scan.parallel;
  ParallelFor(info.layers.size(), threads, [&](size_t index) {
    const auto& layer_info = info.layers[index];
    std::string key = cache::MakeKey(
        {"layer", std::to_string(kLayerCodecVersion), layer_info.diff_id, group.VersionsKey()});
    if (options.cache != nullptr && !layer_info.diff_id.empty()) {
      auto blob = options.cache->Get(key);
      if (blob && *blob) {
        auto decoded = DecodeLayerAnalysis(**blob);
        if (decoded && decoded->layer.diff_id == layer_info.diff_id) {
          layers[index] = std::move(*decoded);
          layers[index].layer.digest = layer_info.digest;
          ++from_cache;
          progress.AddLayer();
          return;
        }
        SCRY_LOG_DEBUG("layer {}: cached analysis unusable, analysing again", layer_info.diff_id);
      } else if (!blob) {
        SCRY_LOG_WARN("cache: {}", blob.error().ToString());
      }
    }
    auto layer = AnalyzeLayer(image, index, group, options, progress);
    if (!layer) {
      errors[index] = layer.error();
      return;
    }
    ++analyzed;
    progress.AddLayer();
    if (options.cache != nullptr && !layer_info.diff_id.empty()) {
      if (auto stored = options.cache->Put(key, EncodeLayerAnalysis(*layer)); !stored) {
        SCRY_LOG_WARN("cache: {}", stored.error().ToString());
      }
    }
    layers[index] = std::move(*layer);
  });
  for (auto& error : errors) {
    if (error) return tl::unexpected(std::move(*error));
  }
  if (stats != nullptr) {
    stats->layers_from_cache = from_cache;
    stats->layers_analyzed = analyzed;
  }

  Inventory inventory = ApplyLayers(
      layers, info.name, ApplyOptions{.include_dev_deps = options.scan.include_dev_deps});
  model::Report report;
  report.created_at = options.scan.created_at;
  report.artifact_name = info.name;
  report.artifact_type = model::ArtifactType::kContainerImage;
  report.metadata.os = std::move(inventory.os);
  report.metadata.image_id = info.image_id;
  for (const auto& layer : info.layers) report.metadata.diff_ids.push_back(layer.diff_id);
  report.metadata.repo_tags = info.repo_tags;
  report.metadata.repo_digests = info.repo_digests;
  report.metadata.image_config = info.config_json;
  report.results = std::move(inventory.results);
  return report;
}

}  // namespace scry::scan
