// Pull-based byte streams: the pipes a layer flows through (file range -> hash -> decompress ->
// hash -> tar reader) without ever being held in memory whole, and random-access files that many
// threads read at once (pread).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"
#include "scry/base/sha256.hpp"

namespace scry::archive {

// A sequential source of bytes. Read fills a prefix of `buffer` and returns how many bytes it
// wrote; 0 means the end of the stream (and only then, for a non-empty buffer). Not thread-safe.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  virtual Result<size_t> Read(std::span<uint8_t> buffer) = 0;
};

// Reads and discards the rest of `stream`; returns how many bytes that was.
Result<uint64_t> Drain(ByteStream& stream);

// A stream over bytes in memory (which must outlive it).
class MemoryStream final : public ByteStream {
 public:
  explicit MemoryStream(Bytes data) : data_(data) {}
  Result<size_t> Read(std::span<uint8_t> buffer) override;

 private:
  Bytes data_;
  size_t offset_ = 0;
};

// Bytes readable at any offset, from any thread at once.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  virtual uint64_t size() const = 0;
  // Reads up to buffer.size() bytes at `offset`; fewer only at the end of the file.
  virtual Result<size_t> ReadAt(uint64_t offset, std::span<uint8_t> buffer) const = 0;
  // What to call the file in messages (its path, or a name given by the caller).
  virtual const std::string& name() const = 0;
};

// A file on disk read with pread. Its size is taken at open.
class PosixFile final : public RandomAccessFile {
 public:
  // kNotFound when missing, kInvalidInput when not a regular file, kIo otherwise.
  static Result<std::unique_ptr<PosixFile>> Open(const std::filesystem::path& path);
  // Takes ownership of an open descriptor (e.g. of an unlinked temporary file).
  static Result<std::unique_ptr<PosixFile>> Adopt(int fd, std::string name);
  ~PosixFile() override;
  PosixFile(const PosixFile&) = delete;
  PosixFile& operator=(const PosixFile&) = delete;

  uint64_t size() const override { return size_; }
  Result<size_t> ReadAt(uint64_t offset, std::span<uint8_t> buffer) const override;
  const std::string& name() const override { return name_; }

 private:
  PosixFile(int fd, uint64_t size, std::string name)
      : fd_(fd), size_(size), name_(std::move(name)) {}
  int fd_;
  uint64_t size_;
  std::string name_;
};

// Bytes in memory as a RandomAccessFile (tests, fuzzers).
class MemoryFile final : public RandomAccessFile {
 public:
  MemoryFile(Bytes data, std::string name) : data_(data), name_(std::move(name)) {}
  uint64_t size() const override { return data_.size(); }
  Result<size_t> ReadAt(uint64_t offset, std::span<uint8_t> buffer) const override;
  const std::string& name() const override { return name_; }

 private:
  Bytes data_;
  std::string name_;
};

// The bytes [offset, offset + length) of a RandomAccessFile as a stream. A file shorter than
// the range is an error (kInvalidInput naming the file) when the stream reaches its end.
class RangeStream final : public ByteStream {
 public:
  RangeStream(std::shared_ptr<const RandomAccessFile> file, uint64_t offset, uint64_t length)
      : file_(std::move(file)), offset_(offset), remaining_(length) {}
  Result<size_t> Read(std::span<uint8_t> buffer) override;

 private:
  std::shared_ptr<const RandomAccessFile> file_;
  uint64_t offset_;
  uint64_t remaining_;
};

// Passes `input` through unchanged while hashing it with SHA-256 and counting its bytes.
class HashingStream final : public ByteStream {
 public:
  explicit HashingStream(ByteStream& input) : input_(input) {}
  Result<size_t> Read(std::span<uint8_t> buffer) override;

  uint64_t bytes() const { return bytes_; }
  // "sha256:<hex>" of the bytes read so far. Call once, after the stream has ended.
  std::string Digest() { return "sha256:" + hash_.FinishHex(); }

 private:
  ByteStream& input_;
  Sha256 hash_;
  uint64_t bytes_ = 0;
};

}  // namespace scry::archive
