// `scry fs` and `scry rootfs`: scan, match, filter, report.
#pragma once

#include "scry/artifact/filesystem/fs_artifact.hpp"
#include "scry/cli/options.hpp"

namespace scry::cli {

// Returns the exit code: 0, options.exit_code when vulnerabilities remain, 1 when the scan could
// not be done (reason on stderr), 2 for wrong usage.
int RunFilesystemScan(const GlobalOptions& global, const ScanCommandOptions& options,
                      artifact::FilesystemKind kind);

}  // namespace scry::cli
