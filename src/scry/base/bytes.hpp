// Bounds-checked reading of untrusted bytes. Every read either succeeds completely or returns
// std::nullopt and leaves the reader unchanged; nothing here throws, aborts or reads out of range.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace scry {

using Bytes = std::span<const uint8_t>;

enum class Endian : uint8_t { kLittle, kBig };

// The `length` bytes at `offset` of `data`, or nullopt when any of them lies outside.
inline std::optional<Bytes> SliceAt(Bytes data, uint64_t offset, uint64_t length) {
  if (offset > data.size() || length > data.size() - offset) return std::nullopt;
  return data.subspan(static_cast<size_t>(offset), static_cast<size_t>(length));
}

// Views bytes as characters (no copy).
inline std::string_view AsChars(Bytes data) {
  return {reinterpret_cast<const char*>(data.data()), data.size()};
}

// A cursor over a non-owning byte span with a byte order. Cheap to copy.
class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(Bytes data, Endian endian = Endian::kLittle) : data_(data), endian_(endian) {}

  Bytes data() const { return data_; }
  size_t size() const { return data_.size(); }
  size_t offset() const { return offset_; }
  size_t remaining() const { return data_.size() - offset_; }
  Endian endian() const { return endian_; }
  void set_endian(Endian endian) { endian_ = endian; }

  // Moves the cursor; false (cursor unchanged) when the target lies past the end.
  bool Seek(uint64_t offset);
  bool Skip(uint64_t count);

  // Sequential reads at the cursor, advancing it on success.
  std::optional<uint8_t> U8();
  std::optional<uint16_t> U16();
  std::optional<uint32_t> U32();
  std::optional<uint64_t> U64();
  // An unsigned integer of `width` bytes (1, 2, 4 or 8), e.g. a target pointer.
  std::optional<uint64_t> Uint(unsigned width);
  // LEB128 as Go's encoding/binary.Uvarint: at most 10 bytes, overflow rejected.
  std::optional<uint64_t> Uvarint();
  // Zig-zag signed varint as Go's encoding/binary.Varint.
  std::optional<int64_t> Varint();
  std::optional<Bytes> Take(uint64_t count);
  std::optional<std::string_view> TakeString(uint64_t count);

  // Random access that leaves the cursor alone.
  std::optional<uint16_t> U16At(uint64_t offset) const;
  std::optional<uint32_t> U32At(uint64_t offset) const;
  std::optional<uint64_t> U64At(uint64_t offset) const;
  std::optional<uint64_t> UintAt(uint64_t offset, unsigned width) const;
  std::optional<Bytes> BytesAt(uint64_t offset, uint64_t count) const {
    return SliceAt(data_, offset, count);
  }
  // The NUL-terminated string at `offset`, at most `max_length` bytes before the NUL.
  std::optional<std::string_view> CStringAt(uint64_t offset, uint64_t max_length) const;

 private:
  Bytes data_;
  size_t offset_ = 0;
  Endian endian_ = Endian::kLittle;
};

// Decodes an unsigned integer of `width` bytes (1, 2, 4 or 8) from exactly that many bytes.
uint64_t DecodeUint(const uint8_t* bytes, unsigned width, Endian endian);

}  // namespace scry
