#include "scry/base/bytes.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace scry {
namespace {

TEST(ByteReaderTest, ReadsBothByteOrders) {
  std::vector<uint8_t> data = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
  ByteReader little(data);
  EXPECT_EQ(little.U16(), 0x0201);
  EXPECT_EQ(little.U32(), 0x06050403u);
  EXPECT_EQ(little.offset(), 6u);
  EXPECT_FALSE(little.U32().has_value());  // only 2 bytes left
  EXPECT_EQ(little.offset(), 6u);          // a failed read leaves the cursor alone
  ByteReader big(data, Endian::kBig);
  EXPECT_EQ(big.U64(), 0x0102030405060708u);
  EXPECT_EQ(big.U32At(4), 0x05060708u);
  EXPECT_EQ(big.UintAt(6, 2), 0x0708u);
  EXPECT_FALSE(big.UintAt(7, 2).has_value());
  EXPECT_FALSE(big.UintAt(0, 3).has_value());  // not a supported width
}

TEST(ByteReaderTest, BoundsNeverOverflow) {
  std::vector<uint8_t> data(16, 0);
  ByteReader reader(data);
  constexpr uint64_t kHuge = std::numeric_limits<uint64_t>::max();
  EXPECT_FALSE(reader.BytesAt(kHuge, 1).has_value());
  EXPECT_FALSE(reader.BytesAt(8, kHuge).has_value());
  EXPECT_FALSE(reader.BytesAt(kHuge - 3, 8).has_value());
  EXPECT_FALSE(reader.Seek(17));
  EXPECT_TRUE(reader.Seek(16));
  EXPECT_FALSE(reader.Skip(1));
  EXPECT_TRUE(reader.BytesAt(16, 0).has_value());
  EXPECT_FALSE(SliceAt(data, 17, 0).has_value());
}

TEST(ByteReaderTest, Varints) {
  std::vector<uint8_t> data = {0x96, 0x01, 0x7f, 0x03};
  ByteReader reader(data);
  EXPECT_EQ(reader.Uvarint(), 150u);
  EXPECT_EQ(reader.Uvarint(), 127u);
  EXPECT_EQ(reader.Varint(), -2);
  std::vector<uint8_t> max = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
  EXPECT_EQ(ByteReader(max).Uvarint(), std::numeric_limits<uint64_t>::max());
  std::vector<uint8_t> overflow = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
  EXPECT_FALSE(ByteReader(overflow).Uvarint().has_value());
  std::vector<uint8_t> eleven(11, 0x80);
  EXPECT_FALSE(ByteReader(eleven).Uvarint().has_value());
  std::vector<uint8_t> truncated = {0x80, 0x80};
  ByteReader cut(truncated);
  EXPECT_FALSE(cut.Uvarint().has_value());
  EXPECT_EQ(cut.offset(), 0u);
}

TEST(ByteReaderTest, Strings) {
  std::string text("abc\0def", 7);
  ByteReader reader(Bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  EXPECT_EQ(reader.CStringAt(0, 10), "abc");
  EXPECT_EQ(reader.CStringAt(0, 3), "abc");
  EXPECT_FALSE(reader.CStringAt(0, 2).has_value());   // longer than allowed
  EXPECT_FALSE(reader.CStringAt(4, 10).has_value());  // no terminator before the end
  EXPECT_FALSE(reader.CStringAt(7, 10).has_value());
  EXPECT_EQ(reader.TakeString(3), "abc");
  EXPECT_FALSE(reader.TakeString(5).has_value());
}

}  // namespace
}  // namespace scry
