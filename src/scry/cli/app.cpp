#include "scry/cli/app.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "scry/base/log.hpp"
#include "scry/cli/db_command.hpp"
#include "scry/cli/options.hpp"
#include "scry/cli/sbom_command.hpp"
#include "scry/cli/scan_command.hpp"

namespace scry::cli {
namespace {

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

void AddDbRepositoryOption(CLI::App& command, DbUpdateOptions& options) {
  command
      .add_option("--db-repository", options.repositories,
                  "Where to download advisories: base URL of osv.dev-style <Ecosystem>/all.zip "
                  "exports, a file:// URL or a folder; repeatable, tried in order")
      ->delimiter(',')
      ->envname("SCRY_DB_REPOSITORY");
}

void AddScanOptions(CLI::App& command, ScanCommandOptions& options) {
  AddDbRepositoryOption(command, options.db);
  command
      .add_option("--cache-backend", options.cache_backend,
                  "Where layer analyses are cached: fs (in --cache-dir) or memory (not kept)")
      ->envname("SCRY_CACHE_BACKEND")
      ->capture_default_str();
  command
      .add_flag("--skip-db-update", options.db.skip_update,
                "Never download the vulnerability database, even when missing or outdated")
      ->envname("SCRY_SKIP_DB_UPDATE");
  command
      .add_option("-f,--format", options.format,
                  "Output format: table, json, sarif, cyclonedx, spdx-json or github")
      ->envname("SCRY_FORMAT")
      ->capture_default_str();
  command.add_option("-o,--output", options.output, "Write the report to this file")
      ->envname("SCRY_OUTPUT");
  command
      .add_flag("--list-all-pkgs", options.list_all_packages,
                "List every package, not only vulnerable ones")
      ->envname("SCRY_LIST_ALL_PKGS");
  command
      .add_flag("--include-dev-deps", options.include_dev_deps,
                "Include development-only dependencies of lockfiles (npm devDependencies, "
                "poetry dev groups, Maven test scope...)")
      ->envname("SCRY_INCLUDE_DEV_DEPS");
  command
      .add_option("--scanners", options.scanners,
                  "What to look for: vuln, or none to list packages only")
      ->delimiter(',')
      ->envname("SCRY_SCANNERS")
      ->capture_default_str();
  command.add_option("--parallel", options.parallel, "Files analysed at once (0: one per CPU)")
      ->envname("SCRY_PARALLEL")
      ->capture_default_str();
  command
      .add_option("--severity", options.severities,
                  "Severities to report (UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL); default all")
      ->delimiter(',')
      ->envname("SCRY_SEVERITY");
  command
      .add_flag("--ignore-unfixed", options.ignore_unfixed,
                "Leave out vulnerabilities without a fixed version")
      ->envname("SCRY_IGNORE_UNFIXED");
  command
      .add_option("--ignore-status", options.ignore_statuses,
                  "Leave out vulnerabilities with these statuses (unknown, not_affected, affected, "
                  "fixed, under_investigation, will_not_fix, fix_deferred, end_of_life)")
      ->delimiter(',')
      ->envname("SCRY_IGNORE_STATUS");
  command
      .add_option("--pkg-types", options.pkg_types,
                  "Package types to report: os (OS packages), library (language packages)")
      ->delimiter(',')
      ->envname("SCRY_PKG_TYPES")
      ->capture_default_str();
  command
      .add_option("--ignorefile", options.ignore_file,
                  "Ignore file (.trivyignore form, or YAML when it ends in .yaml/.yml); default: "
                  ".trivyignore, .trivyignore.yaml, .scryignore and .scryignore.yaml in the "
                  "working directory, each when present")
      ->envname("SCRY_IGNOREFILE");
  command
      .add_option("--vex", options.vex_files,
                  "OpenVEX or CycloneDX VEX document whose not_affected/fixed statements "
                  "suppress findings (repeatable)")
      ->delimiter(',')
      ->envname("SCRY_VEX");
  command
      .add_option("--exit-on-eol", options.exit_on_eol,
                  "Exit code when the OS is end-of-life (0: no special code)")
      ->envname("SCRY_EXIT_ON_EOL")
      ->capture_default_str();
  command
      .add_option("--exit-code", options.exit_code,
                  "Exit code when vulnerabilities remain after filtering")
      ->envname("SCRY_EXIT_CODE")
      ->capture_default_str();
  command
      .add_flag("--follow-source", options.follow_source,
                "For Go binaries without module information, clone the probable source "
                "repository (shallow, at the version tag when known) and take module versions "
                "from its go.mod")
      ->envname("SCRY_FOLLOW_SOURCE");
  command
      .add_flag("--include-unknown", options.include_unknown,
                "Report packages of unknown version as possibly affected by every advisory "
                "for them")
      ->envname("SCRY_INCLUDE_UNKNOWN");
}

void AddWalkOptions(CLI::App& command, ScanCommandOptions& options) {
  command
      .add_option("--skip-dirs", options.skip_dirs,
                  "Directories not to scan: globs relative to the target, ** for any depth")
      ->delimiter(',')
      ->envname("SCRY_SKIP_DIRS");
  command
      .add_option("--skip-files", options.skip_files,
                  "Files not to scan: globs relative to the target, ** for any depth")
      ->delimiter(',')
      ->envname("SCRY_SKIP_FILES");
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
  app.add_option("--cache-dir", global.cache_dir,
                 "Cache directory (database in <dir>/db); default $XDG_CACHE_HOME/scry")
      ->envname("SCRY_CACHE_DIR");

  CLI::App* version = app.add_subcommand("version", "Print the scry version");
  std::string version_format = "table";
  version->add_option("-f,--format", version_format, "Output format: table or json");

  ScanCommandOptions fs_options;
  CLI::App* fs = app.add_subcommand(
      "fs", "Scan a folder or a file: lockfiles and binaries (Go binaries by their content)");
  fs->add_option("target", fs_options.target, "Folder or file to scan")->required();
  AddScanOptions(*fs, fs_options);
  AddWalkOptions(*fs, fs_options);

  ScanCommandOptions repo_options;
  RepoOptions repo_refs;
  CLI::App* repo = app.add_subcommand(
      "repo",
      "Scan a git repository: a local working tree in place, or a URL (file://, git://, "
      "http(s)://, ssh://, user@host:path) cloned shallowly into the cache's temp folder");
  repo->add_option("target", repo_options.target, "Working tree path or repository URL")
      ->required();
  auto* branch =
      repo->add_option("--branch", repo_refs.branch, "Branch to scan")->envname("SCRY_BRANCH");
  auto* tag = repo->add_option("--tag", repo_refs.tag, "Tag to scan")->envname("SCRY_TAG");
  auto* commit =
      repo->add_option("--commit", repo_refs.commit, "Commit SHA to scan")->envname("SCRY_COMMIT");
  branch->excludes(tag)->excludes(commit);
  tag->excludes(commit);
  AddScanOptions(*repo, repo_options);
  AddWalkOptions(*repo, repo_options);

  ScanCommandOptions image_options;
  ImageOptions image_input;
  CLI::App* image = app.add_subcommand(
      "image",
      "Scan a container image: an OCI layout folder (DIR, DIR:tag, DIR@sha256:...) or, with "
      "--input, a docker-save or OCI archive tarball (.tar, .tar.gz)");
  image->add_option("target", image_options.target, "OCI layout folder[:tag|@digest]");
  image->add_option("--input", image_input.input, "docker-save or OCI archive tarball")
      ->envname("SCRY_INPUT");
  image
      ->add_option("--platform", image_input.platform,
                   "os/arch[/variant] to pick from a multi-platform image; default the host's")
      ->envname("SCRY_PLATFORM");
  image
      ->add_option("--max-layer-size", image_input.max_layer_size,
                   "Refuse layers that decompress to more bytes than this (default 64 GiB)")
      ->envname("SCRY_MAX_LAYER_SIZE");
  AddScanOptions(*image, image_options);

  ScanCommandOptions rootfs_options;
  CLI::App* rootfs = app.add_subcommand("rootfs", "Scan an unpacked root file system");
  rootfs->add_option("target", rootfs_options.target, "Root directory to scan")->required();
  AddScanOptions(*rootfs, rootfs_options);
  AddWalkOptions(*rootfs, rootfs_options);

  ScanCommandOptions sbom_options;
  CLI::App* sbom = app.add_subcommand(
      "sbom",
      "Scan the packages an SBOM lists: CycloneDX JSON (1.2 to 1.6) or SPDX JSON (2.2, 2.3)");
  sbom->add_option("target", sbom_options.target, "SBOM file")->required();
  AddScanOptions(*sbom, sbom_options);

  bool clean_all = false;
  CLI::App* clean = app.add_subcommand("clean", "Empty the analysis cache in --cache-dir");
  clean->add_flag("--all", clean_all, "Also remove the vulnerability database");

  CLI::App* db = app.add_subcommand("db", "Build and inspect the vulnerability database");
  db->require_subcommand(1);
  DbImportOptions import_options;
  CLI::App* db_import = db->add_subcommand(
      "import",
      "Add advisories from OSV folders, .json files or all.zip exports, Alpine secdb files or "
      "the Debian security tracker's DSA/DLA lists (offline)");
  db_import->add_option("paths", import_options.paths, "OSV folders, files or zips")->required();
  DbInfoOptions info_options;
  CLI::App* db_info = db->add_subcommand("info", "Show the database's sources, counts and age");
  db_info->add_option("-f,--format", info_options.format, "Output format: table or json");
  DbUpdateOptions update_options;
  CLI::App* db_update = db->add_subcommand(
      "update", "Download the OSV advisories of each ecosystem (osv.dev's all.zip exports)");
  AddDbRepositoryOption(*db_update, update_options);
  db_update
      ->add_option("--ecosystem", update_options.ecosystems,
                   "Only this osv.dev ecosystem (repeatable); default: every one scry matches")
      ->delimiter(',')
      ->envname("SCRY_ECOSYSTEM");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : kExitUsage;
  }
  ApplyLogLevel(global);

  if (version->parsed()) return RunVersion(global, version_format, SCRY_VERSION);
  if (clean->parsed()) return RunClean(global, clean_all);
  if (db_import->parsed()) return RunDbImport(global, import_options);
  if (db_info->parsed()) return RunDbInfo(global, info_options);
  if (db_update->parsed()) return RunDbUpdate(global, update_options);
  if (fs->parsed()) {
    return RunFilesystemScan(global, fs_options, artifact::FilesystemKind::kFilesystem);
  }
  if (repo->parsed()) return RunRepoScan(global, repo_options, repo_refs);
  if (image->parsed()) return RunImageScan(global, image_options, image_input);
  if (rootfs->parsed()) {
    return RunFilesystemScan(global, rootfs_options, artifact::FilesystemKind::kRootfs);
  }
  if (sbom->parsed()) return RunSbomScan(global, sbom_options);
  return kExitUsage;
}

}  // namespace scry::cli
