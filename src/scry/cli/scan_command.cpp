#include "scry/cli/scan_command.hpp"

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>

#include "scry/artifact/repo/repo_artifact.hpp"
#include "scry/base/log.hpp"
#include "scry/cache/cache.hpp"
#include "scry/cli/db_command.hpp"
#include "scry/cli/interrupt.hpp"
#include "scry/cli/progress.hpp"
#include "scry/db/advisory_store.hpp"
#include "scry/matcher/matcher.hpp"
#include "scry/policy/policy.hpp"
#include "scry/report/writer.hpp"
#include "scry/scan/end_of_life.hpp"
#include "scry/scan/filter.hpp"
#include "scry/scan/image_scanner.hpp"
#include "scry/scan/scanner.hpp"

namespace scry::cli {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
// Inside --cache-dir: layer analyses, and what a scan spools or unpacks while it runs.
constexpr std::string_view kAnalysisCacheFolder = "analysis";
constexpr std::string_view kTemporaryFolder = "tmp";

int Failure(const std::string& message) {
  std::fprintf(stderr, "scry: %s\n", message.c_str());
  return kExitFailure;
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

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// What SBOM, SARIF and GitHub formats say about their producer and the commit scanned: writers
// never read the environment themselves.
void SetDocumentOptions(report::WriterOptions& options) {
  options.tool_version = SCRY_VERSION;
  if (std::string epoch = Env("SOURCE_DATE_EPOCH"); !epoch.empty()) {
    int64_t seconds = 0;
    auto [end, error] = std::from_chars(epoch.data(), epoch.data() + epoch.size(), seconds);
    if (error == std::errc() && end == epoch.data() + epoch.size()) {
      options.source_date_epoch = seconds;
    }
  }
  options.github_sha = Env("GITHUB_SHA");
  options.github_ref = Env("GITHUB_REF");
  if (std::string workflow = Env("GITHUB_WORKFLOW"); !workflow.empty()) {
    options.github_correlator = workflow + "_" + Env("GITHUB_JOB");
  }
  options.github_job_id = Env("GITHUB_RUN_ID");
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

Status WriteReport(const model::Report& report, report::Format format,
                   const report::WriterOptions& options, const std::string& output) {
  auto writer = report::MakeWriter(format, options);
  if (output.empty()) {
    auto written = writer->Write(report, std::cout);
    std::cout.flush();
    return written;
  }
  std::ofstream file(output, std::ios::binary | std::ios::trunc);
  if (!file) return Fail(ErrorCode::kIo, "cannot write {}", output);
  return writer->Write(report, file);
}

// Today in UTC as YYYY-MM-DD: the day ignore-rule expiry dates are compared with.
std::string TodayUtc() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
  return buffer;
}

// The day end-of-life dates are compared with: SOURCE_DATE_EPOCH's when set (reproducible
// reports, and how tests pin it), else today in UTC.
std::string EndOfLifeToday() {
  std::string epoch = Env("SOURCE_DATE_EPOCH");
  int64_t seconds = 0;
  auto [end, error] = std::from_chars(epoch.data(), epoch.data() + epoch.size(), seconds);
  if (epoch.empty() || error != std::errc() || end != epoch.data() + epoch.size()) {
    return TodayUtc();
  }
  std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
  return buffer;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Fail(ErrorCode::kNotFound, "cannot read {}", path);
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) return Fail(ErrorCode::kIo, "cannot read {}", path);
  return text;
}

// The ignore files and VEX documents the options name. A default ignore file that is absent is
// not an error; a named one, or any file that does not parse, is (with the file in the message).
Result<policy::Policy> LoadPolicy(const ScanCommandOptions& options) {
  policy::Policy out;
  out.today = TodayUtc();
  std::vector<std::string> ignore_files;
  bool named = !options.ignore_file.empty();
  if (named) {
    ignore_files.push_back(options.ignore_file);
  } else {
    for (const char* name :
         {".trivyignore", ".trivyignore.yaml", ".scryignore", ".scryignore.yaml"}) {
      std::error_code error;
      if (std::filesystem::is_regular_file(name, error)) ignore_files.emplace_back(name);
    }
  }
  for (const std::string& path : ignore_files) {
    SCRY_TRY(auto text, ReadWholeFile(path));
    auto parsed = policy::IsYamlIgnoreFile(path) ? policy::ParseYamlIgnoreFile(text)
                                                 : policy::ParsePlainIgnoreFile(text);
    if (!parsed) return tl::unexpected(std::move(parsed.error()).Wrap("ignore file " + path));
    SCRY_LOG_DEBUG("ignore file {}: {} vulnerability rules", path, parsed->vulnerabilities.size());
    out.ignore_files.push_back({path, std::move(*parsed)});
  }
  for (const std::string& path : options.vex_files) {
    SCRY_TRY(auto text, ReadWholeFile(path));
    auto parsed = policy::ParseVex(text);
    if (!parsed) return tl::unexpected(std::move(parsed.error()).Wrap("VEX document " + path));
    SCRY_LOG_DEBUG("VEX document {} ({}): {} statements", path, parsed->format,
                   parsed->statements.size());
    out.vex.push_back({path, std::move(*parsed)});
  }
  return out;
}

std::filesystem::path SourceFolder(const GlobalOptions& global) {
  return CacheDirectory(global) / kTemporaryFolder / fmt::format("source-{}", ::getpid());
}

// The source scan's go.mod application of `module` (the main module's go.mod), else the go.mod
// at the repository's top.
const model::ScanResult* SourceModule(const model::Report& source, std::string_view module) {
  const model::ScanResult* top = nullptr;
  for (const auto& result : source.results) {
    if (result.type != "gomod") continue;
    for (const auto& package : result.packages) {
      if (package.relationship == model::Relationship::kRoot && package.name == module) {
        return &result;
      }
    }
    if (result.target == "go.mod") top = &result;
  }
  return top;
}

// Gives the modules recovered from a binary's function table the versions its source's go.mod
// requires (a module the binary does not contain is not added: it was not linked in).
void AttachSource(model::ScanResult& binary, const model::ScanResult& source,
                  const artifact::repo::Repository& repository) {
  std::map<std::string_view, const model::Package*> required;
  for (const auto& package : source.packages) {
    if (!package.version.empty() && package.name != "stdlib") required[package.name] = &package;
  }
  const std::string origin =
      fmt::format("{}@{} {}", repository.url, repository.commit.substr(0, 12), source.target);
  size_t attached = 0;
  for (auto& package : binary.packages) {
    if (!package.version.empty()) continue;
    auto found = required.find(package.name);
    if (found == required.end()) continue;
    package.version = found->second->version;
    package.version_source = model::VersionSource::kSource;
    package.evidence["SourceFile"] = origin;
    model::SetIdentity(package, "golang");
    ++attached;
  }
  SCRY_LOG_INFO("{}: {} module versions taken from {}", binary.target, attached, origin);
}

// --follow-source: clones each Go binary's probable source repository (at its version tag when
// known, else the default branch) and attaches the versions its go.mod requires. A repository
// that cannot be cloned is a warning; the binary keeps its unknown versions.
void FollowSources(const SourceClones& clones, const scan::ScanOptions& scan_options,
                   model::Report& report) {
  size_t count = 0;
  for (auto& result : report.results) {
    if (!result.go_binary || result.go_binary->source_repository.empty()) continue;
    const model::GoBinaryDetails& binary = *result.go_binary;
    std::error_code error;
    std::filesystem::create_directories(clones.folder, error);
    artifact::repo::RepoOptions open;
    open.target = binary.source_repository;
    open.tag = binary.source_tag;
    open.clone_dir = clones.folder / std::to_string(count++);
    open.running_git = clones.running_git;
    auto repository = artifact::repo::OpenRepository(open);
    if (!repository && !open.tag.empty()) {
      SCRY_LOG_WARN("{}: --follow-source: {}; trying the default branch instead", result.target,
                    repository.error().ToString());
      std::filesystem::remove_all(open.clone_dir, error);
      open.tag.clear();
      repository = artifact::repo::OpenRepository(open);
    }
    if (!repository) {
      SCRY_LOG_WARN("{}: --follow-source: {}", result.target, repository.error().ToString());
      std::filesystem::remove_all(open.clone_dir, error);
      continue;
    }
    artifact::FilesystemArtifact artifact;
    artifact.name = repository->url;
    artifact.type = model::ArtifactType::kRepository;
    artifact.kind = artifact::FilesystemKind::kFilesystem;
    artifact.root = repository->root;
    artifact.walk.skip_directory_names = {".git"};
    auto source = scan::ScanFilesystem(artifact, scan_options);
    if (!source) {
      SCRY_LOG_WARN("{}: --follow-source: {}", result.target, source.error().ToString());
    } else if (const auto* module = SourceModule(*source, binary.source_module)) {
      AttachSource(result, *module, *repository);
    } else {
      SCRY_LOG_WARN("{}: --follow-source: {} has no go.mod for {}", result.target, repository->url,
                    binary.source_module);
    }
    std::filesystem::remove_all(open.clone_dir, error);
  }
}

// Findings of packages whose version came from the source repository say so.
void MarkFindingsFromSource(model::Report& report) {
  for (auto& result : report.results) {
    std::map<std::string_view, const model::Package*> from_source;
    for (const auto& package : result.packages) {
      if (package.version_source == model::VersionSource::kSource) {
        from_source[package.id] = &package;
      }
    }
    if (from_source.empty()) continue;
    for (auto& finding : result.vulnerabilities) {
      auto found = from_source.find(finding.pkg_id);
      if (found == from_source.end()) continue;
      finding.evidence["VersionFrom"] = "source: " + found->second->evidence.at("SourceFile");
    }
  }
}

}  // namespace

int RunScan(const GlobalOptions& global, const ScanCommandOptions& options,
            const std::function<Result<model::Report>(const scan::ScanOptions&)>& scan_target,
            const SourceClones* clones) {
  auto format = report::ParseFormat(options.format);
  if (!format) {
    std::fprintf(stderr,
                 "scry: unknown --format %s: use table, json, sarif, cyclonedx, spdx-json, "
                 "github or html\n",
                 options.format.c_str());
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
  scan::FilterOptions filters;
  filters.ignore_unfixed = options.ignore_unfixed;
  for (const std::string& name : options.severities) {
    auto severity = model::ParseSeverity(name);
    if (!severity) {
      std::fprintf(stderr,
                   "scry: unknown severity %s: use UNKNOWN, LOW, MEDIUM, HIGH or CRITICAL\n",
                   name.c_str());
      return kExitUsage;
    }
    filters.severities.insert(*severity);
  }
  for (const std::string& status : options.ignore_statuses) {
    if (!scan::IsKnownStatus(status)) {
      std::fprintf(stderr,
                   "scry: unknown status %s: use unknown, not_affected, affected, fixed, "
                   "under_investigation, will_not_fix, fix_deferred or end_of_life\n",
                   status.c_str());
      return kExitUsage;
    }
    filters.ignore_statuses.insert(status);
  }
  filters.os_packages = false;
  filters.library_packages = false;
  for (const std::string& type : options.pkg_types) {
    if (type == "os") {
      filters.os_packages = true;
    } else if (type == "library") {
      filters.library_packages = true;
    } else {
      std::fprintf(stderr, "scry: unknown package type %s: use os or library\n", type.c_str());
      return kExitUsage;
    }
  }
  auto loaded_policy = LoadPolicy(options);
  if (!loaded_policy) return Failure(loaded_policy.error().ToString());

  // --debug: where the time went, on one line at the end.
  using Clock = std::chrono::steady_clock;
  const Clock::time_point started = Clock::now();
  Clock::time_point mark = started;
  auto lap = [&mark] {
    Clock::time_point now = Clock::now();
    double seconds = std::chrono::duration<double>(now - mark).count();
    mark = now;
    return seconds;
  };
  std::unique_ptr<db::AdvisoryStore> store;
  if (vulnerabilities) {
    auto opened = EnsureDatabase(global, options.db);
    if (!opened) return Failure(opened.error().ToString());
    store = std::move(*opened);
  }
  const double database_seconds = lap();

  ScanProgressLine progress(ShouldShowProgress(global));
  scan::ScanOptions scan_options;
  scan_options.parallel = options.parallel;
  scan_options.created_at = ReportTime();
  scan_options.include_dev_deps = options.include_dev_deps;
  scan_options.progress = [&progress](const scan::ScanProgress& now) { progress.Update(now); };
  auto scanned = scan_target(scan_options);
  progress.Clear();
  if (!scanned) return Failure(scanned.error().ToString());
  if (options.follow_source) {
    if (clones != nullptr) {
      FollowSources(*clones, scan_options, *scanned);
    } else {
      SCRY_LOG_WARN("--follow-source applies to fs, rootfs and image scans; ignored here");
    }
  }
  progress.Clear();
  PrintSourceHints(*scanned);
  if (std::string eol = scan::MarkEndOfLife(*scanned, EndOfLifeToday()); !eol.empty()) {
    SCRY_LOG_WARN("{}", eol);
  }
  const double inventory_seconds = lap();

  if (store) {
    matcher::MatchOptions match_options;
    match_options.include_unknown = options.include_unknown;
    match_options.threads = options.parallel;
    if (auto matched = matcher::MatchReport(*store, match_options, *scanned); !matched) {
      return Failure(matched.error().ToString());
    }
    MarkFindingsFromSource(*scanned);
    scan::ApplyFilters(filters, *scanned);
    policy::PolicyOutcome outcome = policy::ApplyPolicy(*loaded_policy, *scanned);
    for (const std::string& warning : outcome.warnings) SCRY_LOG_WARN("{}", warning);
    SCRY_LOG_DEBUG("policy: {} findings ignored by rules, {} suppressed by VEX", outcome.ignored,
                   outcome.suppressed_by_vex);
  } else {
    scan::ApplyFilters(filters, *scanned);  // --pkg-types applies to package lists too
  }
  const double matching_seconds = lap();

  report::WriterOptions writer_options;
  writer_options.list_all_packages = options.list_all_packages || !vulnerabilities;
  writer_options.vulnerabilities = vulnerabilities;
  SetDocumentOptions(writer_options);
  // The table fits a terminal and colours severities there; into a pipe or a file it is plain
  // and unwrapped (whole lines for grep, and the same bytes whatever the reader's terminal).
  if (options.output.empty()) {
    if (auto columns = TerminalColumns(STDOUT_FILENO)) {
      writer_options.terminal_width = *columns;
      writer_options.color = ColorAllowed();
    }
  }
  if (auto written = WriteReport(*scanned, *format, writer_options, options.output); !written) {
    return Failure(written.error().ToString());
  }
  if (global.debug) {
    const double report_seconds = lap();
    scan::ScanProgress counted = progress.Last();
    std::fprintf(stderr,
                 "scry: %.2f s total: database %.2f s, inventory %.2f s, matching %.2f s, report "
                 "%.2f s; %zu files, %zu layers\n",
                 std::chrono::duration<double>(Clock::now() - started).count(), database_seconds,
                 inventory_seconds, matching_seconds, report_seconds, counted.files_done,
                 counted.layers_total);
  }
  if (options.exit_code != 0 && scan::CountVulnerabilities(*scanned) > 0) {
    return options.exit_code;
  }
  // --exit-code takes precedence over --exit-on-eol (as in Trivy); the end-of-life warning above
  // already said why --exit-on-eol's code is returned.
  std::string eol_note;
  if (int code = scan::EndOfLifeExitCode(*scanned, options.exit_on_eol, &eol_note); code != 0) {
    return code;
  }
  if (!eol_note.empty()) SCRY_LOG_DEBUG("{}", eol_note);
  return 0;
}

int RunFilesystemScan(const GlobalOptions& global, const ScanCommandOptions& options,
                      artifact::FilesystemKind kind) {
  std::atomic<pid_t> running_git{0};
  SourceClones clones{SourceFolder(global), &running_git};
  // Set up before any thread starts (InterruptCleanup), and only when clones may be made.
  std::optional<InterruptCleanup> cleanup;
  if (options.follow_source) cleanup.emplace(clones.folder, &running_git);
  return RunScan(
      global, options,
      [&](const scan::ScanOptions& scan_options) -> Result<model::Report> {
        auto artifact = artifact::InspectFilesystem(options.target, kind);
        if (!artifact) return tl::unexpected(artifact.error());
        artifact->walk.skip_directory_globs = options.skip_dirs;
        artifact->walk.skip_file_globs = options.skip_files;
        auto scanned = scan::ScanFilesystem(*artifact, scan_options);
        if (!scanned)
          return tl::unexpected(std::move(scanned.error()).Wrap("scan " + options.target));
        return scanned;
      },
      &clones);
}

int RunRepoScan(const GlobalOptions& global, const ScanCommandOptions& options,
                const RepoOptions& repo) {
  if (!repo.branch.empty() + !repo.tag.empty() + !repo.commit.empty() > 1) {
    std::fprintf(stderr, "scry: give at most one of --branch, --tag and --commit\n");
    return kExitUsage;
  }
  std::filesystem::path temporary =
      CacheDirectory(global) / kTemporaryFolder / fmt::format("repo-{}", ::getpid());
  std::atomic<pid_t> running_git{0};
  // Set up before any thread starts, so that every thread leaves SIGINT and SIGTERM to it.
  InterruptCleanup cleanup(temporary, &running_git);
  return RunScan(
      global, options, [&](const scan::ScanOptions& scan_options) -> Result<model::Report> {
        std::string name = artifact::repo::IsRemoteUrl(options.target)
                               ? artifact::repo::RedactUrl(options.target)
                               : options.target;
        artifact::repo::RepoOptions open;
        open.target = options.target;
        open.branch = repo.branch;
        open.tag = repo.tag;
        open.commit = repo.commit;
        open.clone_dir = temporary / "src";
        open.running_git = &running_git;
        std::error_code created;
        std::filesystem::create_directories(temporary, created);
        if (created) {
          return Fail(ErrorCode::kIo,
                      "cannot create {}: {} (use --cache-dir to put scry's cache elsewhere)",
                      temporary.string(), created.message());
        }
        auto repository = artifact::repo::OpenRepository(open);
        if (!repository) return tl::unexpected(std::move(repository.error()).Wrap("repo " + name));

        artifact::FilesystemArtifact artifact;
        artifact.name = name;
        artifact.type = model::ArtifactType::kRepository;
        artifact.kind = artifact::FilesystemKind::kFilesystem;
        artifact.root = repository->root;
        artifact.walk.skip_directory_names = {".git"};
        artifact.walk.skip_directory_globs = options.skip_dirs;
        artifact.walk.skip_file_globs = options.skip_files;
        auto report = scan::ScanFilesystem(artifact, scan_options);
        if (!report) return tl::unexpected(std::move(report.error()).Wrap("repo " + name));
        report->metadata.repo_url = repository->url;
        report->metadata.branch = repository->branch;
        report->metadata.tags = repository->tags;
        report->metadata.commit = repository->commit;
        return report;
      });
}

int RunImageScan(const GlobalOptions& global, const ScanCommandOptions& options,
                 const ImageOptions& image) {
  if (options.target.empty() == image.input.empty()) {
    std::fprintf(stderr,
                 "scry: give either an OCI layout folder (scry image DIR[:tag]) or a tarball "
                 "(scry image --input FILE), not %s\n",
                 options.target.empty() ? "neither" : "both");
    return kExitUsage;
  }
  auto backend = cache::ParseBackend(options.cache_backend);
  if (!backend) {
    std::fprintf(stderr, "scry: %s\n", backend.error().message().c_str());
    return kExitUsage;
  }
  std::atomic<pid_t> running_git{0};
  SourceClones clones{SourceFolder(global), &running_git};
  std::optional<InterruptCleanup> cleanup;
  if (options.follow_source) cleanup.emplace(clones.folder, &running_git);
  return RunScan(
      global, options,
      [&](const scan::ScanOptions& scan_options) -> Result<model::Report> {
        std::filesystem::path cache_directory = CacheDirectory(global);
        // Spooled files and decompressed tarballs of this process; removed when the scan ends.
        std::filesystem::path temporary =
            cache_directory / kTemporaryFolder / fmt::format("scan-{}", ::getpid());
        struct RemoveOnExit {
          std::filesystem::path path;
          ~RemoveOnExit() {
            std::error_code ignored;
            std::filesystem::remove_all(path, ignored);
          }
        } remove_temporary{temporary};

        std::error_code created;
        std::filesystem::create_directories(temporary, created);
        if (created) {
          return Fail(ErrorCode::kIo,
                      "cannot create {}: {} (use --cache-dir to put scry's cache elsewhere)",
                      temporary.string(), created.message());
        }
        artifact::image::OpenOptions open;
        open.input = image.input.empty() ? options.target : image.input;
        open.platform = image.platform;
        open.temp_dir = temporary;
        if (image.max_layer_size != 0) open.max_layer_bytes = image.max_layer_size;
        auto opened = artifact::image::Image::Open(open);
        if (!opened) return tl::unexpected(std::move(opened.error()).Wrap("image " + open.input));

        SCRY_TRY(auto cache, cache::MakeCache(*backend, cache_directory / kAnalysisCacheFolder));
        scan::ImageScanOptions image_scan;
        image_scan.scan = scan_options;
        image_scan.cache = cache.get();
        image_scan.temp_dir = temporary;
        scan::ImageScanStats stats;
        auto report = scan::ScanImage(**opened, image_scan, &stats);
        if (!report) return tl::unexpected(std::move(report.error()).Wrap("image " + open.input));
        SCRY_LOG_DEBUG("layers: {} from the cache, {} analysed", stats.layers_from_cache,
                       stats.layers_analyzed);
        return report;
      },
      &clones);
}

int RunClean(const GlobalOptions& global, bool all) {
  std::filesystem::path directory = CacheDirectory(global);
  std::vector<std::filesystem::path> removed = {directory / kAnalysisCacheFolder,
                                                directory / kTemporaryFolder};
  if (all) removed.push_back(db::DefaultDatabasePath(directory).parent_path());
  for (const auto& path : removed) {
    std::error_code error;
    std::filesystem::remove_all(path, error);
    if (error) return Failure(fmt::format("cannot remove {}: {}", path.string(), error.message()));
    SCRY_LOG_INFO("removed {}", path.string());
  }
  return 0;
}

}  // namespace scry::cli
