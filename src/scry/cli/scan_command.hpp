// `scry fs` and `scry rootfs`: scan, match, filter, report.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <functional>

#include "scry/artifact/filesystem/fs_artifact.hpp"
#include "scry/cli/options.hpp"
#include "scry/model/report.hpp"
#include "scry/scan/scanner.hpp"

namespace scry::cli {

// Where --follow-source clones go: a folder an InterruptCleanup removes, and the running git.
struct SourceClones {
  std::filesystem::path folder;
  std::atomic<pid_t>* running_git = nullptr;
};

// The common part of every scan command: database, matching, filters, report, exit code.
// `scan_target` builds the inventory; its error is reported as the reason the scan failed.
// `clones` is where --follow-source may clone (null: the command does not follow sources).
int RunScan(const GlobalOptions& global, const ScanCommandOptions& options,
            const std::function<Result<model::Report>(const scan::ScanOptions&)>& scan_target,
            const SourceClones* clones = nullptr);

// Returns the exit code: 0, options.exit_code when vulnerabilities remain, 1 when the scan could
// not be done (reason on stderr), 2 for wrong usage.
int RunFilesystemScan(const GlobalOptions& global, const ScanCommandOptions& options,
                      artifact::FilesystemKind kind);

// `scry repo PATH_OR_URL`: the same exit codes as RunFilesystemScan; a clone is removed when the
// scan ends, and on SIGINT or SIGTERM (then the exit code is 128 + the signal number).
int RunRepoScan(const GlobalOptions& global, const ScanCommandOptions& options,
                const RepoOptions& repo);

// `scry image`: the same exit codes as RunFilesystemScan.
int RunImageScan(const GlobalOptions& global, const ScanCommandOptions& options,
                 const ImageOptions& image);

// `scry clean`: removes the analysis cache (and with `all` the database) from the cache folder.
int RunClean(const GlobalOptions& global, bool all);

}  // namespace scry::cli
