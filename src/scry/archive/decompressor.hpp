// Streaming decompression of layers and tarballs: gzip (isa-l's igzip, multi-member), zstd
// (multi-frame) and plain bytes, chosen by the stream's magic bytes. Every decompressor caps its
// output, so a tiny bomb stops with kLimitExceeded instead of running for hours.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "scry/archive/stream.hpp"
#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"
#include "scry/base/limits.hpp"

namespace scry::archive {

enum class Compression { kNone, kGzip, kZstd };

// "none", "gzip", "zstd".
std::string_view CompressionName(Compression compression);

// The compression whose magic `head` (the first bytes of a stream, 4 are enough) starts with:
// gzip 1f 8b, zstd 28 b5 2f fd; anything else, including an empty stream, is kNone.
Compression SniffCompression(Bytes head);

struct DecompressOptions {
  // What the stream is, for messages ("layer 2 (sha256:ab12...)").
  std::string name = "stream";
  // When set, a stream whose magic says otherwise is refused (kInvalidInput naming both).
  std::optional<Compression> expected;
  // Decompressed bytes allowed; more is kLimitExceeded. Applies to plain streams too.
  uint64_t max_output = limits::kMaxLayerDecompressedSize;
};

struct Decompressed {
  std::unique_ptr<ByteStream> stream;  // reads `input` (which must outlive it)
  Compression compression = Compression::kNone;
};

// Sniffs `input` (reading its first bytes, which the returned stream replays) and returns a
// stream of its decompressed bytes. The returned stream reads `input` to its very end: bytes
// after the last gzip member other than zero padding, or after the last zstd frame, are
// kInvalidInput, and so is a stream that ends inside a member or frame ("truncated"). A corrupt
// stream (bad CRC, bad block) is kInvalidInput naming options.name.
Result<Decompressed> OpenDecompressed(ByteStream& input, const DecompressOptions& options);

}  // namespace scry::archive
