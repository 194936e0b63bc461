#include "scry/archive/stream.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace scry::archive {

Result<uint64_t> Drain(ByteStream& stream) {
  std::vector<uint8_t> buffer(256u << 10);
  uint64_t total = 0;
  while (true) {
    SCRY_TRY(size_t read, stream.Read(buffer));
    if (read == 0) return total;
    total += read;
  }
}

Result<size_t> MemoryStream::Read(std::span<uint8_t> buffer) {
  size_t count = std::min(buffer.size(), data_.size() - offset_);
  if (count > 0) std::memcpy(buffer.data(), data_.data() + offset_, count);
  offset_ += count;
  return count;
}

Result<std::unique_ptr<PosixFile>> PosixFile::Open(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Fail(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo, "cannot open {}: {}",
                path.string(), std::strerror(errno));
  }
  return Adopt(fd, path.string());
}

Result<std::unique_ptr<PosixFile>> PosixFile::Adopt(int fd, std::string name) {
  struct stat status {};
  if (::fstat(fd, &status) != 0) {
    int error = errno;
    ::close(fd);
    return Fail(ErrorCode::kIo, "cannot stat {}: {}", name, std::strerror(error));
  }
  if (!S_ISREG(status.st_mode)) {
    ::close(fd);
    return Fail(ErrorCode::kInvalidInput, "{} is not a regular file", name);
  }
  return std::unique_ptr<PosixFile>(
      new PosixFile(fd, static_cast<uint64_t>(status.st_size), std::move(name)));
}

PosixFile::~PosixFile() { ::close(fd_); }

Result<size_t> PosixFile::ReadAt(uint64_t offset, std::span<uint8_t> buffer) const {
  size_t done = 0;
  while (done < buffer.size()) {
    ssize_t read =
        ::pread(fd_, buffer.data() + done, buffer.size() - done, static_cast<off_t>(offset + done));
    if (read < 0) {
      if (errno == EINTR) continue;
      return Fail(ErrorCode::kIo, "cannot read {} at offset {}: {}", name_, offset + done,
                  std::strerror(errno));
    }
    if (read == 0) break;
    done += static_cast<size_t>(read);
  }
  return done;
}

Result<size_t> MemoryFile::ReadAt(uint64_t offset, std::span<uint8_t> buffer) const {
  if (offset >= data_.size()) return size_t{0};
  size_t count = std::min<uint64_t>(buffer.size(), data_.size() - offset);
  std::memcpy(buffer.data(), data_.data() + offset, count);
  return count;
}

Result<size_t> RangeStream::Read(std::span<uint8_t> buffer) {
  if (remaining_ == 0 || buffer.empty()) return size_t{0};
  auto want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), remaining_));
  SCRY_TRY(size_t read, file_->ReadAt(offset_, buffer.first(want)));
  if (read == 0) {
    return Fail(ErrorCode::kInvalidInput, "{} ends {} bytes early (at offset {})", file_->name(),
                remaining_, offset_);
  }
  offset_ += read;
  remaining_ -= read;
  return read;
}

Result<size_t> HashingStream::Read(std::span<uint8_t> buffer) {
  SCRY_TRY(size_t read, input_.Read(buffer));
  hash_.Update(buffer.first(read));
  bytes_ += read;
  return read;
}

}  // namespace scry::archive
