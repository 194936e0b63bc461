// Read-only file contents for parsers: a memory map for files on disk (pages are read on first
// touch, so finding one section of a 200 MB binary reads a few pages, not 200 MB) or an owned
// buffer for bytes that came from elsewhere (a tar stream, a test).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"

namespace scry {

// Bytes that stay valid and unchanged for the object's lifetime. Thread-safe to read.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual Bytes bytes() const = 0;
};

// A read-only private mapping of a whole regular file. An empty file maps to an empty span.
class MappedFile final : public ByteSource {
 public:
  // Fails with kNotFound, kIo or kInvalidInput (not a regular file). The file's size is taken
  // once at open; a file that shrinks while mapped is the caller's risk (as with any mmap).
  static Result<std::unique_ptr<MappedFile>> Open(const std::filesystem::path& path);

  ~MappedFile() override;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  Bytes bytes() const override { return {data_, size_}; }

 private:
  MappedFile(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  const uint8_t* data_;
  size_t size_;
};

// Bytes owned in memory.
class OwnedBytes final : public ByteSource {
 public:
  explicit OwnedBytes(std::vector<uint8_t> data) : data_(std::move(data)) {}
  Bytes bytes() const override { return data_; }

 private:
  std::vector<uint8_t> data_;
};

}  // namespace scry
