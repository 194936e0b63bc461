#include "scry/archive/decompressor.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <random>
#include <string>

namespace scry::archive {
namespace {

using ::testing::HasSubstr;

std::span<const uint8_t> AsBytes(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// One gzip member, written by zlib (an implementation independent of isa-l).
std::string Gzip(const std::string& text, int level = 6) {
  z_stream stream{};
  deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, text.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string Zstd(const std::string& text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  size_t size = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3);
  EXPECT_FALSE(ZSTD_isError(size));
  out.resize(size);
  return out;
}

// Text that compresses, but not to nothing.
std::string Sample(size_t size, unsigned seed = 1) {
  std::mt19937 random(seed);
  std::string text;
  while (text.size() < size) text += "line " + std::to_string(random() % 5000) + "\n";
  text.resize(size);
  return text;
}

DecompressOptions Options(std::string name, uint64_t max_output = limits::kMaxLayerDecompressedSize,
                          std::optional<Compression> expected = std::nullopt) {
  DecompressOptions options;
  options.name = std::move(name);
  options.max_output = max_output;
  options.expected = expected;
  return options;
}

Result<std::string> ReadAll(const std::string& input, const DecompressOptions& options,
                            size_t chunk = 1 << 16, Compression* seen = nullptr) {
  MemoryStream source(AsBytes(input));
  SCRY_TRY(Decompressed decompressed, OpenDecompressed(source, options));
  if (seen != nullptr) *seen = decompressed.compression;
  std::string out;
  std::vector<uint8_t> buffer(chunk);
  while (true) {
    SCRY_TRY(size_t read, decompressed.stream->Read(buffer));
    if (read == 0) return out;
    out.append(reinterpret_cast<const char*>(buffer.data()), read);
  }
}

TEST(Sniff, Magic) {
  EXPECT_EQ(SniffCompression(AsBytes(Gzip("x"))), Compression::kGzip);
  EXPECT_EQ(SniffCompression(AsBytes(Zstd("x"))), Compression::kZstd);
  EXPECT_EQ(SniffCompression(AsBytes("ustar")), Compression::kNone);
  EXPECT_EQ(SniffCompression({}), Compression::kNone);
  EXPECT_EQ(CompressionName(Compression::kZstd), "zstd");
}

TEST(Decompress, GzipRoundTripAnyChunkSize) {
  std::string text = Sample(3 << 20);
  std::string gz = Gzip(text);
  for (size_t chunk : {size_t{7}, size_t{4096}, size_t{1} << 20}) {
    Compression seen = Compression::kNone;
    auto out = ReadAll(gz, {}, chunk, &seen);
    ASSERT_TRUE(out) << out.error().ToString();
    EXPECT_EQ(seen, Compression::kGzip);
    EXPECT_EQ(*out, text) << "chunk " << chunk;
  }
}

TEST(Decompress, GzipMultiMemberAndZeroPadding) {
  std::string a = Sample(100000, 1), b = Sample(70000, 2);
  auto out = ReadAll(Gzip(a) + Gzip(b, 1) + Gzip(""), {});
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_EQ(*out, a + b);
  out = ReadAll(Gzip(a) + std::string(700, '\0'), {});
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_EQ(*out, a);
}

TEST(Decompress, GzipTrailingGarbage) {
  auto out = ReadAll(Gzip("hello") + "garbage", Options("layer 1"));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(out.error().ToString(), HasSubstr("layer 1: unexpected data after gzip member 1"));
}

TEST(Decompress, GzipTruncated) {
  std::string gz = Gzip(Sample(200000));
  for (size_t keep : {gz.size() - 1, gz.size() - 8, gz.size() / 2, size_t{12}}) {
    auto out = ReadAll(gz.substr(0, keep), Options("layer 0 (sha256:ab)"));
    ASSERT_FALSE(out) << keep;
    EXPECT_EQ(out.error().code(), ErrorCode::kInvalidInput);
    EXPECT_THAT(out.error().ToString(), HasSubstr("layer 0 (sha256:ab): gzip data truncated"));
  }
}

TEST(Decompress, GzipBadCrc) {
  std::string gz = Gzip(Sample(5000));
  gz[gz.size() - 6] ^= 0x55;  // inside the CRC-32 of the trailer
  auto out = ReadAll(gz, {});
  ASSERT_FALSE(out);
  EXPECT_THAT(out.error().ToString(), HasSubstr("CRC-32 mismatch"));
}

TEST(Decompress, GzipBombStopsAtTheLimit) {
  std::string bomb = Gzip(std::string(64 << 20, '\0'), 9);
  EXPECT_LT(bomb.size(), 100000u);
  auto out = ReadAll(bomb, Options("layer 3", 1 << 20));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_THAT(out.error().ToString(), HasSubstr("layer 3 decompresses to more than 1048576 bytes"));
}

TEST(Decompress, ZstdMultiFrame) {
  std::string a = Sample(300000, 3), b = Sample(1000, 4);
  Compression seen = Compression::kNone;
  auto out = ReadAll(Zstd(a) + Zstd(b), {}, 1000, &seen);
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_EQ(seen, Compression::kZstd);
  EXPECT_EQ(*out, a + b);
}

TEST(Decompress, ZstdTruncatedAndCorrupt) {
  std::string z = Zstd(Sample(300000));
  auto out = ReadAll(z.substr(0, z.size() - 3), Options("L"));
  ASSERT_FALSE(out);
  EXPECT_THAT(out.error().ToString(), HasSubstr("L: zstd data truncated"));
  out = ReadAll(z + "xxxxxxxxxxxx", Options("L"));
  ASSERT_FALSE(out);
  EXPECT_THAT(out.error().ToString(), HasSubstr("L: corrupt zstd data"));
}

TEST(Decompress, ZstdBomb) {
  auto out = ReadAll(Zstd(std::string(16 << 20, 'a')), Options("s", 1 << 20));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), ErrorCode::kLimitExceeded);
}

TEST(Decompress, PlainPassesThroughWithLimit) {
  std::string text = Sample(10000);
  auto out = ReadAll(text, {}, 3);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, text);
  EXPECT_TRUE(ReadAll("", {}));
  out = ReadAll(text, Options("s", 9999));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), ErrorCode::kLimitExceeded);
}

TEST(Decompress, MediaTypeMismatch) {
  auto out = ReadAll(Gzip("x"), Options("layer 2 (sha256:cd)", limits::kMaxLayerDecompressedSize,
                                        Compression::kZstd));
  ASSERT_FALSE(out);
  EXPECT_THAT(out.error().ToString(),
              HasSubstr("layer 2 (sha256:cd) is zstd by its media type but its bytes are "
                        "gzip-compressed"));
  out = ReadAll("plain tar", Options("L", limits::kMaxLayerDecompressedSize, Compression::kGzip));
  ASSERT_FALSE(out);
  EXPECT_THAT(out.error().ToString(), HasSubstr("L is gzip by its media type but its bytes are "
                                                "not compressed"));
}

TEST(Streams, HashingStreamDigest) {
  std::string text = "abc";
  MemoryStream source(AsBytes(text));
  HashingStream hashing(source);
  auto drained = Drain(hashing);
  ASSERT_TRUE(drained);
  EXPECT_EQ(*drained, 3u);
  EXPECT_EQ(hashing.bytes(), 3u);
  EXPECT_EQ(hashing.Digest(),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Streams, RangeStreamPastTheEndIsAnError) {
  std::string text = "0123456789";
  auto file = std::make_shared<MemoryFile>(AsBytes(text), "blob X");
  RangeStream inside(file, 2, 5);
  std::vector<uint8_t> buffer(100);
  auto read = inside.Read(buffer);
  ASSERT_TRUE(read);
  EXPECT_EQ(std::string(buffer.begin(), buffer.begin() + 5), "23456");
  RangeStream beyond(file, 8, 5);
  EXPECT_TRUE(beyond.Read(buffer));
  auto short_read = beyond.Read(buffer);
  ASSERT_FALSE(short_read);
  EXPECT_THAT(short_read.error().ToString(), HasSubstr("blob X ends 3 bytes early"));
}

TEST(Streams, PosixFileMissing) {
  auto file = PosixFile::Open("/nonexistent/scry-test");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace scry::archive
