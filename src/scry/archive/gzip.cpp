#include "scry/archive/gzip.hpp"

#include <zlib.h>

#include <fstream>

namespace scry::archive {

Status GunzipToFile(Bytes compressed, const std::filesystem::path& output, uint64_t max_size) {
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  if (!out) return Fail(ErrorCode::kIo, "cannot write {}", output.string());
  z_stream stream{};
  // 16 + MAX_WBITS: expect a gzip header and trailer, not raw deflate.
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
    return Fail(ErrorCode::kInternal, "zlib could not start decompressing");
  }
  stream.next_in = const_cast<Bytef*>(compressed.data());
  stream.avail_in = static_cast<uInt>(compressed.size());
  unsigned char buffer[1 << 16];
  uint64_t total = 0;
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    stream.next_out = buffer;
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) {
      inflateEnd(&stream);
      return Fail(ErrorCode::kInvalidInput, "corrupt gzip data: {}",
                  stream.msg != nullptr ? stream.msg : "unexpected end");
    }
    size_t produced = sizeof buffer - stream.avail_out;
    total += produced;
    if (total > max_size) {
      inflateEnd(&stream);
      return Fail(ErrorCode::kLimitExceeded, "gzip data larger than {} bytes", max_size);
    }
    out.write(reinterpret_cast<const char*>(buffer), static_cast<std::streamsize>(produced));
  }
  inflateEnd(&stream);
  out.close();
  if (!out) return Fail(ErrorCode::kIo, "cannot write {}", output.string());
  return Ok();
}

}  // namespace scry::archive
