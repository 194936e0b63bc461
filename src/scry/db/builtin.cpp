#include "scry/db/builtin.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "scry/archive/gzip.hpp"

// Defined by the assembler file the scry executable is linked with (src/scry/cli/CMakeLists.txt);
// weak, so that libraries and tests link without them.
extern "C" {
__attribute__((weak)) extern const unsigned char scry_builtin_db_start[];
__attribute__((weak)) extern const unsigned char scry_builtin_db_end[];
}

namespace scry::db {
namespace {

namespace fs = std::filesystem;

// A generous bound on the decompressed size: the built-in data is tens of MB.
constexpr uint64_t kMaxBuiltinSize = 4ULL << 30;

}  // namespace

Bytes BuiltinDatabase() {
  const unsigned char* start = scry_builtin_db_start;
  const unsigned char* end = scry_builtin_db_end;
  if (start == nullptr || end == nullptr || end <= start) return {};
  return Bytes(start, static_cast<size_t>(end - start));
}

Status InstallDatabase(const fs::path& path, Bytes compressed) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  if (error) {
    return Fail(ErrorCode::kIo, "cannot create {}: {}", path.parent_path().string(),
                error.message());
  }
  fs::path lock_path = path;
  lock_path += ".lock";
  int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock < 0) {
    return Fail(ErrorCode::kIo, "cannot create {}: {}", lock_path.string(), std::strerror(errno));
  }
  while (::flock(lock, LOCK_EX) != 0 && errno == EINTR) {
  }
  Status status = Ok();
  if (!fs::exists(path, error)) {
    fs::path temporary = path;
    temporary += ".tmp." + std::to_string(::getpid());
    status = archive::GunzipToFile(compressed, temporary, kMaxBuiltinSize);
    if (status) {
      int fd = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
      }
      fs::rename(temporary, path, error);
      if (error) {
        status = Fail(ErrorCode::kIo, "cannot install {}: {}", path.string(), error.message());
      }
    }
    if (!status) fs::remove(temporary, error);
  }
  ::close(lock);
  return status;
}

}  // namespace scry::db
