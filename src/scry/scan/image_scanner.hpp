// Scans a container image: each layer is streamed once (decompressed, verified, walked) and
// analysed, or taken from the per-layer cache; the layers are then squashed (applier.hpp).
#pragma once

#include <filesystem>
#include <string>

#include "scry/analyzer/analyzer.hpp"
#include "scry/archive/tar_reader.hpp"
#include "scry/artifact/image/image.hpp"
#include "scry/base/error.hpp"
#include "scry/cache/cache.hpp"
#include "scry/model/report.hpp"
#include "scry/scan/applier.hpp"
#include "scry/scan/scanner.hpp"

namespace scry::scan {

struct ImageScanOptions {
  ScanOptions scan;
  // Where layer analyses are kept between scans; null: analyse every layer.
  cache::Cache* cache = nullptr;
  // Files larger than this that an analyzer wants are spooled to temp_dir and mapped instead of
  // held in memory, so a 500 MB binary in a layer costs page cache, not heap.
  uint64_t max_in_memory_file = 16u << 20;
  std::filesystem::path temp_dir;
};

// Turns one layer's tar entries into a LayerAnalysis: whiteouts and opaque markers are recorded
// (never analysed), every other non-directory path is recorded as written, hard links repeat what
// was found in their target, and regular files an analyzer wants are read (spooled to temp_dir
// past max_in_memory_file) and analysed. One per layer; not thread-safe.
class LayerCollector {
 public:
  LayerCollector(const analyzer::AnalyzerGroup& group, const ImageScanOptions& options,
                 model::Layer layer);
  // Counts walked bytes and analysed files into `counters` (shared by the scan's layers).
  void CountInto(ProgressCounters* counters) { counters_ = counters; }
  // The archive::TarCallback of archive::WalkTar / Image::WalkLayer. Fails only when scry itself
  // cannot spool a file (kIo); a file that cannot be read or analysed is a warning.
  Status OnEntry(const archive::TarEntry& entry, archive::EntryReader& reader);
  // The analysis, with `written` sorted and unique.
  LayerAnalysis Finish() &&;

 private:
  const analyzer::AnalyzerGroup& group_;
  const ImageScanOptions& options_;
  LayerAnalysis layer_;
  ProgressCounters* counters_ = nullptr;
};

// How many layers a scan took from the cache and analysed, for tests and --debug.
struct ImageScanStats {
  size_t layers_from_cache = 0;
  size_t layers_analyzed = 0;
};

// Fails when a layer cannot be read or verified (the error names the layer); a file the
// analyzers cannot read is a warning.
Result<model::Report> ScanImage(const artifact::image::Image& image,
                                const ImageScanOptions& options, ImageScanStats* stats = nullptr);

}  // namespace scry::scan
