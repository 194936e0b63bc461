// `scry sbom FILE`: rescans the packages of a CycloneDX or SPDX JSON SBOM.
#pragma once

#include "scry/cli/options.hpp"

namespace scry::cli {

// Reads options.target as an SBOM (artifact/sbom), builds a report of ArtifactType "sbom" named
// after the file, and runs the common scan flow (RunScan: database, matching, filters, report,
// exit code). A file that cannot be read or is not a supported SBOM exits 1 with one line saying
// which formats are accepted; otherwise the exit codes are RunScan's.
int RunSbomScan(const GlobalOptions& global, const ScanCommandOptions& options);

}  // namespace scry::cli
