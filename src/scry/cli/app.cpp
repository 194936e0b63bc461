#include "scry/cli/app.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "scry/artifact/filesystem/fs_artifact.hpp"
#include "scry/base/log.hpp"
#include "scry/cli/options.hpp"
#include "scry/report/writer.hpp"
#include "scry/scan/scanner.hpp"

namespace scry::cli {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

void ApplyLogLevel(const GlobalOptions& global) {
  if (global.debug) {
    log::SetLevel(log::Level::kDebug);
  } else if (global.quiet) {
    log::SetLevel(log::Level::kError);
  } else {
    log::SetLevel(log::Level::kInfo);
  }
}

// RFC 3339 with nanoseconds in UTC, like Trivy's CreatedAt; none under SOURCE_DATE_EPOCH, so that
// reproducible builds and golden tests get byte-identical reports.
std::optional<std::string> ReportTime() {
  if (std::getenv("SOURCE_DATE_EPOCH") != nullptr) return std::nullopt;
  auto now = std::chrono::system_clock::now();
  auto seconds = std::chrono::floor<std::chrono::seconds>(now);
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(now - seconds).count();
  std::time_t time = std::chrono::system_clock::to_time_t(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:09}Z", buffer, nanos);
}

void PrintSourceHints(const model::Report& report) {
  for (const auto& result : report.results) {
    if (!result.go_binary || result.go_binary->source_repository.empty()) continue;
    SCRY_LOG_INFO(
        "{}: Go binary without module information; its source is probably {}: scan its "
        "lockfiles with `{}`",
        result.target, result.go_binary->source_repository, result.go_binary->source_command);
  }
}

int RunFilesystemScan(const ScanCommandOptions& options, artifact::FilesystemKind kind) {
  auto format = report::ParseFormat(options.format);
  if (!format) {
    std::fprintf(stderr, "scry: unknown --format %s: use table or json\n", options.format.c_str());
    return kExitUsage;
  }
  bool vulnerabilities = false;
  for (const std::string& scanner : options.scanners) {
    if (scanner == "vuln") {
      vulnerabilities = true;
    } else if (scanner != "none") {
      std::fprintf(stderr, "scry: unknown scanner %s: use vuln or none\n", scanner.c_str());
      return kExitUsage;
    }
  }
  if (vulnerabilities) {
    std::fprintf(stderr,
                 "scry: vulnerability scanning needs the advisory database, which this build "
                 "does not include yet; run with --scanners none to list packages\n");
    return kExitFailure;
  }

  auto artifact = artifact::InspectFilesystem(options.target, kind);
  if (!artifact) {
    std::fprintf(stderr, "scry: %s\n", artifact.error().ToString().c_str());
    return kExitFailure;
  }
  scan::ScanOptions scan_options;
  scan_options.parallel = options.parallel;
  scan_options.created_at = ReportTime();
  auto scanned = scan::ScanFilesystem(*artifact, scan_options);
  if (!scanned) {
    std::fprintf(stderr, "scry: scan %s: %s\n", options.target.c_str(),
                 scanned.error().ToString().c_str());
    return kExitFailure;
  }
  PrintSourceHints(*scanned);

  report::WriterOptions writer_options;
  writer_options.list_all_packages = options.list_all_packages || !vulnerabilities;
  auto writer = report::MakeWriter(*format, writer_options);
  Status written;
  if (options.output.empty()) {
    written = writer->Write(*scanned, std::cout);
    std::cout.flush();
  } else {
    std::ofstream file(options.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::fprintf(stderr, "scry: cannot write %s\n", options.output.c_str());
      return kExitFailure;
    }
    written = writer->Write(*scanned, file);
  }
  if (!written) {
    std::fprintf(stderr, "scry: %s\n", written.error().ToString().c_str());
    return kExitFailure;
  }
  return 0;
}

void AddScanOptions(CLI::App& command, ScanCommandOptions& options) {
  command.add_option("-f,--format", options.format, "Output format: table or json")
      ->envname("SCRY_FORMAT")
      ->capture_default_str();
  command.add_option("-o,--output", options.output, "Write the report to this file")
      ->envname("SCRY_OUTPUT");
  command
      .add_flag("--list-all-pkgs", options.list_all_packages,
                "List every package, not only vulnerable ones")
      ->envname("SCRY_LIST_ALL_PKGS");
  command
      .add_option("--scanners", options.scanners,
                  "What to look for: vuln, or none to list packages only")
      ->delimiter(',')
      ->envname("SCRY_SCANNERS")
      ->capture_default_str();
  command.add_option("--parallel", options.parallel, "Files analysed at once (0: one per CPU)")
      ->envname("SCRY_PARALLEL")
      ->capture_default_str();
}

}  // namespace

int Run(int argc, char** argv) {
  CLI::App app{
      "scry: find what is inside container images, file systems and repositories, "
      "and the vulnerabilities in it"};
  app.name("scry");
  app.require_subcommand(1);
  // Global flags are also accepted after the subcommand, as Trivy users write them.
  app.fallthrough();
  GlobalOptions global;
  app.add_flag("-q,--quiet", global.quiet, "Print only errors on stderr")->envname("SCRY_QUIET");
  app.add_flag("-d,--debug", global.debug, "Print debug logs")->envname("SCRY_DEBUG");
  app.add_flag("--no-progress", global.no_progress, "Never show progress bars")
      ->envname("SCRY_NO_PROGRESS");

  CLI::App* version = app.add_subcommand("version", "Print the scry version");
  std::string version_format = "table";
  version->add_option("-f,--format", version_format, "Output format: table or json");

  ScanCommandOptions fs_options;
  CLI::App* fs = app.add_subcommand(
      "fs", "Scan a folder or a file: lockfiles and binaries (Go binaries by their content)");
  fs->add_option("target", fs_options.target, "Folder or file to scan")->required();
  AddScanOptions(*fs, fs_options);

  ScanCommandOptions rootfs_options;
  CLI::App* rootfs = app.add_subcommand("rootfs", "Scan an unpacked root file system");
  rootfs->add_option("target", rootfs_options.target, "Root directory to scan")->required();
  AddScanOptions(*rootfs, rootfs_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : kExitUsage;
  }
  ApplyLogLevel(global);

  if (version->parsed()) {
    if (version_format == "json") {
      std::cout << "{\n  \"Version\": \"" << SCRY_VERSION << "\"\n}\n";
    } else {
      std::cout << "Version: " << SCRY_VERSION << "\n";
    }
    return 0;
  }
  if (fs->parsed()) return RunFilesystemScan(fs_options, artifact::FilesystemKind::kFilesystem);
  if (rootfs->parsed()) return RunFilesystemScan(rootfs_options, artifact::FilesystemKind::kRootfs);
  return kExitUsage;
}

}  // namespace scry::cli
