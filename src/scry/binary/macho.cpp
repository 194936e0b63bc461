// Mach-O reader following Apple's <mach-o/loader.h>, <mach-o/nlist.h> and <mach-o/fat.h>:
// MH_MAGIC / MH_MAGIC_64 in either byte order, LC_SEGMENT / LC_SEGMENT_64 with their sections,
// LC_SYMTAB (nlist / nlist_64), and universal files with FAT_MAGIC (fat_arch) or FAT_MAGIC_64
// (fat_arch_64) big-endian headers.
#include <fmt/format.h>

#include "scry/base/limits.hpp"
#include "scry/binary/executable_internal.hpp"

namespace scry::binary {

namespace {

constexpr uint32_t kMagic32 = 0xfeedface;
constexpr uint32_t kMagic64 = 0xfeedfacf;
constexpr uint32_t kFatMagic = 0xcafebabe;
constexpr uint32_t kFatMagic64 = 0xcafebabf;

constexpr uint32_t kLcSegment = 0x1;
constexpr uint32_t kLcSymtab = 0x2;
constexpr uint32_t kLcSegment64 = 0x19;

constexpr uint64_t kLoadCommandHeaderSize = 8;
constexpr uint64_t kSymtabCommandSize = 24;
constexpr uint64_t kNameSize = 16;

constexpr uint32_t kVmProtRead = 0x1;
constexpr uint32_t kVmProtWrite = 0x2;
constexpr uint32_t kVmProtExecute = 0x4;

constexpr uint32_t kSectionTypeMask = 0xff;
constexpr uint32_t kSZerofill = 0x1;
constexpr uint32_t kSGbZerofill = 0xc;
constexpr uint32_t kSThreadLocalZerofill = 0x12;
constexpr uint32_t kSAttrPureInstructions = 0x80000000;
constexpr uint32_t kSAttrSomeInstructions = 0x400;

constexpr uint8_t kNStab = 0xe0;
constexpr uint8_t kNType = 0x0e;
constexpr uint8_t kNUndf = 0x0;

constexpr uint32_t kCpuArchAbi64 = 0x01000000;
constexpr uint32_t kCpuArchAbi6432 = 0x02000000;
constexpr uint32_t kCpuTypeX86 = 7;
constexpr uint32_t kCpuTypeArm = 12;
constexpr uint32_t kCpuTypePowerPc = 18;

std::string Architecture(uint32_t cpu_type) {
  switch (cpu_type) {
    case kCpuTypeX86:
      return "386";
    case kCpuTypeX86 | kCpuArchAbi64:
      return "amd64";
    case kCpuTypeArm:
      return "arm";
    case kCpuTypeArm | kCpuArchAbi64:
      return "arm64";
    case kCpuTypeArm | kCpuArchAbi6432:
      return "arm64_32";
    case kCpuTypePowerPc:
      return "ppc";
    case kCpuTypePowerPc | kCpuArchAbi64:
      return "ppc64";
    default:
      return fmt::format("unknown-0x{:x}", cpu_type);
  }
}

// Field offsets of segment and section commands that differ between 32 and 64 bits.
struct Layout {
  bool is64 = false;
  uint64_t header_size = 28;
  uint64_t segment_command_size = 56;
  uint64_t section_size = 68;
  uint64_t symbol_size = 12;
};

constexpr Layout kLayout32{false, 28, 56, 68, 12};
constexpr Layout kLayout64{true, 32, 72, 80, 16};

class MachOParser {
 public:
  MachOParser(Bytes file, uint64_t slice_offset) : file_(file), slice_offset_(slice_offset) {}

  Result<Executable> Parse() {
    if (file_.size() < 4) {
      return Fail(ErrorCode::kInvalidInput, "Mach-O magic truncated (size {})", file_.size());
    }
    uint32_t magic = static_cast<uint32_t>(DecodeUint(file_.data(), 4, Endian::kLittle));
    uint32_t swapped = static_cast<uint32_t>(DecodeUint(file_.data(), 4, Endian::kBig));
    if (magic == kMagic32 || magic == kMagic64) {
      endian_ = Endian::kLittle;
    } else if (swapped == kMagic32 || swapped == kMagic64) {
      endian_ = Endian::kBig;
      magic = swapped;
    } else {
      return Fail(ErrorCode::kInvalidInput, "bad Mach-O magic 0x{:08x}", swapped);
    }
    layout_ = magic == kMagic64 ? kLayout64 : kLayout32;
    if (file_.size() < layout_.header_size) {
      return Fail(ErrorCode::kInvalidInput, "Mach-O header truncated (size {}, need {})",
                  file_.size(), layout_.header_size);
    }

    FieldReader header(file_, endian_);
    ExecutableBuilder builder(Format::kMachO, file_);
    builder.set_endian(endian_);
    builder.set_pointer_size(layout_.is64 ? 8 : 4);
    builder.set_slice_offset(slice_offset_);
    builder.set_architecture(Architecture(header.U32(4)));
    uint64_t command_count = header.U32(16);
    uint64_t commands_size = header.U32(20);
    if (command_count > limits::kMaxMachOLoadCommands) {
      return Fail(ErrorCode::kLimitExceeded, "Mach-O has {} load commands (limit {})",
                  command_count, limits::kMaxMachOLoadCommands);
    }
    SCRY_CHECK(
        CheckRange("Mach-O load commands", layout_.header_size, commands_size, file_.size()));
    Bytes commands =
        file_.subspan(static_cast<size_t>(layout_.header_size), static_cast<size_t>(commands_size));

    uint64_t offset = 0;
    for (uint64_t i = 0; i < command_count; ++i) {
      if (!RangeInside(offset, kLoadCommandHeaderSize, commands.size())) {
        return Fail(ErrorCode::kInvalidInput,
                    "Mach-O load command {} at offset 0x{:x} extends past sizeofcmds (0x{:x})", i,
                    layout_.header_size + offset, commands.size());
      }
      FieldReader command_header(commands.subspan(static_cast<size_t>(offset)), endian_);
      uint32_t cmd = command_header.U32(0);
      uint64_t cmdsize = command_header.U32(4);
      if (cmdsize < kLoadCommandHeaderSize || !RangeInside(offset, cmdsize, commands.size())) {
        return Fail(ErrorCode::kInvalidInput,
                    "Mach-O load command {} (cmd 0x{:x}) at offset 0x{:x} has size {}, outside "
                    "sizeofcmds (0x{:x})",
                    i, cmd, layout_.header_size + offset, cmdsize, commands.size());
      }
      Bytes command = commands.subspan(static_cast<size_t>(offset), static_cast<size_t>(cmdsize));
      if (cmd == kLcSegment || cmd == kLcSegment64) {
        SCRY_CHECK(ParseSegment(command, cmd == kLcSegment64, i, builder));
      } else if (cmd == kLcSymtab) {
        SCRY_CHECK(ParseSymtab(command, i, builder));
      }
      offset += cmdsize;
    }
    return std::move(builder).Build();
  }

 private:
  Status ParseSegment(Bytes command, bool is64, uint64_t index, ExecutableBuilder& builder) {
    uint64_t command_size = is64 ? kLayout64.segment_command_size : kLayout32.segment_command_size;
    uint64_t section_size = is64 ? kLayout64.section_size : kLayout32.section_size;
    if (command.size() < command_size) {
      return Fail(ErrorCode::kInvalidInput,
                  "Mach-O segment command {} has size {}, smaller than {}", index, command.size(),
                  command_size);
    }
    FieldReader fields(command, endian_);
    Segment segment;
    segment.name = std::string(fields.FixedString(8, kNameSize));
    uint32_t initial_protection = 0;
    uint64_t section_count = 0;
    if (is64) {
      segment.address = fields.U64(24);
      segment.memory_size = fields.U64(32);
      segment.file_offset = fields.U64(40);
      segment.file_size = fields.U64(48);
      segment.max_protection = fields.U32(56);
      initial_protection = fields.U32(60);
      section_count = fields.U32(64);
    } else {
      segment.address = fields.U32(24);
      segment.memory_size = fields.U32(28);
      segment.file_offset = fields.U32(32);
      segment.file_size = fields.U32(36);
      segment.max_protection = fields.U32(40);
      initial_protection = fields.U32(44);
      section_count = fields.U32(48);
    }
    segment.readable = (initial_protection & kVmProtRead) != 0;
    segment.writable = (initial_protection & kVmProtWrite) != 0;
    segment.executable = (initial_protection & kVmProtExecute) != 0;
    segment.loadable = true;
    if (!RangeInside(segment.file_offset, segment.file_size, file_.size())) {
      return Fail(ErrorCode::kInvalidInput,
                  "Mach-O segment {} '{}' (offset 0x{:x}, size 0x{:x}) extends past end of file "
                  "(size 0x{:x})",
                  index, segment.name, segment.file_offset, segment.file_size, file_.size());
    }
    if (section_count > (command.size() - command_size) / section_size) {
      return Fail(ErrorCode::kInvalidInput,
                  "Mach-O segment {} '{}' lists {} sections of {} bytes but its command has room "
                  "for {}",
                  index, segment.name, section_count, section_size,
                  (command.size() - command_size) / section_size);
    }
    if (builder.segments().size() >= limits::kMaxSegments ||
        section_count > limits::kMaxSections - builder.sections().size()) {
      return Fail(ErrorCode::kLimitExceeded, "Mach-O has too many segments or sections (limit {})",
                  limits::kMaxSections);
    }

    for (uint64_t i = 0; i < section_count; ++i) {
      FieldReader entry(command.subspan(static_cast<size_t>(command_size + i * section_size),
                                        static_cast<size_t>(section_size)),
                        endian_);
      Section section;
      section.name = std::string(entry.FixedString(0, kNameSize));
      section.segment = std::string(entry.FixedString(kNameSize, kNameSize));
      uint32_t flags = 0;
      if (is64) {
        section.address = entry.U64(32);
        section.size = entry.U64(40);
        section.file_offset = entry.U32(48);
        flags = entry.U32(64);
      } else {
        section.address = entry.U32(32);
        section.size = entry.U32(36);
        section.file_offset = entry.U32(40);
        flags = entry.U32(56);
      }
      uint32_t type = flags & kSectionTypeMask;
      bool zerofill = type == kSZerofill || type == kSGbZerofill || type == kSThreadLocalZerofill;
      // Offset 0 would overlap the Mach header: such sections have no file data.
      section.file_size = zerofill || section.file_offset == 0 ? 0 : section.size;
      section.writable = segment.writable;
      section.executable = (flags & (kSAttrPureInstructions | kSAttrSomeInstructions)) != 0;
      if (!RangeInside(section.file_offset, section.file_size, file_.size())) {
        return Fail(ErrorCode::kInvalidInput,
                    "Mach-O section {},{} (offset 0x{:x}, size 0x{:x}) extends past end of file "
                    "(size 0x{:x})",
                    section.segment, section.name, section.file_offset, section.file_size,
                    file_.size());
      }
      builder.sections().push_back(std::move(section));
    }
    builder.segments().push_back(std::move(segment));
    return Ok();
  }

  Status ParseSymtab(Bytes command, uint64_t index, ExecutableBuilder& builder) const {
    if (command.size() < kSymtabCommandSize) {
      return Fail(ErrorCode::kInvalidInput, "Mach-O LC_SYMTAB command {} has size {}, need {}",
                  index, command.size(), kSymtabCommandSize);
    }
    FieldReader fields(command, endian_);
    RawSymbolTable table;
    table.offset = fields.U32(8);
    table.count = fields.U32(12);
    table.entry_size = layout_.symbol_size;
    table.strings_offset = fields.U32(16);
    table.strings_size = fields.U32(20);
    builder.set_symbol_table(table);
    return Ok();
  }

  Bytes file_;
  uint64_t slice_offset_ = 0;
  Layout layout_;
  Endian endian_ = Endian::kLittle;
};

Result<std::vector<Executable>> ParseFat(Bytes file, uint32_t magic) {
  bool is64 = magic == kFatMagic64;
  if (file.size() < 8) {
    return Fail(ErrorCode::kInvalidInput, "universal header truncated (size {})", file.size());
  }
  FieldReader header(file, Endian::kBig);
  uint64_t slice_count = header.U32(4);
  if (slice_count > limits::kMaxFatSlices) {
    // 0xcafebabe is also the Java class file magic, followed by the minor and major version
    // (major >= 45): such a count is a class file, not a corrupt universal binary.
    if (!is64) {
      return Fail(ErrorCode::kUnsupported,
                  "0xcafebabe file with {} architectures is not a universal binary (probably a "
                  "Java class file)",
                  slice_count);
    }
    return Fail(ErrorCode::kLimitExceeded, "universal binary has {} architectures (limit {})",
                slice_count, limits::kMaxFatSlices);
  }
  if (slice_count == 0) {
    return Fail(ErrorCode::kInvalidInput, "universal binary lists no architectures");
  }
  uint64_t entry_size = is64 ? 32 : 20;
  SCRY_CHECK(CheckTable("universal architecture table", 8, slice_count, entry_size, file.size()));

  std::vector<Executable> result;
  result.reserve(static_cast<size_t>(slice_count));
  for (uint64_t i = 0; i < slice_count; ++i) {
    FieldReader entry(
        file.subspan(static_cast<size_t>(8 + i * entry_size), static_cast<size_t>(entry_size)),
        Endian::kBig);
    uint64_t offset = is64 ? entry.U64(8) : entry.U32(8);
    uint64_t size = is64 ? entry.U64(16) : entry.U32(12);
    if (!RangeInside(offset, size, file.size())) {
      return Fail(ErrorCode::kInvalidInput,
                  "universal slice {} (offset 0x{:x}, size 0x{:x}) extends past end of file "
                  "(size 0x{:x})",
                  i, offset, size, file.size());
    }
    Bytes slice = file.subspan(static_cast<size_t>(offset), static_cast<size_t>(size));
    if (slice.size() >= 4) {
      uint32_t slice_magic = static_cast<uint32_t>(DecodeUint(slice.data(), 4, Endian::kBig));
      if (slice_magic == kFatMagic || slice_magic == kFatMagic64) {
        return Fail(ErrorCode::kInvalidInput,
                    "universal slice {} at offset 0x{:x} is itself a universal binary", i, offset);
      }
    }
    auto executable = MachOParser(slice, offset).Parse();
    if (!executable) {
      return tl::unexpected(
          std::move(executable.error())
              .Wrap(fmt::format("universal slice {} at offset 0x{:x}", i, offset)));
    }
    result.push_back(std::move(*executable));
  }
  return result;
}

}  // namespace

Result<Executable> ParseMachOThin(Bytes file, uint64_t slice_offset) {
  return MachOParser(file, slice_offset).Parse();
}

Result<std::vector<Executable>> ParseMachO(Bytes file) {
  if (file.size() >= 4) {
    uint32_t magic = static_cast<uint32_t>(DecodeUint(file.data(), 4, Endian::kBig));
    if (magic == kFatMagic || magic == kFatMagic64) return ParseFat(file, magic);
  }
  SCRY_TRY(Executable executable, ParseMachOThin(file, 0));
  std::vector<Executable> result;
  result.push_back(std::move(executable));
  return result;
}

Status ForEachMachOSymbol(const Executable& executable, const RawSymbolTable& table,
                          const SymbolVisitor& visit) {
  Bytes bytes = executable.bytes();
  SCRY_CHECK(CheckSymbolTable("Mach-O symbol table", table, bytes.size()));
  SCRY_CHECK(CheckRange("Mach-O symbol string table", table.strings_offset, table.strings_size,
                        bytes.size()));
  Bytes strings = bytes.subspan(static_cast<size_t>(table.strings_offset),
                                static_cast<size_t>(table.strings_size));
  bool is64 = table.entry_size == kLayout64.symbol_size;
  for (uint64_t i = 0; i < table.count; ++i) {
    FieldReader entry(bytes.subspan(static_cast<size_t>(table.offset + i * table.entry_size),
                                    static_cast<size_t>(table.entry_size)),
                      executable.endian());
    uint32_t name_offset = entry.U32(0);
    uint8_t type = entry.U8(4);
    if ((type & kNStab) != 0 || (type & kNType) == kNUndf || name_offset == 0) continue;
    auto name = StringAt(strings, name_offset);
    if (!name) {
      return Fail(ErrorCode::kInvalidInput,
                  "Mach-O symbol {} name offset 0x{:x} is outside the string table (size 0x{:x}) "
                  "or not NUL-terminated",
                  i, name_offset, strings.size());
    }
    std::string_view text = *name;
    // The Go linker prefixes every name with '_' like C compilers do; Go's debug/macho removes
    // it again from names that contain a '.', and so do we.
    if (text.size() > 1 && text[0] == '_' && text.find('.') != std::string_view::npos) {
      text.remove_prefix(1);
    }
    if (text.empty()) continue;
    Symbol symbol;
    symbol.name = text;
    symbol.address = is64 ? entry.U64(8) : entry.U32(8);
    if (!visit(symbol)) break;
  }
  return Ok();
}

}  // namespace scry::binary
