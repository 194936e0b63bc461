#include "scry/cache/cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <system_error>

#include "scry/base/sha256.hpp"

namespace scry::cache {
namespace {

namespace fs = std::filesystem;

Status CheckKey(std::string_view key) {
  bool hex = key.size() == 64 && std::all_of(key.begin(), key.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
             });
  if (!hex) return Fail(ErrorCode::kInvalidInput, "cache key '{}' is not 64 hex digits", key);
  return {};
}

class MemoryCache final : public Cache {
 public:
  Result<std::optional<std::string>> Get(std::string_view key) const override {
    SCRY_CHECK(CheckKey(key));
    std::lock_guard lock(mutex_);
    auto found = blobs_.find(std::string(key));
    if (found == blobs_.end()) return std::optional<std::string>();
    return std::optional<std::string>(found->second);
  }
  Status Put(std::string_view key, std::string_view blob) override {
    SCRY_CHECK(CheckKey(key));
    std::lock_guard lock(mutex_);
    blobs_.insert_or_assign(std::string(key), std::string(blob));
    return {};
  }
  Status Clear() override {
    std::lock_guard lock(mutex_);
    blobs_.clear();
    return {};
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> blobs_;
};

// Blobs live in <directory>/<first two hex digits>/<key>. A write goes to a unique temporary
// file in the same folder and is renamed over the final name: rename is atomic, so readers in
// other processes see the old blob, the new one or none, and two writers of the same key (same
// content by construction) simply race to an identical result.
class FilesystemCache final : public Cache {
 public:
  explicit FilesystemCache(fs::path directory) : directory_(std::move(directory)) {}

  Result<std::optional<std::string>> Get(std::string_view key) const override {
    SCRY_CHECK(CheckKey(key));
    fs::path path = PathOf(key);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return std::optional<std::string>();
      return Fail(ErrorCode::kIo, "open {}: {}", path.string(), std::strerror(errno));
    }
    std::string blob;
    char buffer[1 << 16];
    while (true) {
      ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int error = errno;
        ::close(fd);
        return Fail(ErrorCode::kIo, "read {}: {}", path.string(), std::strerror(error));
      }
      if (n == 0) break;
      blob.append(buffer, static_cast<size_t>(n));
    }
    ::close(fd);
    return std::optional<std::string>(std::move(blob));
  }

  Status Put(std::string_view key, std::string_view blob) override {
    SCRY_CHECK(CheckKey(key));
    fs::path path = PathOf(key);
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    if (error) {
      return Fail(ErrorCode::kIo, "cannot create the cache folder {}: {}",
                  path.parent_path().string(), error.message());
    }
    std::string temporary = path.string() + ".tmp-XXXXXX";
    int fd = ::mkstemp(temporary.data());
    if (fd < 0) return Fail(ErrorCode::kIo, "create {}: {}", temporary, std::strerror(errno));
    size_t written = 0;
    while (written < blob.size()) {
      ssize_t n = ::write(fd, blob.data() + written, blob.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int code = errno;
        ::close(fd);
        ::unlink(temporary.c_str());
        return Fail(ErrorCode::kIo, "write {}: {}", temporary, std::strerror(code));
      }
      written += static_cast<size_t>(n);
    }
    ::fchmod(fd, 0644);
    ::close(fd);
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
      int code = errno;
      ::unlink(temporary.c_str());
      return Fail(ErrorCode::kIo, "rename {} to {}: {}", temporary, path.string(),
                  std::strerror(code));
    }
    return {};
  }

  Status Clear() override {
    std::error_code error;
    fs::remove_all(directory_, error);
    if (error) {
      return Fail(ErrorCode::kIo, "cannot remove {}: {}", directory_.string(), error.message());
    }
    return {};
  }

 private:
  fs::path PathOf(std::string_view key) const {
    return directory_ / std::string(key.substr(0, 2)) / std::string(key);
  }

  fs::path directory_;
};

}  // namespace

Result<Backend> ParseBackend(std::string_view name) {
  if (name == "fs") return Backend::kFilesystem;
  if (name == "memory") return Backend::kMemory;
  return Fail(ErrorCode::kInvalidInput,
              "unknown cache backend '{}': use fs (the default, in --cache-dir) or memory", name);
}

Result<std::unique_ptr<Cache>> MakeCache(Backend backend, const fs::path& directory) {
  switch (backend) {
    case Backend::kMemory:
      return std::unique_ptr<Cache>(std::make_unique<MemoryCache>());
    case Backend::kFilesystem: {
      std::error_code error;
      fs::create_directories(directory, error);
      if (error) {
        return Fail(ErrorCode::kIo, "cannot create the cache folder {}: {}", directory.string(),
                    error.message());
      }
      return std::unique_ptr<Cache>(std::make_unique<FilesystemCache>(directory));
    }
  }
  return Fail(ErrorCode::kInternal, "unknown cache backend");
}

std::string MakeKey(const std::initializer_list<std::string_view>& parts) {
  Sha256 hash;
  auto update = [&hash](std::string_view text) {
    hash.Update({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
  };
  for (std::string_view part : parts) {
    update(std::to_string(part.size()) + ":");
    update(part);
  }
  return hash.FinishHex();
}

}  // namespace scry::cache
