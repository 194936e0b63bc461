// Fuzzes one image layer end to end below the image reader: a tar stream (gzip or zstd when the
// input starts with their magic) walked by WalkTar into the LayerCollector (whiteouts, opaque
// directories, hard links, every registered analyzer on the files it wants), the analysis
// through the cache codec and back, and the applier squashing it over itself.
#include <cstddef>
#include <cstdint>

#include "scry/analyzer/analyzer.hpp"
#include "scry/archive/decompressor.hpp"
#include "scry/archive/tar_reader.hpp"
#include "scry/base/log.hpp"
#include "scry/scan/image_scanner.hpp"
#include "scry/scan/layer_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace scry;
  static const analyzer::AnalyzerGroup group =
      analyzer::AnalyzerGroup::CreateDefault(analyzer::AnalyzerOptions{});
  static const bool quiet = [] {
    log::SetLevel(log::Level::kOff);
    return true;
  }();
  (void)quiet;
  scry::archive::MemoryStream input(std::span<const uint8_t>(data, size));
  scry::archive::DecompressOptions options;
  options.max_output = 4u << 20;
  auto decompressed = scry::archive::OpenDecompressed(input, options);
  if (!decompressed) return 0;
  scan::ImageScanOptions scan_options;
  scan_options.max_in_memory_file = 64u << 20;  // never spool: nothing is written
  scan::LayerCollector collector(group, scan_options, {"sha256:a", "sha256:b"});
  Status walked = scry::archive::WalkTar(
      *decompressed->stream,
      [&collector](const scry::archive::TarEntry& entry, scry::archive::EntryReader& reader) {
        return collector.OnEntry(entry, reader);
      },
      nullptr);
  (void)walked;
  scan::LayerAnalysis layer = std::move(collector).Finish();
  auto decoded = scan::DecodeLayerAnalysis(scan::EncodeLayerAnalysis(layer));
  if (!decoded) __builtin_trap();  // whatever scry writes, it must read back
  scan::Inventory inventory = scan::ApplyLayers({layer, *decoded}, "fuzz");
  (void)inventory;
  return 0;
}
