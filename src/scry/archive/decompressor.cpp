#include "scry/archive/decompressor.hpp"

#include <isa-l/igzip_lib.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <vector>

namespace scry::archive {
namespace {

constexpr size_t kInputBufferSize = 256u << 10;

// Replays the sniffed prefix, then reads the rest of the input.
class PrefixedStream final : public ByteStream {
 public:
  PrefixedStream(std::vector<uint8_t> prefix, ByteStream& input)
      : prefix_(std::move(prefix)), input_(input) {}
  Result<size_t> Read(std::span<uint8_t> buffer) override {
    if (offset_ < prefix_.size()) {
      size_t count = std::min(buffer.size(), prefix_.size() - offset_);
      std::memcpy(buffer.data(), prefix_.data() + offset_, count);
      offset_ += count;
      return count;
    }
    return input_.Read(buffer);
  }

 private:
  std::vector<uint8_t> prefix_;
  size_t offset_ = 0;
  ByteStream& input_;
};

// Shared by the decompressors: the input, its buffer and the output cap.
class DecompressorBase : public ByteStream {
 protected:
  DecompressorBase(std::unique_ptr<ByteStream> input, const DecompressOptions& options)
      : input_(std::move(input)), name_(options.name), max_output_(options.max_output) {}

  // Reads the next input chunk; an empty span at the end of the input.
  Result<std::span<const uint8_t>> Refill() {
    if (buffer_.empty()) buffer_.resize(kInputBufferSize);
    SCRY_TRY(size_t read, input_->Read(buffer_));
    if (read == 0) input_ended_ = true;
    return std::span<const uint8_t>(buffer_.data(), read);
  }

  Status CountOutput(size_t produced) {
    output_ += produced;
    if (output_ > max_output_) {
      return Fail(ErrorCode::kLimitExceeded,
                  "{} decompresses to more than {} bytes (the layer size limit; raise it if the "
                  "image is genuine)",
                  name_, max_output_);
    }
    return Ok();
  }

  std::unique_ptr<ByteStream> input_;
  std::vector<uint8_t> buffer_;
  bool input_ended_ = false;
  std::string name_;
  uint64_t max_output_;
  uint64_t output_ = 0;
};

class PlainStream final : public DecompressorBase {
 public:
  PlainStream(std::unique_ptr<ByteStream> input, const DecompressOptions& options)
      : DecompressorBase(std::move(input), options) {}
  Result<size_t> Read(std::span<uint8_t> buffer) override {
    SCRY_TRY(size_t read, input_->Read(buffer));
    SCRY_CHECK(CountOutput(read));
    return read;
  }
};

std::string_view IsalErrorName(int code) {
  switch (code) {
    case ISAL_INVALID_BLOCK:
      return "invalid deflate block";
    case ISAL_INVALID_SYMBOL:
      return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK:
      return "invalid lookback distance";
    case ISAL_INVALID_WRAPPER:
      return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD:
      return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM:
      return "CRC-32 mismatch";
    default:
      return "inflate error";
  }
}

class GzipStream final : public DecompressorBase {
 public:
  GzipStream(std::unique_ptr<ByteStream> input, const DecompressOptions& options)
      : DecompressorBase(std::move(input), options), state_(std::make_unique<inflate_state>()) {
    isal_inflate_init(state_.get());
    state_->crc_flag = ISAL_GZIP;
  }

  Result<size_t> Read(std::span<uint8_t> buffer) override {
    if (finished_ || buffer.empty()) return size_t{0};
    while (true) {
      if (state_->avail_in == 0 && !input_ended_) {
        SCRY_TRY(auto chunk, Refill());
        state_->next_in = const_cast<uint8_t*>(chunk.data());
        state_->avail_in = static_cast<uint32_t>(chunk.size());
      }
      if (state_->block_state == ISAL_BLOCK_FINISH) {
        // Between members: another member, zero padding, or the end.
        if (state_->avail_in == 0) {
          if (input_ended_) {
            finished_ = true;
            return size_t{0};
          }
          continue;
        }
        uint8_t next = state_->next_in[0];
        if (next == 0) {
          ++state_->next_in;
          --state_->avail_in;
          continue;
        }
        if (next != 0x1f) {
          return Fail(ErrorCode::kInvalidInput,
                      "{}: unexpected data after gzip member {} (byte 0x{:02x})", name_, members_,
                      next);
        }
        uint8_t* next_in = state_->next_in;
        uint32_t avail_in = state_->avail_in;
        isal_inflate_reset(state_.get());
        state_->crc_flag = ISAL_GZIP;
        state_->next_in = next_in;
        state_->avail_in = avail_in;
      }
      state_->next_out = buffer.data();
      state_->avail_out = static_cast<uint32_t>(std::min<size_t>(buffer.size(), UINT32_MAX));
      uint32_t before = state_->avail_out;
      int status = isal_inflate(state_.get());
      if (status < 0) {
        return Fail(ErrorCode::kInvalidInput, "{}: corrupt gzip data in member {}: {}", name_,
                    members_ + 1, IsalErrorName(status));
      }
      size_t produced = before - state_->avail_out;
      if (state_->block_state == ISAL_BLOCK_FINISH) ++members_;
      if (produced > 0) {
        SCRY_CHECK(CountOutput(produced));
        return produced;
      }
      if (state_->block_state != ISAL_BLOCK_FINISH && state_->avail_in == 0 && input_ended_) {
        return Fail(ErrorCode::kInvalidInput,
                    "{}: gzip data truncated (the stream ends inside member {} after {} "
                    "decompressed bytes)",
                    name_, members_ + 1, output_);
      }
    }
  }

 private:
  std::unique_ptr<inflate_state> state_;
  uint64_t members_ = 0;
  bool finished_ = false;
};

class ZstdStream final : public DecompressorBase {
 public:
  ZstdStream(std::unique_ptr<ByteStream> input, const DecompressOptions& options)
      : DecompressorBase(std::move(input), options), context_(ZSTD_createDCtx()) {}
  ~ZstdStream() override { ZSTD_freeDCtx(context_); }
  ZstdStream(const ZstdStream&) = delete;
  ZstdStream& operator=(const ZstdStream&) = delete;

  Result<size_t> Read(std::span<uint8_t> buffer) override {
    if (context_ == nullptr) return Fail(ErrorCode::kInternal, "zstd could not allocate a context");
    if (buffer.empty()) return size_t{0};
    while (true) {
      if (in_.pos == in_.size && !input_ended_) {
        SCRY_TRY(auto chunk, Refill());
        in_ = {chunk.data(), chunk.size(), 0};
      }
      if (in_.pos == in_.size && input_ended_) {
        if (pending_ != 0) {
          return Fail(ErrorCode::kInvalidInput,
                      "{}: zstd data truncated (the stream ends inside a frame after {} "
                      "decompressed bytes)",
                      name_, output_);
        }
        return size_t{0};
      }
      ZSTD_outBuffer out{buffer.data(), buffer.size(), 0};
      size_t status = ZSTD_decompressStream(context_, &out, &in_);
      if (ZSTD_isError(status)) {
        return Fail(ErrorCode::kInvalidInput, "{}: corrupt zstd data: {}", name_,
                    ZSTD_getErrorName(status));
      }
      pending_ = status;
      if (out.pos > 0) {
        SCRY_CHECK(CountOutput(out.pos));
        return out.pos;
      }
    }
  }

 private:
  ZSTD_DCtx* context_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  size_t pending_ = 1;  // 0 once a frame is complete and nothing more is buffered
};

}  // namespace

std::string_view CompressionName(Compression compression) {
  switch (compression) {
    case Compression::kNone:
      return "none";
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
  }
  return "unknown";
}

Compression SniffCompression(Bytes head) {
  if (head.size() >= 2 && head[0] == 0x1f && head[1] == 0x8b) return Compression::kGzip;
  if (head.size() >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f &&
      head[3] == 0xfd) {
    return Compression::kZstd;
  }
  return Compression::kNone;
}

Result<Decompressed> OpenDecompressed(ByteStream& input, const DecompressOptions& options) {
  std::vector<uint8_t> head(4);
  size_t have = 0;
  while (have < head.size()) {
    SCRY_TRY(size_t read, input.Read(std::span<uint8_t>(head).subspan(have)));
    if (read == 0) break;
    have += read;
  }
  head.resize(have);
  Decompressed result;
  result.compression = SniffCompression(head);
  if (options.expected && *options.expected != result.compression) {
    return Fail(ErrorCode::kInvalidInput, "{} is {} by its media type but its bytes are {}",
                options.name, CompressionName(*options.expected),
                result.compression == Compression::kNone
                    ? std::string("not compressed")
                    : fmt::format("{}-compressed", CompressionName(result.compression)));
  }
  auto prefixed = std::make_unique<PrefixedStream>(std::move(head), input);
  switch (result.compression) {
    case Compression::kNone:
      result.stream = std::make_unique<PlainStream>(std::move(prefixed), options);
      break;
    case Compression::kGzip:
      result.stream = std::make_unique<GzipStream>(std::move(prefixed), options);
      break;
    case Compression::kZstd:
      result.stream = std::make_unique<ZstdStream>(std::move(prefixed), options);
      break;
  }
  return result;
}

}  // namespace scry::archive
