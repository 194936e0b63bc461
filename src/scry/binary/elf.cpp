// ELF reader following the System V gABI
// (https://www.sco.com/developers/gabi/latest/contents.html): ELFCLASS32/64, ELFDATA2LSB/MSB,
// extended section numbering (e_shnum == 0, e_shstrndx == SHN_XINDEX, e_phnum == PN_XNUM), program
// headers and .symtab.
#include <fmt/format.h>

#include "scry/base/limits.hpp"
#include "scry/binary/executable_internal.hpp"

namespace scry::binary {

namespace {

constexpr uint8_t kClass32 = 1;
constexpr uint8_t kClass64 = 2;
constexpr uint8_t kDataLsb = 1;
constexpr uint8_t kDataMsb = 2;
constexpr uint8_t kVersionCurrent = 1;

constexpr uint16_t kShnUndef = 0;
constexpr uint16_t kShnXindex = 0xffff;
constexpr uint16_t kPnXnum = 0xffff;

constexpr uint32_t kShtNull = 0;
constexpr uint32_t kShtSymtab = 2;
constexpr uint32_t kShtStrtab = 3;
constexpr uint32_t kShtNobits = 8;

constexpr uint64_t kShfWrite = 0x1;
constexpr uint64_t kShfAlloc = 0x2;
constexpr uint64_t kShfExecinstr = 0x4;

constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPfX = 0x1;
constexpr uint32_t kPfW = 0x2;
constexpr uint32_t kPfR = 0x4;

constexpr uint8_t kSttSection = 3;
constexpr uint8_t kSttFile = 4;

// e_machine values (gABI "Machine" table).
constexpr uint16_t kEmSparc = 2;
constexpr uint16_t kEm386 = 3;
constexpr uint16_t kEm68k = 4;
constexpr uint16_t kEmMips = 8;
constexpr uint16_t kEmMipsRs3Le = 10;
constexpr uint16_t kEmPpc = 20;
constexpr uint16_t kEmPpc64 = 21;
constexpr uint16_t kEmS390 = 22;
constexpr uint16_t kEmArm = 40;
constexpr uint16_t kEmSparcV9 = 43;
constexpr uint16_t kEmIa64 = 50;
constexpr uint16_t kEmX8664 = 62;
constexpr uint16_t kEmAarch64 = 183;
constexpr uint16_t kEmRiscv = 243;
constexpr uint16_t kEmLoongArch = 258;

// Offsets and sizes that differ between ELFCLASS32 and ELFCLASS64.
struct Layout {
  bool is64 = false;
  unsigned word = 4;  // Elf_Addr / Elf_Off / Elf_Xword width
  uint64_t header_size = 52;
  uint64_t section_header_size = 40;
  uint64_t program_header_size = 32;
  uint64_t symbol_size = 16;
};

constexpr Layout kLayout32{false, 4, 52, 40, 32, 16};
constexpr Layout kLayout64{true, 8, 64, 64, 56, 24};

std::string Architecture(uint16_t machine, bool is64, Endian endian) {
  bool little = endian == Endian::kLittle;
  switch (machine) {
    case kEm386:
      return "386";
    case kEmX8664:
      return "amd64";
    case kEmArm:
      return "arm";
    case kEmAarch64:
      return "arm64";
    case kEmS390:
      return is64 ? "s390x" : "s390";
    case kEmPpc:
      return "ppc";
    case kEmPpc64:
      return little ? "ppc64le" : "ppc64";
    case kEmMips:
    case kEmMipsRs3Le:
      if (is64) return little ? "mips64le" : "mips64";
      return little ? "mipsle" : "mips";
    case kEmRiscv:
      return is64 ? "riscv64" : "riscv";
    case kEmLoongArch:
      return is64 ? "loong64" : "loong32";
    case kEmSparc:
      return "sparc";
    case kEmSparcV9:
      return "sparc64";
    case kEmIa64:
      return "ia64";
    case kEm68k:
      return "m68k";
    default:
      return fmt::format("unknown-0x{:x}", machine);
  }
}

struct RawSectionHeader {
  uint32_t name = 0;
  uint32_t type = 0;
  uint64_t flags = 0;
  uint64_t address = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  uint32_t link = 0;
  uint32_t info = 0;
};

RawSectionHeader DecodeSectionHeader(Bytes entry, const Layout& layout, Endian endian) {
  FieldReader fields(entry, endian);
  unsigned w = layout.word;
  RawSectionHeader header;
  header.name = fields.U32(0);
  header.type = fields.U32(4);
  header.flags = fields.Uint(8, w);
  header.address = fields.Uint(8 + w, w);
  header.offset = fields.Uint(8 + 2 * w, w);
  header.size = fields.Uint(8 + 3 * w, w);
  header.link = fields.U32(8 + 4 * w);
  header.info = fields.U32(12 + 4 * w);
  return header;
}

Segment DecodeProgramHeader(Bytes entry, const Layout& layout, Endian endian) {
  FieldReader fields(entry, endian);
  uint32_t type = fields.U32(0);
  uint32_t flags = 0;
  Segment segment;
  if (layout.is64) {
    flags = fields.U32(4);
    segment.file_offset = fields.U64(8);
    segment.address = fields.U64(16);
    segment.file_size = fields.U64(32);
    segment.memory_size = fields.U64(40);
  } else {
    segment.file_offset = fields.U32(4);
    segment.address = fields.U32(8);
    segment.file_size = fields.U32(16);
    segment.memory_size = fields.U32(20);
    flags = fields.U32(24);
  }
  segment.loadable = type == kPtLoad;
  segment.readable = (flags & kPfR) != 0;
  segment.writable = (flags & kPfW) != 0;
  segment.executable = (flags & kPfX) != 0;
  return segment;
}

class ElfParser {
 public:
  explicit ElfParser(Bytes file) : file_(file) {}

  Result<Executable> Parse() {
    SCRY_CHECK(ParseIdentification());
    ExecutableBuilder builder(Format::kElf, file_);
    builder.set_endian(endian_);
    builder.set_pointer_size(layout_.word);

    FieldReader header(file_, endian_);
    unsigned w = layout_.word;
    uint16_t machine = header.U16(18);
    uint64_t phoff = header.Uint(24 + w, w);
    uint64_t shoff = header.Uint(24 + 2 * w, w);
    uint64_t ehsize = 24 + 3 * w + 4;  // offset of e_ehsize, which follows e_flags
    uint16_t phentsize = header.U16(ehsize + 2);
    uint64_t phnum = header.U16(ehsize + 4);
    uint16_t shentsize = header.U16(ehsize + 6);
    uint64_t shnum = header.U16(ehsize + 8);
    uint64_t shstrndx = header.U16(ehsize + 10);
    builder.set_architecture(Architecture(machine, layout_.is64, endian_));

    // Extended numbering keeps the real counts in section header 0.
    bool extended_phnum = phnum == kPnXnum;
    if (shoff != 0 && (shnum == 0 || shstrndx == kShnXindex || extended_phnum)) {
      SCRY_CHECK(CheckEntrySize("section header", shentsize, layout_.section_header_size));
      SCRY_CHECK(CheckTable("ELF section header 0", shoff, 1, shentsize, file_.size()));
      RawSectionHeader first =
          DecodeSectionHeader(file_.subspan(static_cast<size_t>(shoff)), layout_, endian_);
      if (shnum == 0) shnum = first.size;
      if (shstrndx == kShnXindex) shstrndx = first.link;
      if (extended_phnum) phnum = first.info;
    }
    if (shoff == 0) {
      if (shnum != 0) {
        return Fail(ErrorCode::kInvalidInput,
                    "ELF header lists {} section headers but no section header table offset",
                    shnum);
      }
      if (extended_phnum) {
        return Fail(ErrorCode::kInvalidInput,
                    "ELF e_phnum is PN_XNUM but there is no section header 0 with the real count");
      }
    }

    SCRY_CHECK(ParseProgramHeaders(phoff, phnum, phentsize, builder.segments()));
    SCRY_CHECK(ParseSectionHeaders(shoff, shnum, shentsize, shstrndx, builder));
    return std::move(builder).Build();
  }

 private:
  Status ParseIdentification() {
    if (file_.size() < 16) {
      return Fail(ErrorCode::kInvalidInput, "ELF identification truncated (file size {})",
                  file_.size());
    }
    uint8_t elf_class = file_[4];
    uint8_t data = file_[5];
    uint8_t version = file_[6];
    if (elf_class == kClass32) {
      layout_ = kLayout32;
    } else if (elf_class == kClass64) {
      layout_ = kLayout64;
    } else {
      return Fail(ErrorCode::kInvalidInput, "ELF class {} is neither 32- nor 64-bit", elf_class);
    }
    if (data == kDataLsb) {
      endian_ = Endian::kLittle;
    } else if (data == kDataMsb) {
      endian_ = Endian::kBig;
    } else {
      return Fail(ErrorCode::kInvalidInput, "ELF data encoding {} is neither LSB nor MSB", data);
    }
    if (version != kVersionCurrent) {
      return Fail(ErrorCode::kInvalidInput, "ELF version {} is not EV_CURRENT", version);
    }
    if (file_.size() < layout_.header_size) {
      return Fail(ErrorCode::kInvalidInput, "ELF header truncated (file size {}, need {})",
                  file_.size(), layout_.header_size);
    }
    return Ok();
  }

  Status CheckEntrySize(std::string_view what, uint64_t entry_size, uint64_t minimum) const {
    if (entry_size >= minimum) return Ok();
    return Fail(ErrorCode::kInvalidInput, "ELF {} entry size {} is smaller than {}", what,
                entry_size, minimum);
  }

  Status ParseProgramHeaders(uint64_t phoff, uint64_t phnum, uint64_t phentsize,
                             std::vector<Segment>& segments) const {
    if (phnum == 0) return Ok();
    if (phnum > limits::kMaxSegments) {
      return Fail(ErrorCode::kLimitExceeded, "ELF has {} program headers (limit {})", phnum,
                  limits::kMaxSegments);
    }
    SCRY_CHECK(CheckEntrySize("program header", phentsize, layout_.program_header_size));
    SCRY_CHECK(CheckTable("ELF program header table", phoff, phnum, phentsize, file_.size()));
    segments.reserve(static_cast<size_t>(phnum));
    for (uint64_t i = 0; i < phnum; ++i) {
      Bytes entry =
          file_.subspan(static_cast<size_t>(phoff + i * phentsize), static_cast<size_t>(phentsize));
      Segment segment = DecodeProgramHeader(entry, layout_, endian_);
      if (!RangeInside(segment.file_offset, segment.file_size, file_.size())) {
        return Fail(ErrorCode::kInvalidInput,
                    "ELF program header {} (offset 0x{:x}, size 0x{:x}) extends past end of file "
                    "(size 0x{:x})",
                    i, segment.file_offset, segment.file_size, file_.size());
      }
      segments.push_back(std::move(segment));
    }
    return Ok();
  }

  Status ParseSectionHeaders(uint64_t shoff, uint64_t shnum, uint64_t shentsize, uint64_t shstrndx,
                             ExecutableBuilder& builder) const {
    if (shnum == 0) return Ok();
    if (shnum > limits::kMaxSections) {
      return Fail(ErrorCode::kLimitExceeded, "ELF has {} section headers (limit {})", shnum,
                  limits::kMaxSections);
    }
    SCRY_CHECK(CheckEntrySize("section header", shentsize, layout_.section_header_size));
    SCRY_CHECK(CheckTable("ELF section header table", shoff, shnum, shentsize, file_.size()));
    if (shstrndx >= shnum) {
      return Fail(ErrorCode::kInvalidInput,
                  "ELF section name table index {} is out of range ({} sections)", shstrndx, shnum);
    }

    auto header_at = [&](uint64_t index) {
      Bytes entry = file_.subspan(static_cast<size_t>(shoff + index * shentsize),
                                  static_cast<size_t>(shentsize));
      return DecodeSectionHeader(entry, layout_, endian_);
    };

    Bytes names;
    if (shstrndx != kShnUndef) {
      RawSectionHeader strtab = header_at(shstrndx);
      if (strtab.type != kShtStrtab) {
        return Fail(ErrorCode::kInvalidInput,
                    "ELF section name table (section {}) has type {} instead of SHT_STRTAB",
                    shstrndx, strtab.type);
      }
      if (!RangeInside(strtab.offset, strtab.size, file_.size())) {
        return Fail(ErrorCode::kInvalidInput,
                    "ELF section name table (section {}, offset 0x{:x}, size 0x{:x}) extends "
                    "past end of file (size 0x{:x})",
                    shstrndx, strtab.offset, strtab.size, file_.size());
      }
      names = file_.subspan(static_cast<size_t>(strtab.offset), static_cast<size_t>(strtab.size));
    }

    std::vector<Section>& sections = builder.sections();
    sections.reserve(static_cast<size_t>(shnum));
    std::optional<uint64_t> symtab_index;
    for (uint64_t i = 0; i < shnum; ++i) {
      RawSectionHeader raw = header_at(i);
      Section section;
      if (raw.name != 0 || !names.empty()) {
        SCRY_TRY(section.name, SectionName(names, raw.name, i));
      }
      // Entry 0 is reserved; under extended numbering its fields hold counts, not a section.
      if (i != 0) {
        section.address = raw.address;
        section.size = raw.size;
        section.file_offset = raw.offset;
      }
      bool has_bytes = raw.type != kShtNobits && raw.type != kShtNull && i != 0;
      section.file_size = has_bytes ? raw.size : 0;
      section.allocated = (raw.flags & kShfAlloc) != 0;
      section.writable = (raw.flags & kShfWrite) != 0;
      section.executable = (raw.flags & kShfExecinstr) != 0;
      if (section.file_size != 0 && !RangeInside(raw.offset, raw.size, file_.size())) {
        return Fail(ErrorCode::kInvalidInput,
                    "ELF section {} '{}' (offset 0x{:x}, size 0x{:x}) extends past end of file "
                    "(size 0x{:x})",
                    i, section.name, raw.offset, raw.size, file_.size());
      }
      if (raw.type == kShtSymtab && !symtab_index) symtab_index = i;
      sections.push_back(std::move(section));
    }

    if (symtab_index) {
      RawSectionHeader symtab = header_at(*symtab_index);
      if (symtab.link == kShnUndef || symtab.link >= shnum) {
        return Fail(ErrorCode::kInvalidInput,
                    "ELF symbol table (section {}) links to string table section {} of {}",
                    *symtab_index, symtab.link, shnum);
      }
      RawSectionHeader strtab = header_at(symtab.link);
      if (strtab.type != kShtStrtab) {
        return Fail(ErrorCode::kInvalidInput,
                    "ELF symbol string table (section {}) has type {} instead of SHT_STRTAB",
                    symtab.link, strtab.type);
      }
      RawSymbolTable table;
      table.offset = symtab.offset;
      table.entry_size = layout_.symbol_size;
      table.count = symtab.size / layout_.symbol_size;
      table.strings_offset = strtab.offset;
      table.strings_size = strtab.size;
      builder.set_symbol_table(table);
    }
    return Ok();
  }

  Result<std::string> SectionName(Bytes names, uint32_t offset, uint64_t index) const {
    if (offset >= names.size()) {
      return Fail(ErrorCode::kInvalidInput,
                  "ELF section {} name offset 0x{:x} is past the end of the section name table "
                  "(size 0x{:x})",
                  index, offset, names.size());
    }
    ByteReader reader(names);
    auto name = reader.CStringAt(offset, limits::kMaxSectionNameLength);
    if (!name) {
      return Fail(ErrorCode::kInvalidInput,
                  "ELF section {} name at offset 0x{:x} is not NUL-terminated within {} bytes",
                  index, offset, limits::kMaxSectionNameLength);
    }
    return std::string(*name);
  }

  Bytes file_;
  Layout layout_;
  Endian endian_ = Endian::kLittle;
};

}  // namespace

Result<Executable> ParseElf(Bytes file) { return ElfParser(file).Parse(); }

Status ForEachElfSymbol(const Executable& executable, const RawSymbolTable& table,
                        const SymbolVisitor& visit) {
  Bytes bytes = executable.bytes();
  SCRY_CHECK(CheckSymbolTable("ELF symbol table", table, bytes.size()));
  SCRY_CHECK(CheckRange("ELF symbol string table", table.strings_offset, table.strings_size,
                        bytes.size()));
  Bytes strings = bytes.subspan(static_cast<size_t>(table.strings_offset),
                                static_cast<size_t>(table.strings_size));
  bool is64 = executable.pointer_size() == 8;
  // Entry 0 is the reserved undefined symbol.
  for (uint64_t i = 1; i < table.count; ++i) {
    FieldReader fields(bytes.subspan(static_cast<size_t>(table.offset + i * table.entry_size),
                                     static_cast<size_t>(table.entry_size)),
                       executable.endian());
    uint32_t name_offset = fields.U32(0);
    Symbol symbol;
    uint8_t info = 0;
    uint16_t section_index = 0;
    if (is64) {
      info = fields.U8(4);
      section_index = fields.U16(6);
      symbol.address = fields.U64(8);
      symbol.size = fields.U64(16);
    } else {
      symbol.address = fields.U32(4);
      symbol.size = fields.U32(8);
      info = fields.U8(12);
      section_index = fields.U16(14);
    }
    uint8_t type = info & 0xf;
    if (type == kSttSection || type == kSttFile || section_index == kShnUndef) continue;
    if (name_offset == 0) continue;
    auto name = StringAt(strings, name_offset);
    if (!name) {
      return Fail(ErrorCode::kInvalidInput,
                  "ELF symbol {} name offset 0x{:x} is outside the string table (size 0x{:x}) or "
                  "not NUL-terminated",
                  i, name_offset, strings.size());
    }
    if (name->empty()) continue;
    symbol.name = *name;
    if (!visit(symbol)) break;
  }
  return Ok();
}

}  // namespace scry::binary
