// Command-line options as a plain struct: CLI11 stays inside app.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace scry::cli {

struct GlobalOptions {
  bool quiet = false;
  bool debug = false;
  bool no_progress = false;
  std::string cache_dir;  // empty: $XDG_CACHE_HOME/scry, else ~/.cache/scry
};

// What `scry image` reads, besides the common scan options.
struct ImageOptions {
  std::string input;            // --input FILE: docker-save or OCI archive tarball
  std::string platform;         // --platform os/arch[/variant]; empty: the host's
  uint64_t max_layer_size = 0;  // --max-layer-size bytes; 0: limits::kMaxLayerDecompressedSize
};

struct DbImportOptions {
  std::vector<std::string> paths;
};

struct DbInfoOptions {
  std::string format = "table";
};

// Where the advisory database is downloaded from, by `scry db update` and by the automatic
// update before a scan.
struct DbUpdateOptions {
  std::vector<std::string> repositories;  // --db-repository, tried in order; empty: osv.dev
  std::vector<std::string> ecosystems;    // --ecosystem (db update only); empty: the default list
  bool skip_update = false;               // --skip-db-update (scans only)
};

struct ScanCommandOptions {
  std::string target;
  std::string format = "table";
  std::string output;  // empty: stdout
  bool list_all_packages = false;
  std::vector<std::string> scanners = {"vuln"};
  size_t parallel = 0;                  // 0: one per hardware thread
  std::vector<std::string> severities;  // empty: all
  bool ignore_unfixed = false;
  std::vector<std::string> ignore_statuses;                // --ignore-status
  std::vector<std::string> pkg_types = {"os", "library"};  // --pkg-types
  std::string
      ignore_file;  // --ignorefile; empty: .trivyignore(.yaml), .scryignore(.yaml) if present
  std::vector<std::string> vex_files;  // --vex, repeatable
  int exit_on_eol = 0;                 // --exit-on-eol: returned when the OS is end-of-life
  int exit_code = 0;                   // returned when vulnerabilities remain after filtering
  bool include_unknown = false;
  // Scan the source repository of Go binaries without module information (fs, rootfs, image).
  bool follow_source = false;
  bool include_dev_deps = false;     // --include-dev-deps
  std::string cache_backend = "fs";  // fs (in --cache-dir) or memory
  DbUpdateOptions db;
  std::vector<std::string> skip_dirs;   // --skip-dirs globs (fs, rootfs, repo)
  std::vector<std::string> skip_files;  // --skip-files globs (fs, rootfs, repo)
};

// What `scry repo` checks out, besides the common scan options: at most one of them.
struct RepoOptions {
  std::string branch;
  std::string tag;
  std::string commit;
};

}  // namespace scry::cli
