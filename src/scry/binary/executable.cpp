#include "scry/binary/executable.hpp"

#include <algorithm>
#include <cstring>
#include <initializer_list>

#include "scry/base/limits.hpp"
#include "scry/binary/executable_internal.hpp"

namespace scry::binary {

namespace {

bool StartsWith(Bytes data, std::initializer_list<uint8_t> magic) {
  return data.size() >= magic.size() && std::equal(magic.begin(), magic.end(), data.begin());
}

bool IsElf(Bytes data) { return StartsWith(data, {0x7f, 'E', 'L', 'F'}); }

bool IsPe(Bytes data) { return StartsWith(data, {'M', 'Z'}); }

bool IsMachO(Bytes data) {
  if (data.size() < 4) return false;
  uint32_t big = static_cast<uint32_t>(DecodeUint(data.data(), 4, Endian::kBig));
  uint32_t little = static_cast<uint32_t>(DecodeUint(data.data(), 4, Endian::kLittle));
  for (uint32_t magic : {0xfeedfaceu, 0xfeedfacfu}) {
    if (big == magic || little == magic) return true;
  }
  return big == 0xcafebabeu || big == 0xcafebabfu;
}

// The file bytes of `region` (address, file offset, file size) backing `address`, at most `size`.
std::optional<Bytes> ReadFrom(Bytes bytes, uint64_t region_address, uint64_t file_offset,
                              uint64_t file_size, uint64_t address, uint64_t size) {
  if (file_size == 0 || address < region_address) return std::nullopt;
  uint64_t delta = address - region_address;
  if (delta >= file_size) return std::nullopt;
  return SliceAt(bytes, file_offset + delta, std::min(size, file_size - delta));
}

}  // namespace

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kElf:
      return "elf";
    case Format::kPe:
      return "pe";
    case Format::kMachO:
      return "macho";
  }
  return "unknown";
}

const Section* Executable::FindSection(std::string_view name) const {
  for (const Section& section : sections_) {
    if (section.name == name) return &section;
  }
  return nullptr;
}

std::optional<Bytes> Executable::ReadAt(uint64_t address, uint64_t size) const {
  switch (format_) {
    case Format::kElf: {
      bool has_load_segment = false;
      for (const Segment& segment : segments_) {
        if (!segment.loadable) continue;
        has_load_segment = true;
        auto bytes = ReadFrom(bytes_, segment.address, segment.file_offset, segment.file_size,
                              address, size);
        if (bytes) return bytes;
      }
      // Without PT_LOAD segments (relocatable objects, some firmware images), allocated sections
      // are the only map from addresses to file bytes.
      if (has_load_segment) return std::nullopt;
      for (const Section& section : sections_) {
        if (!section.allocated) continue;
        auto bytes = ReadFrom(bytes_, section.address, section.file_offset, section.file_size,
                              address, size);
        if (bytes) return bytes;
      }
      return std::nullopt;
    }
    case Format::kPe:
      for (const Section& section : sections_) {
        auto bytes = ReadFrom(bytes_, section.address, section.file_offset, section.file_size,
                              address, size);
        if (bytes) return bytes;
      }
      return std::nullopt;
    case Format::kMachO:
      for (const Segment& segment : segments_) {
        if (segment.name == "__PAGEZERO") continue;
        auto bytes = ReadFrom(bytes_, segment.address, segment.file_offset, segment.file_size,
                              address, size);
        if (bytes) return bytes;
      }
      return std::nullopt;
  }
  return std::nullopt;
}

Status Executable::ForEachSymbol(const std::function<bool(const Symbol&)>& visit) const {
  RawSymbolTable table = ExecutableBuilder::symbol_table(*this);
  if (table.count == 0) return Ok();
  switch (format_) {
    case Format::kElf:
      return ForEachElfSymbol(*this, table, visit);
    case Format::kPe:
      return ForEachPeSymbol(*this, table, visit);
    case Format::kMachO:
      return ForEachMachOSymbol(*this, table, visit);
  }
  return Ok();
}

bool HasExecutableMagic(Bytes prefix) {
  if (prefix.size() < 4) return false;
  return IsElf(prefix) || IsPe(prefix) || IsMachO(prefix);
}

Result<std::vector<Executable>> ParseExecutable(Bytes file) {
  std::vector<Executable> result;
  if (IsElf(file)) {
    SCRY_TRY(Executable executable, ParseElf(file));
    result.push_back(std::move(executable));
    return result;
  }
  if (IsPe(file)) {
    SCRY_TRY(Executable executable, ParsePe(file));
    result.push_back(std::move(executable));
    return result;
  }
  if (IsMachO(file)) return ParseMachO(file);
  return Fail(ErrorCode::kUnsupported, "not an ELF, PE or Mach-O file");
}

void ExecutableBuilder::set_symbol_table(const RawSymbolTable& table) {
  executable_.symbols_.offset = table.offset;
  executable_.symbols_.count = table.count;
  executable_.symbols_.entry_size = table.entry_size;
  executable_.symbols_.strings_offset = table.strings_offset;
  executable_.symbols_.strings_size = table.strings_size;
}

RawSymbolTable ExecutableBuilder::symbol_table(const Executable& executable) {
  const Executable::SymbolTable& table = executable.symbols_;
  return {table.offset, table.count, table.entry_size, table.strings_offset, table.strings_size};
}

std::string_view FieldReader::FixedString(uint64_t offset, uint64_t length) const {
  SCRY_ASSERT(RangeInside(offset, length, data_.size()));
  auto bytes = SliceAt(data_, offset, length);
  if (!bytes) return {};
  std::string_view text = AsChars(*bytes);
  return text.substr(0, text.find('\0'));
}

Status CheckTable(std::string_view what, uint64_t offset, uint64_t count, uint64_t entry_size,
                  uint64_t file_size) {
  if (entry_size == 0 || count <= (file_size / entry_size)) {
    if (RangeInside(offset, count * entry_size, file_size)) return Ok();
  }
  return Fail(ErrorCode::kInvalidInput,
              "{} (offset 0x{:x}, {} entries of {} bytes) extends past end of file (size 0x{:x})",
              what, offset, count, entry_size, file_size);
}

Status CheckSymbolTable(std::string_view what, const RawSymbolTable& table, uint64_t file_size) {
  SCRY_CHECK(CheckTable(what, table.offset, table.count, table.entry_size, file_size));
  if (table.count > limits::kMaxSymbolCount) {
    return Fail(ErrorCode::kLimitExceeded, "{} has {} entries (limit {})", what, table.count,
                limits::kMaxSymbolCount);
  }
  return Ok();
}

Status CheckRange(std::string_view what, uint64_t offset, uint64_t size, uint64_t file_size) {
  if (RangeInside(offset, size, file_size)) return Ok();
  return Fail(ErrorCode::kInvalidInput,
              "{} (offset 0x{:x}, size 0x{:x}) extends past end of file (size 0x{:x})", what,
              offset, size, file_size);
}

std::optional<std::string_view> StringAt(Bytes strings, uint64_t offset) {
  if (offset >= strings.size()) return std::nullopt;
  uint64_t available = strings.size() - offset;
  uint64_t window = std::min(available, limits::kMaxSymbolNameLength);
  const auto* start = strings.data() + offset;
  const void* nul = std::memchr(start, 0, static_cast<size_t>(window));
  if (nul != nullptr) {
    return std::string_view(reinterpret_cast<const char*>(start),
                            static_cast<size_t>(static_cast<const uint8_t*>(nul) - start));
  }
  if (window == available) return std::nullopt;  // runs to the end of the table unterminated
  return std::string_view(reinterpret_cast<const char*>(start), static_cast<size_t>(window));
}

}  // namespace scry::binary
