// Walks a directory tree on the host (fs and rootfs targets) in sorted path order. Symbolic links
// are never followed (a link inside the tree reaches a file the walk visits anyway; one pointing
// outside must not be read), hard links are offered once, and the depth is bounded.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/walker/file_entry.hpp"

namespace scry::walker {

struct WalkOptions {
  // Directories (paths relative to the root, '/'-separated) not to enter, e.g. "proc".
  std::vector<std::string> skip_directories;
  // --skip-dirs and --skip-files: globs over root-relative paths (glob.hpp).
  std::vector<std::string> skip_directory_globs;
  std::vector<std::string> skip_file_globs;
  // Directory names never entered at any depth (".git": history, not sources).
  std::vector<std::string> skip_directory_names;
};

struct WalkedFile {
  FileInfo info;
  std::filesystem::path host_path;
};

// Lists the regular files under `root` (or `root` itself when it is a file: then its path is the
// file name). The root may be a symbolic link; nothing below it is followed. Unreadable
// directories are logged as warnings and skipped. kNotFound when the root does not exist.
Result<std::vector<WalkedFile>> ListRegularFiles(const std::filesystem::path& root,
                                                 const WalkOptions& options);

// Opens a listed file through a read-only memory map.
Opener MapFileOpener(const std::filesystem::path& host_path);

}  // namespace scry::walker
