#include "scry/cli/sbom_command.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "scry/artifact/sbom/sbom_parser.hpp"
#include "scry/base/limits.hpp"
#include "scry/base/log.hpp"
#include "scry/cli/scan_command.hpp"

namespace scry::cli {
namespace {

constexpr int kExitFailure = 1;

Result<std::string> ReadSbomFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Fail(ErrorCode::kNotFound, "{} is not a file", path);
  }
  uintmax_t size = std::filesystem::file_size(path, error);
  if (error) return Fail(ErrorCode::kIo, "cannot read {}: {}", path, error.message());
  if (size > limits::kMaxSbomSize) {
    return Fail(ErrorCode::kLimitExceeded, "{} is {} bytes; scry reads SBOMs up to {} bytes", path,
                size, limits::kMaxSbomSize);
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return Fail(ErrorCode::kIo, "cannot read {}", path);
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) return Fail(ErrorCode::kIo, "cannot read {}", path);
  return text;
}

}  // namespace

int RunSbomScan(const GlobalOptions& global, const ScanCommandOptions& options) {
  // Read before the database is opened: a wrong file is the likelier mistake, and says so at once.
  auto text = ReadSbomFile(options.target);
  if (!text) {
    std::fprintf(stderr, "scry: %s\n", text.error().ToString().c_str());
    return kExitFailure;
  }
  auto sbom = artifact::sbom::ParseSbom(*text, options.target);
  if (!sbom) {
    std::fprintf(stderr, "scry: %s: %s; scry sbom reads %s documents\n", options.target.c_str(),
                 sbom.error().ToString().c_str(),
                 std::string(artifact::sbom::kAcceptedFormats).c_str());
    return kExitFailure;
  }
  SCRY_LOG_DEBUG("{}: {} {} with {} results", options.target,
                 sbom->format == artifact::sbom::SbomFormat::kCycloneDx ? "CycloneDX" : "SPDX",
                 sbom->spec_version, sbom->results.size());
  for (const std::string& skipped : sbom->skipped) {
    SCRY_LOG_DEBUG("{}: left out {}", options.target, skipped);
  }
  return RunScan(global, options,
                 [&](const scan::ScanOptions& scan_options) -> Result<model::Report> {
                   model::Report report;
                   report.created_at = scan_options.created_at;
                   report.artifact_name = options.target;
                   report.artifact_type = model::ArtifactType::kSbom;
                   report.metadata.os = sbom->os;
                   report.results = std::move(sbom->results);
                   return report;
                 });
}

}  // namespace scry::cli
