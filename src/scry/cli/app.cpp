#include "scry/cli/app.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>

#include "scry/base/log.hpp"
#include "scry/cli/completion.hpp"
#include "scry/cli/config_file.hpp"
#include "scry/cli/db_command.hpp"
#include "scry/cli/options.hpp"
#include "scry/cli/sbom_command.hpp"
#include "scry/cli/scan_command.hpp"
#include "scry/report/writer.hpp"

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

// The commands a parse went through, root first ("scry", "fs").
std::vector<const CLI::App*> ParsedChain(const CLI::App& root) {
  std::vector<const CLI::App*> chain = {&root};
  for (bool found = true; found;) {
    found = false;
    for (const CLI::App* sub : chain.back()->get_subcommands()) {
      chain.push_back(sub);
      found = true;
      break;
    }
  }
  return chain;
}

// Whether any command of the tree has the long option `name` ("--severity").
bool AnyCommandHas(const CLI::App& command, const std::string& name) {
  if (command.get_option_no_throw(name) != nullptr) return true;
  for (const CLI::App* sub : command.get_subcommands([](const CLI::App*) { return true; })) {
    if (AnyCommandHas(*sub, name)) return true;
  }
  return false;
}

// scry.yaml through CLI11's configuration mechanism: flat keys named like the long flags, given
// to the command being run. CLI11 applies a configuration before the environment and skips
// options already set, so settings whose SCRY_* variable is set are left out here: flag >
// environment > file > default. A key of another command (branch: in a file used by `scry fs`)
// is skipped; a key no command has is an error. CLI11's interface reports errors by throwing
// CLI::ConfigError, which Run catches with every other parse error (exit 2).
class YamlConfig : public CLI::Config {
 public:
  explicit YamlConfig(const CLI::App* root) : root_(root) {}

  std::string to_config(const CLI::App*, bool, bool, std::string) const override { return {}; }

  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override {
    std::string file = std::string(kDefaultConfigFile);
    if (const CLI::Option* option = root_->get_config_ptr()) {
      auto files = option->as<std::vector<std::string>>();
      if (!files.empty()) file = files.front();
    }
    std::string text((std::istreambuf_iterator<char>(input)), std::istreambuf_iterator<char>());
    auto entries = ParseConfigFile(text, file);
    if (!entries) throw CLI::ConfigError(entries.error().ToString());
    std::vector<const CLI::App*> chain = ParsedChain(*root_);
    std::vector<CLI::ConfigItem> out;
    for (const ConfigEntry& entry : *entries) {
      const std::string flag = "--" + entry.key;
      const CLI::Option* option = nullptr;
      size_t depth = chain.size();
      while (option == nullptr && depth > 0) {
        option = chain[--depth]->get_option_no_throw(flag);
      }
      if (option == nullptr) {
        if (AnyCommandHas(*root_, flag)) continue;
        throw CLI::ConfigError(
            fmt::format("{}:{}: unknown key {}: keys are long flag names without dashes (severity, "
                        "exit-code, format...)",
                        file, entry.line, entry.key));
      }
      const std::string& env = option->get_envname();
      if (const char* set = env.empty() ? nullptr : std::getenv(env.c_str());
          set != nullptr && *set != '\0') {
        continue;
      }
      CLI::ConfigItem item;
      for (size_t i = 1; i <= depth; ++i) item.parents.push_back(chain[i]->get_name());
      item.name = entry.key;
      item.inputs = entry.values;
      out.push_back(std::move(item));
    }
    return out;
  }

 private:
  const CLI::App* root_;
};

// The values of options that take one of a fixed set, for completion (validated by the
// commands themselves, with messages listing them).
std::vector<std::string> Choices(const CLI::App& command, const CLI::Option& option) {
  if (option.get_lnames().empty()) return {};
  const std::string name = "--" + option.get_lnames().front();
  if (name == "--format") {
    if (command.get_name() == "version" || command.get_name() == "info") return {"table", "json"};
    std::vector<std::string> formats;
    for (const char* format :
         {"table", "json", "sarif", "cyclonedx", "spdx-json", "github", "html"}) {
      if (report::ParseFormat(format)) formats.emplace_back(format);
    }
    return formats;
  }
  if (name == "--severity") return {"UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"};
  if (name == "--scanners") return {"vuln", "none"};
  if (name == "--pkg-types") return {"os", "library"};
  if (name == "--cache-backend") return {"fs", "memory"};
  if (name == "--ignore-status") {
    return {"unknown",      "not_affected", "affected",   "fixed", "under_investigation",
            "will_not_fix", "fix_deferred", "end_of_life"};
  }
  return {};
}

// The tree as completion scripts see it: options inherited from the parents (global flags are
// accepted after the subcommand), positionals left out.
CommandSpec DescribeCommand(const CLI::App& command, std::vector<OptionSpec> inherited) {
  CommandSpec spec{command.get_name(), command.get_description(), std::move(inherited), {}};
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_positional() && option->get_lnames().empty() && option->get_snames().empty()) {
      continue;
    }
    OptionSpec described;
    for (const auto& name : option->get_snames()) described.names.push_back("-" + name);
    for (const auto& name : option->get_lnames()) described.names.push_back("--" + name);
    described.description = option->get_description();
    described.takes_value = option->get_expected_min() != 0;
    described.choices = Choices(command, *option);
    spec.options.push_back(std::move(described));
  }
  for (const CLI::App* sub : command.get_subcommands([](const CLI::App*) { return true; })) {
    spec.subcommands.push_back(DescribeCommand(*sub, spec.options));
  }
  return spec;
}

void AddDbRepositoryOption(CLI::App& command, DbUpdateOptions& options) {
  command
      .add_option("--db-repository", options.repositories,
                  "Where to download advisories: base URL of osv.dev-style <Ecosystem>/all.zip "
                  "exports, a file:// URL or a folder; repeatable, tried in order")
      ->delimiter(',')
      ->envname("SCRY_DB_REPOSITORY")
      ->default_str("https://osv-vulnerabilities.storage.googleapis.com");
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
                  "Output format: table, json, sarif, cyclonedx, spdx-json, github or html")
      ->envname("SCRY_FORMAT")
      ->capture_default_str();
  command.add_option("-o,--output", options.output, "Write the report to this file")
      ->envname("SCRY_OUTPUT")
      ->default_str("stdout");
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
  command
      .add_option("--parallel", options.parallel,
                  "Files analysed, and database lookups made, at once (0: one per CPU)")
      ->envname("SCRY_PARALLEL")
      ->capture_default_str();
  command
      .add_option("--severity", options.severities,
                  "Severities to report (UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL); default all")
      ->delimiter(',')
      ->envname("SCRY_SEVERITY")
      ->default_str("all");
  command
      .add_flag("--ignore-unfixed", options.ignore_unfixed,
                "Leave out vulnerabilities without a fixed version")
      ->envname("SCRY_IGNORE_UNFIXED");
  command
      .add_option("--ignore-status", options.ignore_statuses,
                  "Leave out vulnerabilities with these statuses (unknown, not_affected, affected, "
                  "fixed, under_investigation, will_not_fix, fix_deferred, end_of_life)")
      ->delimiter(',')
      ->envname("SCRY_IGNORE_STATUS")
      ->default_str("none");
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
      ->envname("SCRY_IGNOREFILE")
      ->default_str(".trivyignore, .scryignore (and .yaml) when present");
  command
      .add_option("--vex", options.vex_files,
                  "OpenVEX or CycloneDX VEX document whose not_affected/fixed statements "
                  "suppress findings (repeatable)")
      ->delimiter(',')
      ->envname("SCRY_VEX")
      ->default_str("none");
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
      ->envname("SCRY_SKIP_DIRS")
      ->default_str("none");
  command
      .add_option("--skip-files", options.skip_files,
                  "Files not to scan: globs relative to the target, ** for any depth")
      ->delimiter(',')
      ->envname("SCRY_SKIP_FILES")
      ->default_str("none");
}

}  // namespace

// Run's body; with `inspect`, the tree is handed to it instead of parsing argv.
int RunApp(int argc, char** argv, const std::function<void(const CLI::App&)>* inspect) {
  CLI::App app{
      "scry: find what is inside container images, file systems and repositories, "
      "and the vulnerabilities in it"};
  app.name("scry");
  app.require_subcommand(1);
  // Global flags are also accepted after the subcommand, as Trivy users write them.
  app.fallthrough();
  // Errors are one line, with where to look next (CLI11's default adds a second line).
  app.failure_message([](const CLI::App* root, const CLI::Error& error) {
    std::string command = "scry";
    for (const CLI::App* sub : ParsedChain(*root)) {
      if (sub != root) command += " " + sub->get_name();
    }
    return fmt::format("scry: {} (see `{} --help`)\n", error.what(), command);
  });
  // --config FILE, else SCRY_CONFIG, else scry.yaml when present. CLI11 reads the file before it
  // applies the environment, so SCRY_CONFIG is read here; a file named either way must exist.
  const char* config_env = std::getenv("SCRY_CONFIG");
  bool config_named = config_env != nullptr && *config_env != '\0';
  app.config_formatter(std::make_shared<YamlConfig>(&app));
  app.set_config("--config",
                 config_named ? std::string(config_env) : std::string(kDefaultConfigFile),
                 "YAML file of settings named like the long flags (severity: [HIGH, CRITICAL], "
                 "exit-code: 1, format: json); precedence: flag > SCRY_* environment > file > "
                 "default",
                 config_named)
      ->envname("SCRY_CONFIG");
  GlobalOptions global;
  app.add_flag("-q,--quiet", global.quiet, "Print only errors on stderr")->envname("SCRY_QUIET");
  app.add_flag("-d,--debug", global.debug, "Print debug logs")->envname("SCRY_DEBUG");
  app.add_flag("--no-progress", global.no_progress, "Never show progress bars")
      ->envname("SCRY_NO_PROGRESS");
  app.add_option("--cache-dir", global.cache_dir,
                 "Cache directory (database in <dir>/db); default $XDG_CACHE_HOME/scry")
      ->envname("SCRY_CACHE_DIR")
      ->default_str("$XDG_CACHE_HOME/scry");

  CLI::App* version = app.add_subcommand("version", "Print the scry version");
  std::string version_format = "table";
  version->add_option("-f,--format", version_format, "Output format: table or json")
      ->envname("SCRY_FORMAT")
      ->capture_default_str();

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
  auto* branch = repo->add_option("--branch", repo_refs.branch, "Branch to scan")
                     ->envname("SCRY_BRANCH")
                     ->default_str("the default branch");
  auto* tag = repo->add_option("--tag", repo_refs.tag, "Tag to scan")
                  ->envname("SCRY_TAG")
                  ->default_str("none");
  auto* commit = repo->add_option("--commit", repo_refs.commit, "Commit SHA to scan")
                     ->envname("SCRY_COMMIT")
                     ->default_str("none");
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
  image->add_option("target", image_options.target, "OCI layout folder[:tag|@digest]")
      ->default_str("none: --input");
  image->add_option("--input", image_input.input, "docker-save or OCI archive tarball")
      ->envname("SCRY_INPUT")
      ->default_str("none");
  image
      ->add_option("--platform", image_input.platform,
                   "os/arch[/variant] to pick from a multi-platform image; default the host's")
      ->envname("SCRY_PLATFORM")
      ->default_str("the host's");
  image
      ->add_option("--max-layer-size", image_input.max_layer_size,
                   "Refuse layers that decompress to more bytes than this (default 64 GiB)")
      ->envname("SCRY_MAX_LAYER_SIZE")
      ->default_str("64 GiB");
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
  clean->add_flag("--all", clean_all, "Also remove the vulnerability database")
      ->envname("SCRY_CLEAN_ALL");

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
  db_info->add_option("-f,--format", info_options.format, "Output format: table or json")
      ->envname("SCRY_FORMAT")
      ->capture_default_str();
  DbUpdateOptions update_options;
  CLI::App* db_update = db->add_subcommand(
      "update", "Download the OSV advisories of each ecosystem (osv.dev's all.zip exports)");
  AddDbRepositoryOption(*db_update, update_options);
  db_update
      ->add_option("--ecosystem", update_options.ecosystems,
                   "Only this osv.dev ecosystem (repeatable); default: every one scry matches")
      ->delimiter(',')
      ->envname("SCRY_ECOSYSTEM")
      ->default_str("all");

  CLI::App* completion = app.add_subcommand(
      "completion", "Print a shell completion script: source <(scry completion bash)");
  completion->require_subcommand(1);
  CLI::App* completion_bash = completion->add_subcommand("bash", "Completion script for bash");
  CLI::App* completion_zsh = completion->add_subcommand("zsh", "Completion script for zsh");

  if (inspect != nullptr) {
    (*inspect)(app);
    return 0;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : kExitUsage;
  }
  ApplyLogLevel(global);

  if (completion_bash->parsed() || completion_zsh->parsed()) {
    CommandSpec spec = DescribeCommand(app, {});
    std::cout << (completion_bash->parsed() ? BashCompletion(spec) : ZshCompletion(spec));
    return 0;
  }
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

namespace scry::cli {

int Run(int argc, char** argv) { return RunApp(argc, argv, nullptr); }

void InspectCommands(const std::function<void(const CLI::App&)>& inspect) {
  RunApp(0, nullptr, &inspect);
}

}  // namespace scry::cli
