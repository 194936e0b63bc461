// Scans a target: walk its files, run the analyzers, and build the report (packages now; matching
// against advisories joins here with the database).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "scry/artifact/filesystem/fs_artifact.hpp"
#include "scry/base/error.hpp"
#include "scry/model/report.hpp"

namespace scry::scan {

struct ScanOptions {
  size_t parallel = 0;                    // files analysed at once; 0 = one per hardware thread
  std::optional<std::string> created_at;  // RFC 3339 report time; none for reproducible output
  bool include_dev_deps = false;          // keep development-only packages (ApplyOptions)
};

// Scans a file system target. Fails only when the target itself cannot be scanned; a file that
// cannot be analysed is a warning in the log.
Result<model::Report> ScanFilesystem(const artifact::FilesystemArtifact& artifact,
                                     const ScanOptions& options);

}  // namespace scry::scan
