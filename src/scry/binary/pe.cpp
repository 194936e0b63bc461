// PE/COFF reader following the Microsoft PE format specification
// (https://learn.microsoft.com/en-us/windows/win32/debug/pe-format): DOS stub, "PE\0\0", COFF
// file header, PE32 (0x10b) and PE32+ (0x20b) optional headers, the section table with long
// names in the COFF string table ("/123", and LLVM's "//BASE64"), and the COFF symbol table.
#include <fmt/format.h>

#include <limits>

#include "scry/base/limits.hpp"
#include "scry/binary/executable_internal.hpp"

namespace scry::binary {

namespace {

constexpr uint64_t kDosHeaderSize = 0x40;
constexpr uint64_t kLfanewOffset = 0x3c;
constexpr uint64_t kCoffHeaderSize = 20;
constexpr uint64_t kSectionHeaderSize = 40;
constexpr uint64_t kSymbolSize = 18;
constexpr uint64_t kSectionNameSize = 8;

constexpr uint16_t kMagicPe32 = 0x10b;
constexpr uint16_t kMagicPe32Plus = 0x20b;

constexpr uint32_t kScnCntCode = 0x00000020;
constexpr uint32_t kScnMemExecute = 0x20000000;
constexpr uint32_t kScnMemWrite = 0x80000000;

std::string Architecture(uint16_t machine) {
  switch (machine) {
    case 0x14c:
      return "386";
    case 0x8664:
      return "amd64";
    case 0x1c0:
    case 0x1c2:
    case 0x1c4:
      return "arm";
    case 0xaa64:
      return "arm64";
    case 0x200:
      return "ia64";
    case 0x5032:
      return "riscv";
    case 0x5064:
      return "riscv64";
    case 0x6264:
      return "loong64";
    default:
      return fmt::format("unknown-0x{:x}", machine);
  }
}

// The COFF string table: a 4-byte little-endian size (which counts itself) and NUL-terminated
// strings. Empty when the file has none or it does not fit in the file.
Bytes LocateStringTable(Bytes file, uint64_t strings_offset) {
  if (strings_offset == 0) return {};
  auto size_field = SliceAt(file, strings_offset, 4);
  if (!size_field) return {};
  uint64_t size = DecodeUint(size_field->data(), 4, Endian::kLittle);
  return SliceAt(file, strings_offset, size).value_or(Bytes());
}

// Offset of a long section name: "/123" (decimal) or LLVM's "//AAAAAA" (base64, for offsets
// that need more than 7 decimal digits).
std::optional<uint64_t> LongNameOffset(std::string_view name) {
  if (name.size() < 2 || name[0] != '/') return std::nullopt;
  uint64_t value = 0;
  if (name[1] == '/') {
    if (name.size() < 3) return std::nullopt;
    for (char c : name.substr(2)) {
      uint64_t digit = 0;
      if (c >= 'A' && c <= 'Z') {
        digit = static_cast<uint64_t>(c - 'A');
      } else if (c >= 'a' && c <= 'z') {
        digit = static_cast<uint64_t>(c - 'a') + 26;
      } else if (c >= '0' && c <= '9') {
        digit = static_cast<uint64_t>(c - '0') + 52;
      } else if (c == '+') {
        digit = 62;
      } else if (c == '/') {
        digit = 63;
      } else {
        return std::nullopt;
      }
      value = value * 64 + digit;  // at most 6 digits: no overflow
    }
    return value;
  }
  for (char c : name.substr(1)) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');  // at most 7 digits
  }
  return value;
}

}  // namespace

Result<Executable> ParsePe(Bytes file) {
  FieldReader reader(file, Endian::kLittle);
  if (file.size() < kDosHeaderSize) {
    return Fail(ErrorCode::kUnsupported, "MZ file too short for a DOS header (size {})",
                file.size());
  }
  uint64_t lfanew = reader.U32(kLfanewOffset);
  auto signature = SliceAt(file, lfanew, 4);
  if (!signature || AsChars(*signature) != std::string_view("PE\0\0", 4)) {
    return Fail(ErrorCode::kUnsupported, "MZ file without a PE signature at offset 0x{:x}", lfanew);
  }
  uint64_t coff = lfanew + 4;
  SCRY_CHECK(CheckRange("PE COFF header", coff, kCoffHeaderSize, file.size()));
  uint16_t machine = reader.U16(coff);
  uint64_t section_count = reader.U16(coff + 2);
  uint64_t symbols_offset = reader.U32(coff + 8);
  uint64_t symbol_count = reader.U32(coff + 12);
  uint64_t optional_size = reader.U16(coff + 16);

  ExecutableBuilder builder(Format::kPe, file);
  builder.set_architecture(Architecture(machine));
  builder.set_endian(Endian::kLittle);

  uint64_t optional = coff + kCoffHeaderSize;
  SCRY_CHECK(CheckRange("PE optional header", optional, optional_size, file.size()));
  if (optional_size < 2) {
    return Fail(ErrorCode::kInvalidInput, "PE optional header is missing (size {})", optional_size);
  }
  uint16_t magic = reader.U16(optional);
  uint64_t image_base = 0;
  if (magic == kMagicPe32) {
    if (optional_size < 32) {
      return Fail(ErrorCode::kInvalidInput, "PE32 optional header too short (size {})",
                  optional_size);
    }
    image_base = reader.U32(optional + 28);
    builder.set_pointer_size(4);
  } else if (magic == kMagicPe32Plus) {
    if (optional_size < 32) {
      return Fail(ErrorCode::kInvalidInput, "PE32+ optional header too short (size {})",
                  optional_size);
    }
    image_base = reader.U64(optional + 24);
    builder.set_pointer_size(8);
  } else {
    return Fail(ErrorCode::kInvalidInput,
                "PE optional header magic 0x{:x} is neither PE32 nor PE32+", magic);
  }
  builder.set_image_base(image_base);

  // The string table follows the symbol table (the symbol count is 32-bit: no overflow).
  uint64_t strings_offset = symbols_offset == 0 ? 0 : symbols_offset + symbol_count * kSymbolSize;
  Bytes strings = LocateStringTable(file, strings_offset);
  if (symbols_offset != 0 && symbol_count != 0) {
    RawSymbolTable table;
    table.offset = symbols_offset;
    table.count = symbol_count;
    table.entry_size = kSymbolSize;
    table.strings_offset = strings_offset;
    table.strings_size = strings.size();
    builder.set_symbol_table(table);
  }

  uint64_t table_offset = optional + optional_size;
  SCRY_CHECK(
      CheckTable("PE section table", table_offset, section_count, kSectionHeaderSize, file.size()));
  std::vector<Section>& sections = builder.sections();
  sections.reserve(static_cast<size_t>(section_count));
  for (uint64_t i = 0; i < section_count; ++i) {
    FieldReader entry(file.subspan(static_cast<size_t>(table_offset + i * kSectionHeaderSize),
                                   kSectionHeaderSize),
                      Endian::kLittle);
    Section section;
    std::string_view name = entry.FixedString(0, kSectionNameSize);
    if (!name.empty() && name[0] == '/') {
      auto offset = LongNameOffset(name);
      if (!offset) {
        return Fail(ErrorCode::kInvalidInput, "PE section {} has a malformed long name '{}'", i,
                    name);
      }
      auto long_name = StringAt(strings, *offset);
      if (!long_name || *offset < 4) {
        return Fail(ErrorCode::kInvalidInput,
                    "PE section {} name '{}' is outside the COFF string table (size 0x{:x})", i,
                    name, strings.size());
      }
      name = *long_name;
    }
    section.name = std::string(name);
    uint64_t virtual_size = entry.U32(8);
    uint64_t virtual_address = entry.U32(12);
    uint64_t raw_size = entry.U32(16);
    uint64_t raw_offset = entry.U32(20);
    uint32_t characteristics = entry.U32(36);
    if (image_base > std::numeric_limits<uint64_t>::max() - virtual_address) {
      return Fail(ErrorCode::kInvalidInput,
                  "PE section {} '{}' address 0x{:x} + image base 0x{:x} overflows", i,
                  section.name, virtual_address, image_base);
    }
    section.address = image_base + virtual_address;
    section.size = virtual_size == 0 ? raw_size : virtual_size;
    section.file_offset = raw_offset;
    // Raw data is padded to the file alignment; the bytes past VirtualSize are not loaded.
    section.file_size = virtual_size == 0 ? raw_size : std::min(raw_size, virtual_size);
    if (raw_offset == 0) section.file_size = 0;
    section.writable = (characteristics & kScnMemWrite) != 0;
    section.executable = (characteristics & (kScnMemExecute | kScnCntCode)) != 0;
    if (!RangeInside(section.file_offset, section.file_size, file.size())) {
      return Fail(ErrorCode::kInvalidInput,
                  "PE section {} '{}' (offset 0x{:x}, size 0x{:x}) extends past end of file "
                  "(size 0x{:x})",
                  i, section.name, section.file_offset, section.file_size, file.size());
    }
    sections.push_back(std::move(section));
  }
  return std::move(builder).Build();
}

Status ForEachPeSymbol(const Executable& executable, const RawSymbolTable& table,
                       const SymbolVisitor& visit) {
  Bytes bytes = executable.bytes();
  SCRY_CHECK(CheckSymbolTable("PE symbol table", table, bytes.size()));
  Bytes strings = SliceAt(bytes, table.strings_offset, table.strings_size).value_or(Bytes());
  const std::vector<Section>& sections = executable.sections();
  for (uint64_t i = 0; i < table.count; ++i) {
    FieldReader entry(bytes.subspan(static_cast<size_t>(table.offset + i * table.entry_size),
                                    static_cast<size_t>(table.entry_size)),
                      Endian::kLittle);
    auto section_number = static_cast<int16_t>(entry.U16(12));
    uint8_t aux_count = entry.U8(17);
    uint64_t index = i;
    i += aux_count;  // auxiliary records carry no names
    // 0 is undefined, -1 absolute, -2 debug: none of them has an address.
    if (section_number <= 0) continue;
    if (static_cast<uint64_t>(section_number) > sections.size()) {
      return Fail(ErrorCode::kInvalidInput,
                  "PE symbol {} refers to section {} but there are {} sections", index,
                  section_number, sections.size());
    }
    std::string_view name;
    if (entry.U32(0) == 0) {
      uint32_t offset = entry.U32(4);
      auto long_name = StringAt(strings, offset);
      if (!long_name || offset < 4) {
        return Fail(ErrorCode::kInvalidInput,
                    "PE symbol {} name offset 0x{:x} is outside the COFF string table (size "
                    "0x{:x}) or not NUL-terminated",
                    index, offset, strings.size());
      }
      name = *long_name;
    } else {
      name = entry.FixedString(0, kSectionNameSize);
    }
    if (name.empty()) continue;
    Symbol symbol;
    symbol.name = name;
    symbol.address = sections[static_cast<size_t>(section_number - 1)].address + entry.U32(8);
    if (!visit(symbol)) break;
  }
  return Ok();
}

}  // namespace scry::binary
