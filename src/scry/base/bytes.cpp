#include "scry/base/bytes.hpp"

#include <bit>
#include <cstring>

namespace scry {

uint64_t DecodeUint(const uint8_t* bytes, unsigned width, Endian endian) {
  // The common widths as one load and, when needed, one byte swap: table scans call this for
  // every word of a Go binary's data.
  bool swap = (endian == Endian::kBig) == (std::endian::native == std::endian::little);
  if (width == 4) {
    uint32_t word;
    std::memcpy(&word, bytes, sizeof word);
    return swap ? __builtin_bswap32(word) : word;
  }
  if (width == 8) {
    uint64_t word;
    std::memcpy(&word, bytes, sizeof word);
    return swap ? __builtin_bswap64(word) : word;
  }
  uint64_t value = 0;
  if (endian == Endian::kLittle) {
    for (unsigned i = width; i > 0; --i) value = (value << 8) | bytes[i - 1];
  } else {
    for (unsigned i = 0; i < width; ++i) value = (value << 8) | bytes[i];
  }
  return value;
}

bool ByteReader::Seek(uint64_t offset) {
  if (offset > data_.size()) return false;
  offset_ = static_cast<size_t>(offset);
  return true;
}

bool ByteReader::Skip(uint64_t count) {
  if (count > remaining()) return false;
  offset_ += static_cast<size_t>(count);
  return true;
}

std::optional<uint64_t> ByteReader::UintAt(uint64_t offset, unsigned width) const {
  if (width != 1 && width != 2 && width != 4 && width != 8) return std::nullopt;
  auto bytes = SliceAt(data_, offset, width);
  if (!bytes) return std::nullopt;
  return DecodeUint(bytes->data(), width, endian_);
}

std::optional<uint16_t> ByteReader::U16At(uint64_t offset) const {
  auto value = UintAt(offset, 2);
  if (!value) return std::nullopt;
  return static_cast<uint16_t>(*value);
}

std::optional<uint32_t> ByteReader::U32At(uint64_t offset) const {
  auto value = UintAt(offset, 4);
  if (!value) return std::nullopt;
  return static_cast<uint32_t>(*value);
}

std::optional<uint64_t> ByteReader::U64At(uint64_t offset) const { return UintAt(offset, 8); }

std::optional<uint64_t> ByteReader::Uint(unsigned width) {
  auto value = UintAt(offset_, width);
  if (value) offset_ += width;
  return value;
}

std::optional<uint8_t> ByteReader::U8() {
  if (remaining() < 1) return std::nullopt;
  return data_[offset_++];
}

std::optional<uint16_t> ByteReader::U16() {
  auto value = Uint(2);
  if (!value) return std::nullopt;
  return static_cast<uint16_t>(*value);
}

std::optional<uint32_t> ByteReader::U32() {
  auto value = Uint(4);
  if (!value) return std::nullopt;
  return static_cast<uint32_t>(*value);
}

std::optional<uint64_t> ByteReader::U64() { return Uint(8); }

std::optional<uint64_t> ByteReader::Uvarint() {
  uint64_t value = 0;
  unsigned shift = 0;
  for (size_t i = 0; i < 10; ++i) {
    if (offset_ + i >= data_.size()) return std::nullopt;
    uint8_t byte = data_[offset_ + i];
    if (byte < 0x80) {
      // The tenth byte may only carry the single remaining bit (Go rejects larger values).
      if (i == 9 && byte > 1) return std::nullopt;
      offset_ += i + 1;
      return value | (static_cast<uint64_t>(byte) << shift);
    }
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    shift += 7;
  }
  return std::nullopt;
}

std::optional<int64_t> ByteReader::Varint() {
  auto raw = Uvarint();
  if (!raw) return std::nullopt;
  auto value = static_cast<int64_t>(*raw >> 1);
  if (*raw & 1) value = ~value;
  return value;
}

std::optional<Bytes> ByteReader::Take(uint64_t count) {
  auto bytes = SliceAt(data_, offset_, count);
  if (bytes) offset_ += bytes->size();
  return bytes;
}

std::optional<std::string_view> ByteReader::TakeString(uint64_t count) {
  auto bytes = Take(count);
  if (!bytes) return std::nullopt;
  return AsChars(*bytes);
}

std::optional<std::string_view> ByteReader::CStringAt(uint64_t offset, uint64_t max_length) const {
  if (offset >= data_.size()) return std::nullopt;
  uint64_t available = data_.size() - offset;
  uint64_t window = max_length < available ? max_length + 1 : available;
  const auto* start = data_.data() + offset;
  const void* nul = std::memchr(start, 0, static_cast<size_t>(window));
  if (nul == nullptr) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(start),
                          static_cast<size_t>(static_cast<const uint8_t*>(nul) - start));
}

}  // namespace scry
