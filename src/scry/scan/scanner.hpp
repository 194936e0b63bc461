// Scans a target: walk its files, run the analyzers, and build the report (packages now; matching
// against advisories joins here with the database).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "scry/artifact/filesystem/fs_artifact.hpp"
#include "scry/base/error.hpp"
#include "scry/model/report.hpp"

namespace scry::scan {

// How far a scan has got, for a progress bar and the --debug summary.
struct ScanProgress {
  size_t files_done = 0;    // files analysed so far
  size_t files_total = 0;   // files to analyse (fs, rootfs, repo); 0 for images (not known ahead)
  size_t layers_done = 0;   // image layers analysed or taken from the cache
  size_t layers_total = 0;  // image layers (0 for other targets)
  uint64_t bytes_read = 0;  // image layers: uncompressed content bytes walked so far
};
// Called from the analysing threads, concurrently and often (after every file, every layer
// entry): it must be thread-safe and cheap, and throttle any drawing itself.
using ProgressCallback = std::function<void(const ScanProgress&)>;

// The counters one scan's threads share; each change is passed to the callback, if any.
class ProgressCounters {
 public:
  explicit ProgressCounters(const ProgressCallback& callback) : callback_(callback) {}
  void SetTotals(size_t files, size_t layers);
  void AddFile();
  void AddLayer();
  void AddBytes(uint64_t bytes);
  ScanProgress Snapshot() const;

 private:
  void Report() const;

  const ProgressCallback& callback_;
  std::atomic<size_t> files_done_{0}, files_total_{0}, layers_done_{0}, layers_total_{0};
  std::atomic<uint64_t> bytes_read_{0};
};

struct ScanOptions {
  size_t parallel = 0;                    // files analysed at once; 0 = one per hardware thread
  std::optional<std::string> created_at;  // RFC 3339 report time; none for reproducible output
  bool include_dev_deps = false;          // keep development-only packages (ApplyOptions)
  ProgressCallback progress;              // empty: no progress reported
};

// Scans a file system target. Fails only when the target itself cannot be scanned; a file that
// cannot be analysed is a warning in the log.
Result<model::Report> ScanFilesystem(const artifact::FilesystemArtifact& artifact,
                                     const ScanOptions& options);

}  // namespace scry::scan
