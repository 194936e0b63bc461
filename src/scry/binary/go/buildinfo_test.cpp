#include "scry/binary/go/buildinfo.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "scry/base/limits.hpp"

namespace scry::binary::go {
namespace {

constexpr char kMagic[] = "\xff Go buildinf:";
const std::string kFramedModinfo = std::string(16, 'S') + "path\tx\nmod\tx\t(devel)\t\n" +
                                   std::string("\n") + std::string(15, 'E') + "\n";

std::vector<uint8_t> Header(uint8_t pointer_size, uint8_t flags) {
  std::vector<uint8_t> blob(kMagic, kMagic + 14);
  blob.push_back(pointer_size);
  blob.push_back(flags);
  blob.resize(32, 0);
  return blob;
}

void AppendVarintString(std::vector<uint8_t>& out, const std::string& text) {
  uint64_t length = text.size();
  while (length >= 0x80) {
    out.push_back(static_cast<uint8_t>(length | 0x80));
    length >>= 7;
  }
  out.push_back(static_cast<uint8_t>(length));
  out.insert(out.end(), text.begin(), text.end());
}

void PutUint(std::vector<uint8_t>& out, size_t at, uint64_t value, unsigned width, bool big) {
  for (unsigned i = 0; i < width; ++i) {
    unsigned shift = 8 * (big ? width - 1 - i : i);
    out[at + i] = static_cast<uint8_t>(value >> shift);
  }
}

// A fake address space: address -> bytes.
struct Memory {
  std::map<uint64_t, std::vector<uint8_t>> regions;
  std::optional<Bytes> Read(uint64_t address, uint64_t size) const {
    for (const auto& [start, bytes] : regions) {
      if (address >= start && address - start < bytes.size()) {
        uint64_t available = bytes.size() - (address - start);
        return Bytes(bytes).subspan(address - start, std::min(size, available));
      }
    }
    return std::nullopt;
  }
};

ReadFunction Reader(const Memory& memory) {
  return [&memory](uint64_t address, uint64_t size) { return memory.Read(address, size); };
}

TEST(BuildInfoTest, InlineStrings) {
  auto blob = Header(8, 2);
  AppendVarintString(blob, "go1.19.8");
  AppendVarintString(blob, kFramedModinfo);
  blob.push_back(0);
  Memory none;
  auto info = DecodeBuildInfoBlob(blob, Reader(none));
  ASSERT_TRUE(info.has_value()) << info.error().ToString();
  EXPECT_EQ(info->go_version, "go1.19.8");
  EXPECT_EQ(info->modinfo, "path\tx\nmod\tx\t(devel)\t\n\n");
  EXPECT_TRUE(info->inline_strings);
}

TEST(BuildInfoTest, ModinfoWithoutFramingIsEmpty) {
  auto blob = Header(8, 2);
  AppendVarintString(blob, "go1.19.8");
  AppendVarintString(blob, "path\tx\n");
  blob.push_back(0);
  Memory none;
  auto info = DecodeBuildInfoBlob(blob, Reader(none));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->modinfo, "");
}

// The pre-1.18 layout: two pointers to string headers, for every pointer size and byte order.
TEST(BuildInfoTest, PointerLayouts) {
  for (unsigned width : {4u, 8u}) {
    for (bool big : {false, true}) {
      SCOPED_TRACE(testing::Message() << "pointer size " << width << " big endian " << big);
      auto blob = Header(static_cast<uint8_t>(width), big ? 1 : 0);
      Memory memory;
      std::vector<uint8_t> headers(4 * width);
      PutUint(headers, 0, 0x3000, width, big);
      PutUint(headers, width, 8, width, big);
      PutUint(headers, 2 * width, 0x4000, width, big);
      PutUint(headers, 3 * width, kFramedModinfo.size(), width, big);
      memory.regions[0x2000] = headers;
      memory.regions[0x3000] = std::vector<uint8_t>({'g', 'o', '1', '.', '1', '7', '.', '2'});
      memory.regions[0x4000] = std::vector<uint8_t>(kFramedModinfo.begin(), kFramedModinfo.end());
      PutUint(blob, 16, 0x2000, width, big);
      PutUint(blob, 16 + width, 0x2000 + 2 * width, width, big);
      auto info = DecodeBuildInfoBlob(blob, Reader(memory));
      ASSERT_TRUE(info.has_value()) << info.error().ToString();
      EXPECT_EQ(info->go_version, "go1.17.2");
      EXPECT_EQ(info->modinfo, "path\tx\nmod\tx\t(devel)\t\n\n");
      EXPECT_EQ(info->pointer_size, width);
      EXPECT_FALSE(info->inline_strings);
    }
  }
}

TEST(BuildInfoTest, RejectsCorruptBlobs) {
  Memory memory;
  // Truncated header at every length.
  auto full = Header(8, 2);
  AppendVarintString(full, "go1.19.8");
  for (size_t length = 0; length < 32; ++length) {
    std::vector<uint8_t> cut(full.begin(), full.begin() + static_cast<long>(length));
    EXPECT_FALSE(DecodeBuildInfoBlob(cut, Reader(memory)).has_value()) << length;
  }
  // A huge varint length, and an 11-byte varint.
  auto huge = Header(8, 2);
  for (int i = 0; i < 9; ++i) huge.push_back(0xff);
  huge.push_back(0x01);
  huge.push_back(0);
  auto result = DecodeBuildInfoBlob(huge, Reader(memory));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
  auto overlong = Header(8, 2);
  for (int i = 0; i < 11; ++i) overlong.push_back(0x80);
  EXPECT_FALSE(DecodeBuildInfoBlob(overlong, Reader(memory)).has_value());
  // A length that runs past the data.
  auto past = Header(8, 2);
  AppendVarintString(past, "go1.19.8");
  past.resize(past.size() - 2);
  EXPECT_FALSE(DecodeBuildInfoBlob(past, Reader(memory)).has_value());
  // Empty or binary version strings.
  auto empty = Header(8, 2);
  AppendVarintString(empty, "");
  AppendVarintString(empty, "");
  empty.push_back(0);
  EXPECT_FALSE(DecodeBuildInfoBlob(empty, Reader(memory)).has_value());
  auto binary = Header(8, 2);
  AppendVarintString(binary, std::string("go\x01\x02", 4));
  AppendVarintString(binary, "");
  binary.push_back(0);
  EXPECT_FALSE(DecodeBuildInfoBlob(binary, Reader(memory)).has_value());
  // Pointer layout: bad pointer size, pointers to nowhere, a header pointing at itself.
  EXPECT_FALSE(DecodeBuildInfoBlob(Header(3, 0), Reader(memory)).has_value());
  auto nowhere = Header(8, 0);
  PutUint(nowhere, 16, 0xdead0000, 8, false);
  EXPECT_FALSE(DecodeBuildInfoBlob(nowhere, Reader(memory)).has_value());
  Memory looping;
  std::vector<uint8_t> self(16);
  PutUint(self, 0, 0x1000, 8, false);      // data pointer at the header itself
  PutUint(self, 8, 1ULL << 40, 8, false);  // absurd length
  looping.regions[0x1000] = self;
  auto loop = Header(8, 0);
  PutUint(loop, 16, 0x1000, 8, false);
  PutUint(loop, 24, 0x1000, 8, false);
  result = DecodeBuildInfoBlob(loop, Reader(looping));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
  PutUint(looping.regions[0x1000], 8, 16, 8, false);  // the header read as its own string
  result = DecodeBuildInfoBlob(loop, Reader(looping));
  ASSERT_FALSE(result.has_value());  // not printable text
}

}  // namespace
}  // namespace scry::binary::go
