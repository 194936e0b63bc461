#include "scry/walker/dir_walker.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

#include "scry/base/limits.hpp"
#include "scry/base/log.hpp"
#include "scry/walker/glob.hpp"

namespace scry::walker {
namespace {

struct Walk {
  const WalkOptions& options;
  std::vector<WalkedFile> files;
  std::set<std::pair<dev_t, ino_t>> seen_hard_links;

  bool Skipped(const std::string& relative, const std::string& name) const {
    return std::find(options.skip_directories.begin(), options.skip_directories.end(), relative) !=
               options.skip_directories.end() ||
           std::find(options.skip_directory_names.begin(), options.skip_directory_names.end(),
                     name) != options.skip_directory_names.end() ||
           GlobMatchAny(options.skip_directory_globs, relative);
  }

  void AddFile(const std::filesystem::path& host, std::string relative, const struct stat& info) {
    if (info.st_nlink > 1 && !seen_hard_links.insert({info.st_dev, info.st_ino}).second) return;
    WalkedFile file;
    file.info.path = std::move(relative);
    file.info.size = static_cast<uint64_t>(info.st_size);
    file.info.mode = info.st_mode;
    file.host_path = host;
    files.push_back(std::move(file));
  }

  void Directory(const std::filesystem::path& host, const std::string& relative, int depth) {
    if (depth > limits::kMaxDirectoryDepth) {
      SCRY_LOG_WARN("{}: not scanned: deeper than {} directory levels", relative,
                    limits::kMaxDirectoryDepth);
      return;
    }
    DIR* dir = ::opendir(host.c_str());
    if (dir == nullptr) {
      SCRY_LOG_WARN("{}: directory not scanned: {}", relative.empty() ? "." : relative,
                    std::strerror(errno));
      return;
    }
    std::vector<std::string> names;
    while (dirent* entry = ::readdir(dir)) {
      std::string_view name = entry->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      std::filesystem::path child_host = host / name;
      std::string child = relative.empty() ? name : relative + "/" + name;
      struct stat info {};
      if (::lstat(child_host.c_str(), &info) != 0) {
        SCRY_LOG_WARN("{}: not scanned: {}", child, std::strerror(errno));
        continue;
      }
      if (S_ISDIR(info.st_mode)) {
        if (!Skipped(child, name)) Directory(child_host, child, depth + 1);
      } else if (S_ISREG(info.st_mode)) {
        if (!GlobMatchAny(options.skip_file_globs, child)) AddFile(child_host, child, info);
      }
    }
  }
};

}  // namespace

Result<std::vector<WalkedFile>> ListRegularFiles(const std::filesystem::path& root,
                                                 const WalkOptions& options) {
  struct stat info {};
  if (::stat(root.c_str(), &info) != 0) {
    int error = errno;
    return Fail(error == ENOENT || error == ENOTDIR ? ErrorCode::kNotFound : ErrorCode::kIo,
                "{}: {}", root.string(), std::strerror(error));
  }
  Walk walk{options, {}, {}};
  if (S_ISDIR(info.st_mode)) {
    walk.Directory(root, "", 0);
  } else if (S_ISREG(info.st_mode)) {
    walk.AddFile(root, root.filename().string(), info);
  } else {
    return Fail(ErrorCode::kInvalidInput, "{} is neither a directory nor a regular file",
                root.string());
  }
  return std::move(walk.files);
}

Opener MapFileOpener(const std::filesystem::path& host_path) {
  return [host_path]() -> Result<std::shared_ptr<const ByteSource>> {
    SCRY_TRY(auto mapped, MappedFile::Open(host_path));
    return std::shared_ptr<const ByteSource>(std::move(mapped));
  };
}

}  // namespace scry::walker
