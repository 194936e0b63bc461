// Internals of the executable readers shared by executable.cpp, elf.cpp, pe.cpp and macho.cpp.
// Never included outside src/scry/binary/.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"
#include "scry/binary/executable.hpp"

namespace scry::binary {

using SymbolVisitor = std::function<bool(const Symbol&)>;

// Where the raw symbol table of an executable lies inside Executable::bytes(); the layout of an
// entry follows from the format, the pointer size and the byte order.
struct RawSymbolTable {
  uint64_t offset = 0;
  uint64_t count = 0;
  uint64_t entry_size = 0;
  uint64_t strings_offset = 0;
  uint64_t strings_size = 0;
};

// The only writer of Executable's private state.
class ExecutableBuilder {
 public:
  ExecutableBuilder(Format format, Bytes bytes) {
    executable_.format_ = format;
    executable_.bytes_ = bytes;
  }

  void set_architecture(std::string architecture) {
    executable_.architecture_ = std::move(architecture);
  }
  void set_endian(Endian endian) { executable_.endian_ = endian; }
  void set_pointer_size(unsigned pointer_size) { executable_.pointer_size_ = pointer_size; }
  void set_slice_offset(uint64_t offset) { executable_.slice_offset_ = offset; }
  void set_image_base(uint64_t image_base) { executable_.image_base_ = image_base; }
  void set_symbol_table(const RawSymbolTable& table);
  std::vector<Section>& sections() { return executable_.sections_; }
  std::vector<Segment>& segments() { return executable_.segments_; }

  Executable Build() && { return std::move(executable_); }

  static RawSymbolTable symbol_table(const Executable& executable);

 private:
  Executable executable_;
};

// Fixed-layout fields of a header entry whose extent the caller has already checked against
// the file; an out-of-range field is a programmer error (asserted, and read as 0 in release).
class FieldReader {
 public:
  FieldReader(Bytes data, Endian endian) : data_(data), endian_(endian) {}

  uint64_t Uint(uint64_t offset, unsigned width) const {
    SCRY_ASSERT(offset <= data_.size() && width <= data_.size() - offset);
    if (offset > data_.size() || width > data_.size() - offset) return 0;
    return DecodeUint(data_.data() + offset, width, endian_);
  }
  uint8_t U8(uint64_t offset) const { return static_cast<uint8_t>(Uint(offset, 1)); }
  uint16_t U16(uint64_t offset) const { return static_cast<uint16_t>(Uint(offset, 2)); }
  uint32_t U32(uint64_t offset) const { return static_cast<uint32_t>(Uint(offset, 4)); }
  uint64_t U64(uint64_t offset) const { return Uint(offset, 8); }
  // A fixed-size name field, NUL-padded but not necessarily NUL-terminated.
  std::string_view FixedString(uint64_t offset, uint64_t length) const;

 private:
  Bytes data_;
  Endian endian_;
};

// True when [offset, offset + size) lies inside [0, total), without overflow.
inline bool RangeInside(uint64_t offset, uint64_t size, uint64_t total) {
  return offset <= total && size <= total - offset;
}

// kInvalidInput unless `count` entries of `entry_size` bytes at `offset` lie inside the file:
// "<what> (offset 0x40, 13 entries of 64 bytes) extends past end of file (size 0x1000)".
Status CheckTable(std::string_view what, uint64_t offset, uint64_t count, uint64_t entry_size,
                  uint64_t file_size);
// CheckTable for a symbol table, then kLimitExceeded above limits::kMaxSymbolCount entries.
Status CheckSymbolTable(std::string_view what, const RawSymbolTable& table, uint64_t file_size);
// kInvalidInput unless [offset, offset + size) lies inside the file.
Status CheckRange(std::string_view what, uint64_t offset, uint64_t size, uint64_t file_size);

// The NUL-terminated name at `offset` of a string table. Names longer than
// limits::kMaxSymbolNameLength are cut there. nullopt when `offset` is outside the table or the
// name runs to its end without a NUL.
std::optional<std::string_view> StringAt(Bytes strings, uint64_t offset);

// Per-format parsers: `file` is the whole input (a thin Mach-O slice for ParseMachOThin).
Result<Executable> ParseElf(Bytes file);
Result<Executable> ParsePe(Bytes file);
Result<Executable> ParseMachOThin(Bytes file, uint64_t slice_offset);
// A thin or universal Mach-O.
Result<std::vector<Executable>> ParseMachO(Bytes file);

// Per-format symbol table walks behind Executable::ForEachSymbol.
Status ForEachElfSymbol(const Executable& executable, const RawSymbolTable& table,
                        const SymbolVisitor& visit);
Status ForEachPeSymbol(const Executable& executable, const RawSymbolTable& table,
                       const SymbolVisitor& visit);
Status ForEachMachOSymbol(const Executable& executable, const RawSymbolTable& table,
                          const SymbolVisitor& visit);

}  // namespace scry::binary
