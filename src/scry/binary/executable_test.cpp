#include "scry/binary/executable.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "go_fixtures.hpp"
#include "scry/base/limits.hpp"

namespace scry::binary {
namespace {

namespace fs = std::filesystem;
using scry::testing::FindGoFixture;
using scry::testing::GoFixture;
using scry::testing::GoFixturePath;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kBuildInfoMagic = "\xff Go buildinf:";

Bytes AsBytes(const std::vector<uint8_t>& data) { return Bytes(data.data(), data.size()); }

std::vector<uint8_t> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  std::vector<uint8_t> data(in ? static_cast<size_t>(in.tellg()) : 0);
  in.seekg(0);
  in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size()));
  return data;
}

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// Runs a shell command and returns its standard output (empty on failure).
std::string Capture(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  pclose(pipe);
  return output;
}

bool HaveCommand(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

void Put(std::vector<uint8_t>& data, size_t at, uint64_t value, unsigned width, Endian endian) {
  if (data.size() < at + width) data.resize(at + width);
  for (unsigned i = 0; i < width; ++i) {
    unsigned shift = endian == Endian::kLittle ? 8 * i : 8 * (width - 1 - i);
    data[at + i] = static_cast<uint8_t>(value >> shift);
  }
}

// Appends fields to a growing image.
class Writer {
 public:
  explicit Writer(Endian endian) : endian_(endian) {}

  std::vector<uint8_t>& data() { return data_; }
  size_t size() const { return data_.size(); }
  void PadTo(size_t size) {
    if (data_.size() < size) data_.resize(size);
  }
  void Align(size_t alignment) { PadTo((data_.size() + alignment - 1) / alignment * alignment); }
  void Uint(uint64_t value, unsigned width) { Put(data_, data_.size(), value, width, endian_); }
  void U8(uint64_t value) { Uint(value, 1); }
  void U16(uint64_t value) { Uint(value, 2); }
  void U32(uint64_t value) { Uint(value, 4); }
  void U64(uint64_t value) { Uint(value, 8); }
  void Text(std::string_view text) { data_.insert(data_.end(), text.begin(), text.end()); }
  void Fixed(std::string_view text, size_t width) {
    size_t start = data_.size();
    Text(text.substr(0, width));
    PadTo(start + width);
  }
  void Pattern(size_t count, uint8_t seed) {
    for (size_t i = 0; i < count; ++i) data_.push_back(static_cast<uint8_t>(seed + i));
  }

 private:
  std::vector<uint8_t> data_;
  Endian endian_;
};

std::map<std::string, Symbol> CollectSymbols(const Executable& executable) {
  std::map<std::string, Symbol> symbols;
  Status status = executable.ForEachSymbol([&](const Symbol& symbol) {
    symbols.emplace(std::string(symbol.name), symbol);
    return true;
  });
  EXPECT_TRUE(status) << status.error().ToString();
  return symbols;
}

std::vector<Executable> ParseOk(const std::vector<uint8_t>& bytes) {
  auto parsed = ParseExecutable(AsBytes(bytes));
  EXPECT_TRUE(parsed) << parsed.error().ToString();
  return parsed ? std::move(*parsed) : std::vector<Executable>();
}

std::string ReadString(const Executable& executable, uint64_t address, uint64_t size) {
  auto bytes = executable.ReadAt(address, size);
  if (!bytes) return "<unmapped>";
  return std::string(AsChars(*bytes));
}

// Parses `data`, reads every section and symbol, and returns whether everything succeeded; what
// the sanitizers care about is that nothing reads out of bounds on the way.
bool ParsesCompletely(Bytes data, uint64_t max_symbols = ~uint64_t{0}) {
  auto parsed = ParseExecutable(data);
  if (!parsed) return false;
  bool ok = true;
  for (const Executable& executable : *parsed) {
    for (const Section& section : executable.sections()) {
      auto bytes = executable.ReadAt(section.address, section.size);
      if (bytes) {
        EXPECT_GE(bytes->data(), executable.bytes().data());
        EXPECT_LE(bytes->data() + bytes->size(),
                  executable.bytes().data() + executable.bytes().size());
      }
    }
    uint64_t count = 0;
    Status status = executable.ForEachSymbol([&](const Symbol& symbol) {
      EXPECT_FALSE(symbol.name.empty());
      return ++count < max_symbols;
    });
    ok = ok && status.has_value();
  }
  return ok;
}

#define EXPECT_ERROR(result, expected_code, substring)                                        \
  do {                                                                                        \
    const auto& scry_result = (result);                                                       \
    ASSERT_FALSE(scry_result.has_value()) << "expected an error";                             \
    EXPECT_EQ(scry_result.error().code(), (expected_code)) << scry_result.error().ToString(); \
    EXPECT_THAT(scry_result.error().ToString(), HasSubstr(substring));                        \
  } while (false)

// ---------------------------------------------------------------------------------------------
// Synthetic images with known layouts.

struct ElfImage {
  std::vector<uint8_t> bytes;
  bool is64 = true;
  Endian endian = Endian::kLittle;
  size_t shoff = 0;
  size_t shentsize = 0;
  size_t symtab_offset = 0;
  size_t symbol_size = 0;

  size_t PhOffField() const { return is64 ? 0x20 : 0x1c; }
  size_t ShOffField() const { return is64 ? 0x28 : 0x20; }
  size_t PhEntSizeField() const { return is64 ? 0x36 : 0x2a; }
  size_t PhNumField() const { return is64 ? 0x38 : 0x2c; }
  size_t ShNumField() const { return is64 ? 0x3c : 0x30; }
  size_t ShStrNdxField() const { return is64 ? 0x3e : 0x32; }
  unsigned Word() const { return is64 ? 8 : 4; }
  size_t Section(size_t index) const { return shoff + index * shentsize; }
  size_t ShOffsetField(size_t index) const { return Section(index) + (is64 ? 24 : 16); }
  size_t ShSizeField(size_t index) const { return Section(index) + (is64 ? 32 : 20); }
  size_t ShLinkField(size_t index) const { return Section(index) + (is64 ? 40 : 24); }
  size_t ShInfoField(size_t index) const { return Section(index) + (is64 ? 44 : 28); }
  void Set(size_t at, uint64_t value, unsigned width) { Put(bytes, at, value, width, endian); }
};

constexpr uint64_t kElfTextAddress = 0x400100;
constexpr uint64_t kElfDataAddress = 0x401120;
enum ElfSection : size_t { kNull, kText, kData, kBss, kSymtab, kStrtab, kShstrtab, kCount };

// An executable with two PT_LOAD segments, .text, .data, .bss, .symtab, .strtab and .shstrtab.
ElfImage MakeElf(bool is64, Endian endian) {
  ElfImage image;
  image.is64 = is64;
  image.endian = endian;
  unsigned w = is64 ? 8 : 4;
  size_t header_size = is64 ? 64 : 52;
  size_t phentsize = is64 ? 56 : 32;
  image.shentsize = is64 ? 64 : 40;
  image.symbol_size = is64 ? 24 : 16;
  Writer out(endian);
  out.Text(
      "\x7f"
      "ELF");
  out.U8(is64 ? 2 : 1);
  out.U8(endian == Endian::kLittle ? 1 : 2);
  out.U8(1);
  out.PadTo(16);
  out.U16(2);   // ET_EXEC
  out.U16(62);  // EM_X86_64 (the class does not have to match for this reader)
  out.U32(1);
  out.Uint(kElfTextAddress, w);  // e_entry
  out.Uint(header_size, w);      // e_phoff
  out.Uint(0, w);                // e_shoff, patched below
  out.U32(0);
  out.U16(header_size);
  out.U16(phentsize);
  out.U16(2);
  out.U16(image.shentsize);
  out.U16(kCount);
  out.U16(kShstrtab);

  auto program_header = [&](uint64_t flags, uint64_t offset, uint64_t address, uint64_t file_size,
                            uint64_t memory_size) {
    out.U32(1);  // PT_LOAD
    if (is64) out.U32(flags);
    out.Uint(offset, w);
    out.Uint(address, w);
    out.Uint(address, w);
    out.Uint(file_size, w);
    out.Uint(memory_size, w);
    if (!is64) out.U32(flags);
    out.Uint(0x1000, w);
  };
  program_header(5, 0, kElfTextAddress - 0x100, 0x120, 0x120);
  program_header(6, 0x120, kElfDataAddress, 0x20, 0x120);

  out.PadTo(0x100);
  out.Pattern(0x20, 0x10);  // .text
  out.Pattern(0x20, 0x80);  // .data
  std::string strtab = std::string("\0main.main\0runtime.buildVersion\0hello.go\0puts\0", 46);
  auto symbol = [&](uint32_t name, uint64_t value, uint64_t size, uint8_t info, uint16_t shndx) {
    out.U32(name);
    if (is64) {
      out.U8(info);
      out.U8(0);
      out.U16(shndx);
      out.U64(value);
      out.U64(size);
    } else {
      out.U32(value);
      out.U32(size);
      out.U8(info);
      out.U8(0);
      out.U16(shndx);
    }
  };
  image.symtab_offset = out.size();
  symbol(0, 0, 0, 0, 0);
  symbol(1, kElfTextAddress, 0x20, 0x12, kText);   // main.main, GLOBAL FUNC
  symbol(11, kElfDataAddress, 0x10, 0x11, kData);  // runtime.buildVersion, GLOBAL OBJECT
  symbol(32, 0, 0, 0x04, 0xfff1);                  // hello.go, FILE
  symbol(0, kElfTextAddress, 0, 0x03, kText);      // SECTION
  symbol(41, 0, 0, 0x12, 0);                       // puts, undefined
  symbol(0, kElfDataAddress + 4, 4, 0x11, kData);  // no name
  size_t symtab_size = out.size() - image.symtab_offset;
  size_t strtab_offset = out.size();
  out.Text(strtab);
  size_t shstrtab_offset = out.size();
  std::string shstrtab = std::string("\0.text\0.data\0.bss\0.symtab\0.strtab\0.shstrtab\0", 44);
  out.Text(shstrtab);
  out.Align(8);
  image.shoff = out.size();

  auto section = [&](uint32_t name, uint32_t type, uint64_t flags, uint64_t address,
                     uint64_t offset, uint64_t size, uint32_t link, uint32_t info,
                     uint64_t entsize) {
    out.U32(name);
    out.U32(type);
    out.Uint(flags, w);
    out.Uint(address, w);
    out.Uint(offset, w);
    out.Uint(size, w);
    out.U32(link);
    out.U32(info);
    out.Uint(8, w);
    out.Uint(entsize, w);
  };
  section(0, 0, 0, 0, 0, 0, 0, 0, 0);
  section(1, 1, 6, kElfTextAddress, 0x100, 0x20, 0, 0, 0);
  section(7, 1, 3, kElfDataAddress, 0x120, 0x20, 0, 0, 0);
  section(13, 8, 3, kElfDataAddress + 0x20, 0x140, 0x100, 0, 0, 0);
  section(18, 2, 0, 0, image.symtab_offset, symtab_size, kStrtab, 1, image.symbol_size);
  section(26, 3, 0, 0, strtab_offset, strtab.size(), 0, 0, 0);
  section(34, 3, 0, 0, shstrtab_offset, shstrtab.size(), 0, 0, 0);
  image.bytes = std::move(out.data());
  image.Set(image.ShOffField(), image.shoff, w);
  return image;
}

struct PeImage {
  std::vector<uint8_t> bytes;
  bool is64 = true;
  uint64_t image_base = 0;
  static constexpr size_t kLfanew = 0x80;
  static constexpr size_t kCoff = kLfanew + 4;
  static constexpr size_t kOptional = kCoff + 20;
  static constexpr size_t kSymbols = 0xa00;
  size_t section_table = 0;
  size_t strings = 0;
  size_t Section(size_t index) const { return section_table + index * 40; }
  size_t Symbol(size_t index) const { return kSymbols + index * 18; }
  void Set(size_t at, uint64_t value, unsigned width) {
    Put(bytes, at, value, width, Endian::kLittle);
  }
};

// .text, .data (VirtualSize larger than the raw data), a long-named section and .bss; COFF
// symbols with a long name, an inline name, an auxiliary record, undefined and absolute ones.
PeImage MakePe(bool is64) {
  PeImage image;
  image.is64 = is64;
  image.image_base = is64 ? 0x140000000 : 0x400000;
  Writer out(Endian::kLittle);
  out.Text("MZ");
  out.PadTo(0x3c);
  out.U32(PeImage::kLfanew);
  out.PadTo(PeImage::kLfanew);
  out.Text(std::string_view("PE\0\0", 4));
  size_t optional_size = is64 ? 240 : 224;
  out.U16(is64 ? 0x8664 : 0x14c);
  out.U16(4);
  out.U32(0);
  out.U32(PeImage::kSymbols);
  out.U32(6);
  out.U16(optional_size);
  out.U16(0x22);
  out.U16(is64 ? 0x20b : 0x10b);
  out.PadTo(PeImage::kOptional + (is64 ? 24 : 28));
  if (is64) {
    out.U64(image.image_base);
  } else {
    out.U32(image.image_base);
  }
  out.PadTo(PeImage::kOptional + optional_size);
  image.section_table = out.size();
  auto section = [&](std::string_view name, uint32_t virtual_size, uint32_t address,
                     uint32_t raw_size, uint32_t raw_offset, uint32_t characteristics) {
    out.Fixed(name, 8);
    out.U32(virtual_size);
    out.U32(address);
    out.U32(raw_size);
    out.U32(raw_offset);
    out.U32(0);
    out.U32(0);
    out.U16(0);
    out.U16(0);
    out.U32(characteristics);
  };
  section(".text", 0x20, 0x1000, 0x200, 0x400, 0x60000020);
  section(".data", 0x300, 0x2000, 0x200, 0x600, 0xc0000040);
  section("/4", 0x10, 0x3000, 0x200, 0x800, 0x42000040);
  section(".bss", 0x100, 0x4000, 0, 0, 0xc0000080);
  out.PadTo(0x400);
  out.Pattern(0x200, 0x10);
  out.Pattern(0x200, 0x80);
  out.Text(kBuildInfoMagic);
  out.PadTo(PeImage::kSymbols);
  // String table offsets: ".zdebug_long_name" 4, "runtime.buildVersion" 22, "main.main" 43.
  auto symbol = [&](std::string_view inline_name, uint32_t string_offset, uint32_t value,
                    uint16_t section_number, uint8_t storage_class, uint8_t aux) {
    if (inline_name.empty()) {
      out.U32(0);
      out.U32(string_offset);
    } else {
      out.Fixed(inline_name, 8);
    }
    out.U32(value);
    out.U16(section_number);
    out.U16(0);
    out.U8(storage_class);
    out.U8(aux);
  };
  symbol("", 22, 0x10, 2, 2, 0);      // runtime.buildVersion
  symbol("", 43, 0x4, 1, 2, 1);       // main.main, with one auxiliary record
  out.Fixed("AUXNAME", 18);           // the auxiliary record
  symbol("short", 0, 0, 2, 3, 0);     // inline name
  symbol("ext", 0, 0, 0, 2, 0);       // undefined
  symbol("abs", 0, 7, 0xffff, 2, 0);  // absolute
  image.strings = out.size();
  std::string strings = std::string(".zdebug_long_name\0runtime.buildVersion\0main.main\0", 49);
  out.U32(4 + strings.size());
  out.Text(strings);
  image.bytes = std::move(out.data());
  return image;
}

struct MachOImage {
  std::vector<uint8_t> bytes;
  bool is64 = true;
  Endian endian = Endian::kLittle;
  size_t pagezero_command = 0;
  size_t text_command = 0;
  size_t data_command = 0;
  size_t symtab_command = 0;
  size_t first_data_section = 0;  // offset of the __go_buildinfo section_64 / section entry
  size_t symbols = 0;
  size_t strings = 0;
  size_t symbol_size = 0;
  void Set(size_t at, uint64_t value, unsigned width) { Put(bytes, at, value, width, endian); }
  // Offsets inside a segment command.
  size_t FileOffsetField(size_t command) const { return command + (is64 ? 40 : 32); }
  size_t FileSizeField(size_t command) const { return command + (is64 ? 48 : 36); }
  size_t NsectsField(size_t command) const { return command + (is64 ? 64 : 48); }
  size_t SectionOffsetField(size_t section) const { return section + (is64 ? 48 : 40); }
};

constexpr uint64_t kMachOTextAddress = 0x1300;
constexpr uint64_t kMachODataAddress = 0x2000;

// __PAGEZERO, __TEXT (__text), __DATA (__go_buildinfo, zerofill __bss), __LINKEDIT, LC_SYMTAB.
MachOImage MakeMachO(bool is64, Endian endian, uint32_t cpu_type) {
  MachOImage image;
  image.is64 = is64;
  image.endian = endian;
  unsigned w = is64 ? 8 : 4;
  size_t segment_size = is64 ? 72 : 56;
  size_t section_size = is64 ? 80 : 68;
  image.symbol_size = is64 ? 16 : 12;
  Writer out(endian);
  out.U32(is64 ? 0xfeedfacf : 0xfeedface);
  out.U32(cpu_type);
  out.U32(3);
  out.U32(2);  // MH_EXECUTE
  out.U32(5);
  out.U32(0);  // sizeofcmds, patched below
  out.U32(0);
  if (is64) out.U32(0);
  size_t commands_start = out.size();

  auto segment = [&](std::string_view name, uint64_t address, uint64_t memory_size,
                     uint64_t file_offset, uint64_t file_size, uint32_t maxprot, uint32_t initprot,
                     uint32_t nsects) {
    size_t start = out.size();
    out.U32(is64 ? 0x19 : 0x1);
    out.U32(segment_size + nsects * section_size);
    out.Fixed(name, 16);
    out.Uint(address, w);
    out.Uint(memory_size, w);
    out.Uint(file_offset, w);
    out.Uint(file_size, w);
    out.U32(maxprot);
    out.U32(initprot);
    out.U32(nsects);
    out.U32(0);
    return start;
  };
  auto section = [&](std::string_view name, std::string_view segname, uint64_t address,
                     uint64_t size, uint32_t offset, uint32_t flags) {
    size_t start = out.size();
    out.Fixed(name, 16);
    out.Fixed(segname, 16);
    out.Uint(address, w);
    out.Uint(size, w);
    out.U32(offset);
    out.U32(4);
    out.U32(0);
    out.U32(0);
    out.U32(flags);
    out.U32(0);
    out.U32(0);
    if (is64) out.U32(0);
    return start;
  };
  image.pagezero_command = segment("__PAGEZERO", 0, 0x1000, 0, 0, 0, 0, 0);
  image.text_command = segment("__TEXT", 0x1000, 0x1000, 0, 0x400, 7, 5, 1);
  section("__text", "__TEXT", kMachOTextAddress, 0x20, 0x300, 0x80000400);
  image.data_command = segment("__DATA", kMachODataAddress, 0x1000, 0x400, 0x100, 3, 3, 2);
  image.first_data_section = section("__go_buildinfo", "__DATA", kMachODataAddress, 0x20, 0x400, 0);
  section("__bss", "__DATA", kMachODataAddress + 0x100, 0x80, 0, 1);
  size_t linkedit = segment("__LINKEDIT", 0x3000, 0x1000, 0x500, 0, 1, 1, 0);
  image.symtab_command = out.size();
  out.U32(0x2);
  out.U32(24);
  out.U32(0x500);
  out.U32(5);
  out.U32(0x500 + 5 * image.symbol_size);
  out.U32(0);  // strsize, patched below
  Put(out.data(), 20, out.size() - commands_start, 4, endian);

  out.PadTo(0x300);
  out.Pattern(0x20, 0x10);
  out.PadTo(0x400);
  out.Text(kBuildInfoMagic);
  out.Pattern(0x20 - kBuildInfoMagic.size(), 0x80);
  out.PadTo(0x500);
  image.symbols = out.size();
  // String offsets: " " 0, "_main.main" 2, "_runtime.buildVersion" 13, "_stab.fn" 35,
  // "_puts" 44, "_c_func" 50.
  std::string strings =
      std::string(" \0_main.main\0_runtime.buildVersion\0_stab.fn\0_puts\0_c_func\0", 58);
  auto nlist = [&](uint32_t name, uint8_t type, uint8_t sect, uint64_t value) {
    out.U32(name);
    out.U8(type);
    out.U8(sect);
    out.U16(0);
    out.Uint(value, w);
  };
  nlist(2, 0x0f, 1, kMachOTextAddress);   // N_SECT | N_EXT
  nlist(13, 0x0f, 2, kMachODataAddress);  // N_SECT | N_EXT
  nlist(35, 0x24, 1, kMachOTextAddress);  // N_FUN stab
  nlist(44, 0x01, 0, 0);                  // N_UNDF | N_EXT
  nlist(50, 0x0f, 1, kMachOTextAddress + 0x10);
  image.strings = out.size();
  out.Text(strings);
  image.bytes = std::move(out.data());
  image.Set(image.symtab_command + 20, strings.size(), 4);
  image.Set(linkedit + (is64 ? 48 : 36), image.bytes.size() - 0x500, w);
  return image;
}

// A universal binary holding `slices`, each aligned to 0x100. Returns the slice offsets too.
std::vector<uint8_t> MakeFat(const std::vector<std::vector<uint8_t>>& slices,
                             const std::vector<uint32_t>& cpu_types, bool is64,
                             std::vector<uint64_t>* offsets = nullptr) {
  Writer out(Endian::kBig);
  out.U32(is64 ? 0xcafebabf : 0xcafebabe);
  out.U32(slices.size());
  size_t entry_size = is64 ? 32 : 20;
  size_t offset = (8 + slices.size() * entry_size + 0xff) / 0x100 * 0x100;
  std::vector<uint64_t> slice_offsets;
  for (size_t i = 0; i < slices.size(); ++i) {
    slice_offsets.push_back(offset);
    out.U32(cpu_types[i]);
    out.U32(3);
    if (is64) {
      out.U64(offset);
      out.U64(slices[i].size());
      out.U32(8);
      out.U32(0);
    } else {
      out.U32(offset);
      out.U32(slices[i].size());
      out.U32(8);
    }
    offset = (offset + slices[i].size() + 0xff) / 0x100 * 0x100;
  }
  for (size_t i = 0; i < slices.size(); ++i) {
    out.PadTo(slice_offsets[i]);
    out.Text(AsChars(AsBytes(slices[i])));
  }
  if (offsets != nullptr) *offsets = slice_offsets;
  return std::move(out.data());
}

// ---------------------------------------------------------------------------------------------
// Format detection.

TEST(ExecutableTest, FormatNames) {
  EXPECT_EQ(FormatName(Format::kElf), "elf");
  EXPECT_EQ(FormatName(Format::kPe), "pe");
  EXPECT_EQ(FormatName(Format::kMachO), "macho");
}

TEST(ExecutableTest, HasExecutableMagic) {
  auto magic = [](std::vector<uint8_t> bytes) { return HasExecutableMagic(AsBytes(bytes)); };
  EXPECT_TRUE(magic({0x7f, 'E', 'L', 'F'}));
  EXPECT_TRUE(magic({'M', 'Z', 0x90, 0}));
  EXPECT_TRUE(magic({0xcf, 0xfa, 0xed, 0xfe}));
  EXPECT_TRUE(magic({0xfe, 0xed, 0xfa, 0xce}));
  EXPECT_TRUE(magic({0xce, 0xfa, 0xed, 0xfe}));
  EXPECT_TRUE(magic({0xfe, 0xed, 0xfa, 0xcf}));
  EXPECT_TRUE(magic({0xca, 0xfe, 0xba, 0xbe}));
  EXPECT_TRUE(magic({0xca, 0xfe, 0xba, 0xbf}));
  EXPECT_FALSE(magic({0x7f, 'E', 'L'}));
  EXPECT_FALSE(magic({}));
  EXPECT_FALSE(magic({'#', '!', '/', 'b'}));
  EXPECT_FALSE(magic({0xbe, 0xba, 0xfe, 0xca}));
}

TEST(ExecutableTest, UnknownFormatsAreUnsupported) {
  for (std::string_view text : {"", "ab", "#!/bin/sh\necho hi\n",
                                "\x7f"
                                "EL"}) {
    std::vector<uint8_t> data(text.begin(), text.end());
    EXPECT_ERROR(ParseExecutable(AsBytes(data)), ErrorCode::kUnsupported, "not an ELF");
  }
}

// ---------------------------------------------------------------------------------------------
// ELF.

struct LayoutParam {
  bool is64;
  Endian endian;
};
constexpr LayoutParam kLayouts[] = {
    {true, Endian::kLittle}, {true, Endian::kBig}, {false, Endian::kLittle}, {false, Endian::kBig}};
std::string LayoutName(const ::testing::TestParamInfo<LayoutParam>& param_info) {
  return fmt::format("{}bit_{}", param_info.param.is64 ? 64 : 32,
                     param_info.param.endian == Endian::kLittle ? "little" : "big");
}
void PrintTo(const LayoutParam& layout, std::ostream* os) {
  *os << (layout.is64 ? "64-bit " : "32-bit ")
      << (layout.endian == Endian::kLittle ? "little endian" : "big endian");
}

class ElfLayoutTest : public ::testing::TestWithParam<LayoutParam> {};

TEST_P(ElfLayoutTest, ParsesSyntheticImage) {
  auto [is64, endian] = GetParam();
  ElfImage image = MakeElf(is64, endian);
  auto parsed = ParseExecutable(AsBytes(image.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->size(), 1u);
  const Executable& elf = (*parsed)[0];
  EXPECT_EQ(elf.format(), Format::kElf);
  EXPECT_EQ(elf.architecture(), "amd64");
  EXPECT_EQ(elf.endian(), endian);
  EXPECT_EQ(elf.pointer_size(), is64 ? 8u : 4u);
  EXPECT_EQ(elf.slice_offset(), 0u);
  EXPECT_EQ(elf.image_base(), 0u);
  EXPECT_EQ(elf.bytes().data(), image.bytes.data());

  ASSERT_EQ(elf.sections().size(), size_t{kCount});
  EXPECT_EQ(elf.sections()[kNull].name, "");
  EXPECT_FALSE(elf.sections()[kNull].allocated);
  const Section* text = elf.FindSection(".text");
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(text->address, kElfTextAddress);
  EXPECT_EQ(text->file_offset, 0x100u);
  EXPECT_EQ(text->size, 0x20u);
  EXPECT_EQ(text->file_size, 0x20u);
  EXPECT_TRUE(text->allocated);
  EXPECT_TRUE(text->executable);
  EXPECT_FALSE(text->writable);
  EXPECT_EQ(text->segment, "");
  const Section* bss = elf.FindSection(".bss");
  ASSERT_NE(bss, nullptr);
  EXPECT_EQ(bss->size, 0x100u);
  EXPECT_EQ(bss->file_size, 0u);
  EXPECT_TRUE(bss->writable);
  const Section* symtab = elf.FindSection(".symtab");
  ASSERT_NE(symtab, nullptr);
  EXPECT_FALSE(symtab->allocated);
  EXPECT_EQ(elf.FindSection(".nothere"), nullptr);

  ASSERT_EQ(elf.segments().size(), 2u);
  const Segment& code = elf.segments()[0];
  EXPECT_EQ(code.address, kElfTextAddress - 0x100);
  EXPECT_EQ(code.file_size, 0x120u);
  EXPECT_TRUE(code.loadable && code.readable && code.executable && !code.writable);
  const Segment& data = elf.segments()[1];
  EXPECT_EQ(data.memory_size, 0x120u);
  EXPECT_TRUE(data.readable && data.writable && !data.executable);
  EXPECT_EQ(data.max_protection, 0u);

  // Through the segments: the ELF header is mapped too, reads stop at the end of the file
  // bytes, and .bss (memory without file bytes) is not backed.
  EXPECT_EQ(ReadString(elf, kElfTextAddress - 0x100, 4),
            "\x7f"
            "ELF");
  auto text_bytes = elf.ReadAt(kElfTextAddress + 2, 4);
  ASSERT_TRUE(text_bytes);
  EXPECT_THAT(std::vector<uint8_t>(text_bytes->begin(), text_bytes->end()),
              ElementsAre(0x12, 0x13, 0x14, 0x15));
  auto tail = elf.ReadAt(kElfDataAddress + 0x18, 100);
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->size(), 8u);
  EXPECT_EQ(tail->data(), image.bytes.data() + 0x138);
  EXPECT_FALSE(elf.ReadAt(kElfDataAddress + 0x20, 1));
  EXPECT_FALSE(elf.ReadAt(0, 1));
  EXPECT_FALSE(elf.ReadAt(~uint64_t{0}, 16));
  auto empty = elf.ReadAt(kElfDataAddress, 0);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());

  EXPECT_TRUE(elf.has_symbols());
  std::vector<std::string> names;
  ASSERT_TRUE(elf.ForEachSymbol([&](const Symbol& symbol) {
    names.emplace_back(symbol.name);
    return true;
  }));
  EXPECT_THAT(names, ElementsAre("main.main", "runtime.buildVersion"));
  auto symbols = CollectSymbols(elf);
  EXPECT_EQ(symbols["main.main"].address, kElfTextAddress);
  EXPECT_EQ(symbols["main.main"].size, 0x20u);
  EXPECT_EQ(symbols["runtime.buildVersion"].address, kElfDataAddress);
  EXPECT_EQ(symbols["runtime.buildVersion"].size, 0x10u);
  // Names are views into the file.
  const char* file_start = reinterpret_cast<const char*>(image.bytes.data());
  EXPECT_GT(symbols["main.main"].name.data(), file_start);
  EXPECT_LT(symbols["main.main"].name.data(), file_start + image.bytes.size());

  int calls = 0;
  ASSERT_TRUE(elf.ForEachSymbol([&](const Symbol&) { return ++calls < 1; }));
  EXPECT_EQ(calls, 1);
}

INSTANTIATE_TEST_SUITE_P(AllLayouts, ElfLayoutTest, ::testing::ValuesIn(kLayouts), LayoutName);

TEST(ElfTest, ArchitectureNames) {
  struct Case {
    uint16_t machine;
    bool is64;
    Endian endian;
    std::string_view expected;
  };
  for (const Case& c : std::vector<Case>{{3, false, Endian::kLittle, "386"},
                                         {62, true, Endian::kLittle, "amd64"},
                                         {183, true, Endian::kLittle, "arm64"},
                                         {40, false, Endian::kLittle, "arm"},
                                         {22, true, Endian::kBig, "s390x"},
                                         {21, true, Endian::kBig, "ppc64"},
                                         {21, true, Endian::kLittle, "ppc64le"},
                                         {8, false, Endian::kBig, "mips"},
                                         {8, false, Endian::kLittle, "mipsle"},
                                         {8, true, Endian::kBig, "mips64"},
                                         {8, true, Endian::kLittle, "mips64le"},
                                         {243, true, Endian::kLittle, "riscv64"},
                                         {258, true, Endian::kLittle, "loong64"},
                                         {0x1234, true, Endian::kLittle, "unknown-0x1234"}}) {
    ElfImage image = MakeElf(c.is64, c.endian);
    image.Set(18, c.machine, 2);
    auto parsed = ParseExecutable(AsBytes(image.bytes));
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    EXPECT_EQ((*parsed)[0].architecture(), c.expected) << c.machine;
  }
}

TEST(ElfTest, ExtendedSectionNumbering) {
  ElfImage image = MakeElf(true, Endian::kLittle);
  image.Set(image.ShNumField(), 0, 2);
  image.Set(image.ShStrNdxField(), 0xffff, 2);
  image.Set(image.PhNumField(), 0xffff, 2);
  image.Set(image.ShSizeField(0), kCount, 8);
  image.Set(image.ShLinkField(0), kShstrtab, 4);
  image.Set(image.ShInfoField(0), 2, 4);
  auto parsed = ParseExecutable(AsBytes(image.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const Executable& elf = (*parsed)[0];
  ASSERT_EQ(elf.sections().size(), size_t{kCount});
  EXPECT_EQ(elf.sections()[kNull].size, 0u);
  EXPECT_EQ(elf.sections()[kShstrtab].name, ".shstrtab");
  EXPECT_EQ(elf.segments().size(), 2u);

  image.Set(image.ShSizeField(0), uint64_t{1} << 40, 8);
  EXPECT_ERROR(ParseExecutable(AsBytes(image.bytes)), ErrorCode::kLimitExceeded,
               "section headers (limit 65535)");
  image.Set(image.ShSizeField(0), 60000, 8);
  EXPECT_ERROR(ParseExecutable(AsBytes(image.bytes)), ErrorCode::kInvalidInput,
               "section header table");
}

TEST(ElfTest, NoProgramHeadersReadsThroughAllocatedSections) {
  ElfImage image = MakeElf(true, Endian::kBig);
  image.Set(image.PhNumField(), 0, 2);
  auto parsed = ParseExecutable(AsBytes(image.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const Executable& elf = (*parsed)[0];
  EXPECT_TRUE(elf.segments().empty());
  auto data = elf.ReadAt(kElfDataAddress + 1, 0x40);
  ASSERT_TRUE(data);
  EXPECT_EQ(data->size(), 0x1fu);
  EXPECT_EQ(data->data(), image.bytes.data() + 0x121);
  EXPECT_FALSE(elf.ReadAt(kElfTextAddress - 0x100, 4));  // the header is in no section
  EXPECT_FALSE(elf.ReadAt(kElfDataAddress + 0x20, 4));   // .bss
}

TEST(ElfTest, NoLoadSegmentsReadsThroughAllocatedSections) {
  ElfImage image = MakeElf(false, Endian::kLittle);
  image.Set(52, 4, 4);       // PT_NOTE
  image.Set(52 + 32, 4, 4);  // PT_NOTE
  auto parsed = ParseExecutable(AsBytes(image.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const Executable& elf = (*parsed)[0];
  ASSERT_EQ(elf.segments().size(), 2u);
  EXPECT_FALSE(elf.segments()[0].loadable);
  EXPECT_EQ(ReadString(elf, kElfTextAddress, 2), "\x10\x11");
  EXPECT_FALSE(elf.ReadAt(kElfTextAddress - 0x100, 4));
}

TEST(ElfTest, NoSectionHeaders) {
  ElfImage image = MakeElf(false, Endian::kLittle);
  image.Set(image.ShOffField(), 0, 4);
  image.Set(image.ShNumField(), 0, 2);
  image.Set(image.ShStrNdxField(), 0, 2);
  auto parsed = ParseExecutable(AsBytes(image.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_TRUE((*parsed)[0].sections().empty());
  EXPECT_FALSE((*parsed)[0].has_symbols());
  int calls = 0;
  EXPECT_TRUE((*parsed)[0].ForEachSymbol([&](const Symbol&) { return ++calls > 0; }));
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(ReadString((*parsed)[0], kElfTextAddress - 0x100, 4),
            "\x7f"
            "ELF");
}

TEST(ElfTest, ZeroLengthSectionsAreFine) {
  ElfImage image = MakeElf(true, Endian::kLittle);
  image.Set(image.ShSizeField(kData), 0, 8);
  image.Set(image.ShOffsetField(kData), 0xffffffffffff0000, 8);
  auto parsed = ParseExecutable(AsBytes(image.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const Section* data = (*parsed)[0].FindSection(".data");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->size, 0u);
  EXPECT_EQ(data->file_size, 0u);
  EXPECT_TRUE((*parsed)[0].ReadAt(kElfDataAddress, 4));  // still mapped by its segment
}

TEST(ElfTest, CorruptHeaders) {
  for (bool is64 : {true, false}) {
    SCOPED_TRACE(is64 ? "ELF64" : "ELF32");
    const ElfImage pristine = MakeElf(is64, Endian::kLittle);
    unsigned w = pristine.Word();
    uint64_t size = pristine.bytes.size();
    auto mutated = [&](auto&& mutate) {
      ElfImage image = pristine;
      mutate(image);
      return ParseExecutable(AsBytes(image.bytes));
    };

    EXPECT_ERROR(mutated([](ElfImage& i) { i.bytes[4] = 3; }), ErrorCode::kInvalidInput,
                 "ELF class 3");
    EXPECT_ERROR(mutated([](ElfImage& i) { i.bytes[5] = 0; }), ErrorCode::kInvalidInput,
                 "data encoding 0");
    EXPECT_ERROR(mutated([](ElfImage& i) { i.bytes[6] = 2; }), ErrorCode::kInvalidInput,
                 "ELF version 2");
    EXPECT_ERROR(mutated([&](ElfImage& i) { i.Set(i.ShOffField(), size, w); }),
                 ErrorCode::kInvalidInput,
                 fmt::format("ELF section header table (offset 0x{:x}, 7 entries of {} bytes) "
                             "extends past end of file (size 0x{:x})",
                             size, pristine.shentsize, size));
    EXPECT_ERROR(mutated([&](ElfImage& i) { i.Set(i.ShOffField(), ~uint64_t{0}, w); }),
                 ErrorCode::kInvalidInput, "section header table");
    EXPECT_ERROR(mutated([](ElfImage& i) { i.Set(i.ShNumField(), 0xffff, 2); }),
                 ErrorCode::kInvalidInput, "65535 entries");
    EXPECT_ERROR(mutated([](ElfImage& i) { i.Set(i.ShStrNdxField(), kCount, 2); }),
                 ErrorCode::kInvalidInput, "section name table index 7 is out of range");
    EXPECT_ERROR(mutated([](ElfImage& i) { i.Set(i.ShStrNdxField(), kText, 2); }),
                 ErrorCode::kInvalidInput, "instead of SHT_STRTAB");
    EXPECT_ERROR(mutated([](ElfImage& i) { i.Set(i.Section(kData), 44, 4); }),
                 ErrorCode::kInvalidInput,
                 "section 2 name offset 0x2c is past the end of the section name table");
    EXPECT_ERROR(mutated([](ElfImage& i) { i.Set(i.Section(kData), 0xffffffff, 4); }),
                 ErrorCode::kInvalidInput, "name offset 0xffffffff");
    EXPECT_ERROR(mutated([&](ElfImage& i) {
                   // The name table's last byte is its only NUL: drop it.
                   i.Set(i.ShSizeField(kShstrtab), 43, w);
                   i.Set(i.Section(kShstrtab), 34, 4);
                 }),
                 ErrorCode::kInvalidInput, "not NUL-terminated");
    EXPECT_ERROR(mutated([&](ElfImage& i) {
                   i.Set(i.ShOffsetField(kText), is64 ? 0xfffffffffffff000 : 0xfffff000, w);
                   i.Set(i.ShSizeField(kText), 0x2000, w);
                 }),
                 ErrorCode::kInvalidInput, "ELF section 1 '.text' (offset 0xf");
    EXPECT_ERROR(mutated([&](ElfImage& i) { i.Set(i.ShSizeField(kText), size, w); }),
                 ErrorCode::kInvalidInput, "'.text'");
    EXPECT_ERROR(mutated([&](ElfImage& i) { i.Set(i.ShOffsetField(kShstrtab), size, w); }),
                 ErrorCode::kInvalidInput, "section name table (section 6");
    EXPECT_ERROR(mutated([&](ElfImage& i) { i.Set(i.PhOffField(), size - 10, w); }),
                 ErrorCode::kInvalidInput, "ELF program header table");
    EXPECT_ERROR(mutated([](ElfImage& i) { i.Set(i.PhNumField(), 0xfffe, 2); }),
                 ErrorCode::kInvalidInput, "ELF program header table");
    EXPECT_ERROR(mutated([](ElfImage& i) { i.Set(i.PhEntSizeField(), 8, 2); }),
                 ErrorCode::kInvalidInput, "program header entry size 8");
    EXPECT_ERROR(mutated([&](ElfImage& i) {
                   // p_filesz of the second PT_LOAD.
                   size_t phdr = is64 ? 64u + 56u : 52u + 32u;
                   i.Set(phdr + (is64 ? 32 : 16), size, w);
                 }),
                 ErrorCode::kInvalidInput, "ELF program header 1");
    EXPECT_ERROR(mutated([](ElfImage& i) { i.Set(i.ShLinkField(kSymtab), 99, 4); }),
                 ErrorCode::kInvalidInput, "links to string table section 99");
    EXPECT_ERROR(mutated([](ElfImage& i) { i.Set(i.ShLinkField(kSymtab), kText, 4); }),
                 ErrorCode::kInvalidInput, "symbol string table (section 1)");
    EXPECT_ERROR(mutated([&](ElfImage& i) { i.Set(i.ShOffsetField(kSymtab), size + 1, w); }),
                 ErrorCode::kInvalidInput, "'.symtab'");
    EXPECT_ERROR(mutated([&](ElfImage& i) { i.Set(i.ShOffField(), 0, w); }),
                 ErrorCode::kInvalidInput, "no section header table offset");
  }
}

TEST(ElfTest, CorruptSymbolNames) {
  ElfImage image = MakeElf(true, Endian::kBig);
  image.Set(image.symtab_offset + image.symbol_size, 0x7fffffff, 4);
  auto parsed = ParseExecutable(AsBytes(image.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_ERROR((*parsed)[0].ForEachSymbol([](const Symbol&) { return true; }),
               ErrorCode::kInvalidInput, "ELF symbol 1 name offset 0x7fffffff");

  // A name that runs to the end of the string table without a NUL.
  ElfImage unterminated = MakeElf(false, Endian::kLittle);
  unterminated.Set(unterminated.ShSizeField(kStrtab), 45, 4);  // cuts "puts\0" to "puts"
  unterminated.Set(unterminated.symtab_offset + 5 * unterminated.symbol_size + 14, kText, 2);
  parsed = ParseExecutable(AsBytes(unterminated.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_ERROR((*parsed)[0].ForEachSymbol([](const Symbol&) { return true; }),
               ErrorCode::kInvalidInput, "ELF symbol 5");
}

TEST(ElfTest, LongSymbolNamesAreCut) {
  ElfImage image = MakeElf(true, Endian::kLittle);
  size_t long_name = image.bytes.size();
  std::string name(limits::kMaxSymbolNameLength + 100, 'x');
  image.bytes.insert(image.bytes.end(), name.begin(), name.end());
  image.bytes.push_back(0);
  // Point .strtab at the long name (offset 0 would be "no name": start one byte earlier).
  image.Set(image.ShOffsetField(kStrtab), long_name - 1, 8);
  image.Set(image.ShSizeField(kStrtab), name.size() + 2, 8);
  image.Set(image.symtab_offset + image.symbol_size, 1, 4);
  auto parsed = ParseExecutable(AsBytes(image.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  std::vector<size_t> lengths;
  ASSERT_TRUE((*parsed)[0].ForEachSymbol([&](const Symbol& symbol) {
    lengths.push_back(symbol.name.size());
    return true;
  }));
  ASSERT_FALSE(lengths.empty());
  EXPECT_EQ(lengths[0], limits::kMaxSymbolNameLength);
}

// ---------------------------------------------------------------------------------------------
// PE.

class PeLayoutTest : public ::testing::TestWithParam<bool> {};

TEST_P(PeLayoutTest, ParsesSyntheticImage) {
  bool is64 = GetParam();
  PeImage image = MakePe(is64);
  auto parsed = ParseExecutable(AsBytes(image.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->size(), 1u);
  const Executable& pe = (*parsed)[0];
  EXPECT_EQ(pe.format(), Format::kPe);
  EXPECT_EQ(pe.architecture(), is64 ? "amd64" : "386");
  EXPECT_EQ(pe.pointer_size(), is64 ? 8u : 4u);
  EXPECT_EQ(pe.endian(), Endian::kLittle);
  EXPECT_EQ(pe.image_base(), image.image_base);
  EXPECT_TRUE(pe.segments().empty());

  ASSERT_EQ(pe.sections().size(), 4u);
  EXPECT_EQ(pe.sections()[2].name, ".zdebug_long_name");
  const Section* text = pe.FindSection(".text");
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(text->address, image.image_base + 0x1000);
  EXPECT_EQ(text->size, 0x20u);
  EXPECT_EQ(text->file_offset, 0x400u);
  EXPECT_EQ(text->file_size, 0x20u);
  EXPECT_TRUE(text->executable);
  EXPECT_FALSE(text->writable);
  const Section* data = pe.FindSection(".data");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->size, 0x300u);
  EXPECT_EQ(data->file_size, 0x200u);
  EXPECT_TRUE(data->writable);
  EXPECT_FALSE(data->executable);
  const Section* bss = pe.FindSection(".bss");
  ASSERT_NE(bss, nullptr);
  EXPECT_EQ(bss->file_size, 0u);

  EXPECT_EQ(ReadString(pe, image.image_base + 0x3000, 14), kBuildInfoMagic);
  auto past_raw = pe.ReadAt(image.image_base + 0x21f0, 0x40);
  ASSERT_TRUE(past_raw);
  EXPECT_EQ(past_raw->size(), 0x10u);
  EXPECT_FALSE(pe.ReadAt(image.image_base + 0x2200, 1));  // beyond the raw data
  EXPECT_FALSE(pe.ReadAt(image.image_base + 0x1020, 1));  // .text padding is not loaded
  EXPECT_FALSE(pe.ReadAt(image.image_base + 0x4000, 1));  // .bss
  EXPECT_FALSE(pe.ReadAt(0x1000, 1));                     // an RVA is not an address

  std::vector<std::string> names;
  ASSERT_TRUE(pe.ForEachSymbol([&](const Symbol& symbol) {
    names.emplace_back(symbol.name);
    return true;
  }));
  EXPECT_THAT(names, ElementsAre("runtime.buildVersion", "main.main", "short"));
  auto symbols = CollectSymbols(pe);
  EXPECT_EQ(symbols["runtime.buildVersion"].address, image.image_base + 0x2010);
  EXPECT_EQ(symbols["main.main"].address, image.image_base + 0x1004);
  EXPECT_EQ(symbols["short"].address, image.image_base + 0x2000);
  EXPECT_EQ(symbols["short"].size, 0u);
}

INSTANTIATE_TEST_SUITE_P(Pe32AndPe32Plus, PeLayoutTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& param_info) {
                           return std::string(param_info.param ? "pe32plus" : "pe32");
                         });

TEST(PeTest, MzWithoutPeHeaderIsUnsupported) {
  std::vector<uint8_t> dos = {'M', 'Z', 0x90, 0x00};
  EXPECT_ERROR(ParseExecutable(AsBytes(dos)), ErrorCode::kUnsupported, "too short");
  PeImage image = MakePe(true);
  image.Set(0x3c, image.bytes.size() - 2, 4);
  EXPECT_ERROR(ParseExecutable(AsBytes(image.bytes)), ErrorCode::kUnsupported,
               "without a PE signature");
  image.Set(0x3c, 0xffffffff, 4);
  EXPECT_ERROR(ParseExecutable(AsBytes(image.bytes)), ErrorCode::kUnsupported,
               "without a PE signature at offset 0xffffffff");
  image = MakePe(true);
  image.bytes[PeImage::kLfanew + 2] = 'X';
  EXPECT_ERROR(ParseExecutable(AsBytes(image.bytes)), ErrorCode::kUnsupported,
               "without a PE signature at offset 0x80");
}

TEST(PeTest, CorruptHeaders) {
  const PeImage pristine = MakePe(false);
  uint64_t size = pristine.bytes.size();
  auto mutated = [&](auto&& mutate) {
    PeImage image = pristine;
    mutate(image);
    return ParseExecutable(AsBytes(image.bytes));
  };
  std::vector<uint8_t> truncated_coff(pristine.bytes.begin(),
                                      pristine.bytes.begin() + PeImage::kCoff + 10);
  EXPECT_ERROR(ParseExecutable(AsBytes(truncated_coff)), ErrorCode::kInvalidInput,
               "PE COFF header");
  EXPECT_ERROR(mutated([](PeImage& i) { i.Set(PeImage::kCoff + 2, 0xffff, 2); }),
               ErrorCode::kInvalidInput, "PE section table (offset 0x178, 65535 entries of 40");
  EXPECT_ERROR(mutated([](PeImage& i) { i.Set(PeImage::kCoff + 16, 0xffff, 2); }),
               ErrorCode::kInvalidInput, "PE optional header (offset 0x98, size 0xffff)");
  EXPECT_ERROR(mutated([](PeImage& i) { i.Set(PeImage::kCoff + 16, 0, 2); }),
               ErrorCode::kInvalidInput, "optional header is missing");
  EXPECT_ERROR(mutated([](PeImage& i) { i.Set(PeImage::kCoff + 16, 16, 2); }),
               ErrorCode::kInvalidInput, "PE32 optional header too short");
  EXPECT_ERROR(mutated([](PeImage& i) { i.Set(PeImage::kOptional, 0x107, 2); }),
               ErrorCode::kInvalidInput, "magic 0x107");
  EXPECT_ERROR(mutated([&](PeImage& i) { i.Set(i.Section(1) + 20, size - 0x100, 4); }),
               ErrorCode::kInvalidInput, "PE section 1 '.data'");
  EXPECT_ERROR(mutated([&](PeImage& i) { i.Set(i.Section(1) + 20, 0xffffffff, 4); }),
               ErrorCode::kInvalidInput, "extends past end of file");
  EXPECT_ERROR(mutated([&](PeImage& i) { i.Set(i.Section(2), '/' | ('9' << 8) | ('9' << 16), 4); }),
               ErrorCode::kInvalidInput, "PE section 2 name '/99' is outside the COFF string");
  EXPECT_ERROR(mutated([&](PeImage& i) { i.Set(i.Section(2), '/' | ('x' << 8), 4); }),
               ErrorCode::kInvalidInput, "malformed long name '/x'");
  // Without the string table the long name cannot be resolved.
  EXPECT_ERROR(mutated([&](PeImage& i) { i.Set(PeImage::kCoff + 8, size, 4); }),
               ErrorCode::kInvalidInput, "outside the COFF string table (size 0x0)");
  EXPECT_ERROR(mutated([&](PeImage& i) { i.Set(i.strings, 0xffffff, 4); }),
               ErrorCode::kInvalidInput, "outside the COFF string table");
}

TEST(PeTest, LlvmBase64LongSectionName) {
  PeImage image = MakePe(true);
  const char name[] = "//AAAAAE";  // base64 for 4
  for (size_t i = 0; i < 8; ++i) image.bytes[image.Section(2) + i] = static_cast<uint8_t>(name[i]);
  auto parsed = ParseExecutable(AsBytes(image.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ((*parsed)[0].sections()[2].name, ".zdebug_long_name");
}

TEST(PeTest, CorruptSymbolTable) {
  auto symbols_of = [](const PeImage& image) -> Status {
    auto parsed = ParseExecutable(AsBytes(image.bytes));
    if (!parsed) return tl::unexpected(parsed.error());
    return (*parsed)[0].ForEachSymbol([](const Symbol&) { return true; });
  };
  PeImage image = MakePe(true);
  image.Set(image.Section(2), '.' | ('z' << 8), 4);  // an inline name, so parsing needs no strings
  image.Set(image.Section(2) + 4, 0, 4);
  ASSERT_TRUE(symbols_of(image));
  PeImage past_end = image;
  past_end.Set(PeImage::kCoff + 8, image.bytes.size() - 20, 4);
  auto parsed = ParseExecutable(AsBytes(past_end.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();  // symbols are read lazily
  EXPECT_TRUE((*parsed)[0].has_symbols());
  EXPECT_ERROR(symbols_of(past_end), ErrorCode::kInvalidInput, "PE symbol table (offset 0x");
  PeImage many = image;
  many.Set(PeImage::kCoff + 12, 0xffffffff, 4);
  EXPECT_ERROR(symbols_of(many), ErrorCode::kInvalidInput, "4294967295 entries of 18 bytes");
  PeImage bad_name = image;
  bad_name.Set(image.Symbol(0) + 4, 0x10000, 4);
  EXPECT_ERROR(symbols_of(bad_name), ErrorCode::kInvalidInput,
               "PE symbol 0 name offset 0x10000 is outside the COFF string table");
  PeImage size_field = image;
  size_field.Set(image.Symbol(0) + 4, 2, 4);
  EXPECT_ERROR(symbols_of(size_field), ErrorCode::kInvalidInput, "PE symbol 0 name offset 0x2");
  PeImage bad_section = image;
  bad_section.Set(image.Symbol(3) + 12, 9, 2);
  EXPECT_ERROR(symbols_of(bad_section), ErrorCode::kInvalidInput,
               "PE symbol 3 refers to section 9 but there are 4 sections");
  PeImage stripped = image;
  stripped.Set(PeImage::kCoff + 8, 0, 4);
  stripped.Set(PeImage::kCoff + 12, 0, 4);
  parsed = ParseExecutable(AsBytes(stripped.bytes));
  ASSERT_TRUE(parsed);
  EXPECT_FALSE((*parsed)[0].has_symbols());
  EXPECT_TRUE(CollectSymbols((*parsed)[0]).empty());
}

TEST(PeTest, ArchitectureNames) {
  for (auto [machine, expected] :
       std::vector<std::pair<uint16_t, std::string>>{{0x8664, "amd64"},
                                                     {0x14c, "386"},
                                                     {0xaa64, "arm64"},
                                                     {0x1c4, "arm"},
                                                     {0xbeef, "unknown-0xbeef"}}) {
    PeImage image = MakePe(true);
    image.Set(PeImage::kCoff, machine, 2);
    auto parsed = ParseExecutable(AsBytes(image.bytes));
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    EXPECT_EQ((*parsed)[0].architecture(), expected);
  }
}

// ---------------------------------------------------------------------------------------------
// Mach-O.

constexpr uint32_t kCpuX8664 = 0x01000007;
constexpr uint32_t kCpuArm64 = 0x0100000c;

class MachOLayoutTest : public ::testing::TestWithParam<LayoutParam> {};

TEST_P(MachOLayoutTest, ParsesSyntheticImage) {
  auto [is64, endian] = GetParam();
  MachOImage image = MakeMachO(is64, endian, is64 ? kCpuArm64 : 18);
  auto parsed = ParseExecutable(AsBytes(image.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->size(), 1u);
  const Executable& macho = (*parsed)[0];
  EXPECT_EQ(macho.format(), Format::kMachO);
  EXPECT_EQ(macho.architecture(), is64 ? "arm64" : "ppc");
  EXPECT_EQ(macho.pointer_size(), is64 ? 8u : 4u);
  EXPECT_EQ(macho.endian(), endian);
  EXPECT_EQ(macho.slice_offset(), 0u);

  ASSERT_EQ(macho.segments().size(), 4u);
  EXPECT_EQ(macho.segments()[0].name, "__PAGEZERO");
  const Segment& text_segment = macho.segments()[1];
  EXPECT_EQ(text_segment.name, "__TEXT");
  EXPECT_EQ(text_segment.max_protection, 7u);
  EXPECT_TRUE(text_segment.readable && text_segment.executable && !text_segment.writable);
  EXPECT_TRUE(text_segment.loadable);
  const Segment& data_segment = macho.segments()[2];
  EXPECT_EQ(data_segment.address, kMachODataAddress);
  EXPECT_EQ(data_segment.memory_size, 0x1000u);
  EXPECT_EQ(data_segment.file_offset, 0x400u);
  EXPECT_EQ(data_segment.file_size, 0x100u);
  EXPECT_EQ(data_segment.max_protection, 3u);
  EXPECT_TRUE(data_segment.readable && data_segment.writable && !data_segment.executable);

  ASSERT_EQ(macho.sections().size(), 3u);
  const Section* text = macho.FindSection("__text");
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(text->segment, "__TEXT");
  EXPECT_EQ(text->address, kMachOTextAddress);
  EXPECT_EQ(text->file_offset, 0x300u);
  EXPECT_EQ(text->file_size, 0x20u);
  EXPECT_TRUE(text->executable);
  EXPECT_FALSE(text->writable);
  const Section* buildinfo = macho.FindSection("__go_buildinfo");
  ASSERT_NE(buildinfo, nullptr);
  EXPECT_EQ(buildinfo->segment, "__DATA");
  EXPECT_TRUE(buildinfo->writable);
  EXPECT_FALSE(buildinfo->executable);
  const Section* bss = macho.FindSection("__bss");
  ASSERT_NE(bss, nullptr);
  EXPECT_EQ(bss->size, 0x80u);
  EXPECT_EQ(bss->file_size, 0u);

  EXPECT_EQ(ReadString(macho, kMachODataAddress, 14), kBuildInfoMagic);
  EXPECT_EQ(macho.ReadAt(kMachODataAddress, 0x1000).value_or(Bytes()).size(), 0x100u);
  EXPECT_FALSE(macho.ReadAt(kMachODataAddress + 0x100, 1));
  EXPECT_EQ(macho.ReadAt(0x1000, 4).value_or(Bytes()).data(), image.bytes.data());  // header

  std::vector<std::string> names;
  ASSERT_TRUE(macho.ForEachSymbol([&](const Symbol& symbol) {
    names.emplace_back(symbol.name);
    return true;
  }));
  EXPECT_THAT(names, ElementsAre("main.main", "runtime.buildVersion", "_c_func"));
  auto symbols = CollectSymbols(macho);
  EXPECT_EQ(symbols["main.main"].address, kMachOTextAddress);
  EXPECT_EQ(symbols["runtime.buildVersion"].address, kMachODataAddress);
  EXPECT_EQ(symbols["_c_func"].address, kMachOTextAddress + 0x10);
}

INSTANTIATE_TEST_SUITE_P(AllLayouts, MachOLayoutTest, ::testing::ValuesIn(kLayouts), LayoutName);

TEST(MachOTest, PageZeroIsNeverRead) {
  MachOImage image = MakeMachO(true, Endian::kLittle, kCpuX8664);
  image.Set(image.FileSizeField(image.pagezero_command), 0x100, 8);
  auto parsed = ParseExecutable(AsBytes(image.bytes));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ((*parsed)[0].architecture(), "amd64");
  EXPECT_EQ((*parsed)[0].segments()[0].file_size, 0x100u);
  EXPECT_FALSE((*parsed)[0].ReadAt(0x10, 4));
}

TEST(MachOTest, ArchitectureNames) {
  for (auto [cpu, expected] : std::vector<std::pair<uint32_t, std::string>>{{7, "386"},
                                                                            {kCpuX8664, "amd64"},
                                                                            {12, "arm"},
                                                                            {kCpuArm64, "arm64"},
                                                                            {18, "ppc"},
                                                                            {0x01000012, "ppc64"},
                                                                            {99, "unknown-0x63"}}) {
    MachOImage image = MakeMachO(true, Endian::kBig, cpu);
    auto parsed = ParseExecutable(AsBytes(image.bytes));
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    EXPECT_EQ((*parsed)[0].architecture(), expected);
  }
}

TEST(MachOTest, CorruptLoadCommands) {
  for (bool is64 : {true, false}) {
    SCOPED_TRACE(is64 ? "64-bit" : "32-bit");
    const MachOImage pristine = MakeMachO(is64, Endian::kLittle, kCpuX8664);
    uint64_t size = pristine.bytes.size();
    unsigned w = is64 ? 8 : 4;
    auto mutated = [&](auto&& mutate) {
      MachOImage image = pristine;
      mutate(image);
      return ParseExecutable(AsBytes(image.bytes));
    };
    EXPECT_ERROR(mutated([](MachOImage& i) { i.Set(16, 0xffffffff, 4); }),
                 ErrorCode::kLimitExceeded, "4294967295 load commands");
    EXPECT_ERROR(mutated([](MachOImage& i) { i.Set(16, 6, 4); }), ErrorCode::kInvalidInput,
                 "load command 5 at offset");
    EXPECT_ERROR(mutated([](MachOImage& i) { i.Set(20, 0xfffffff0, 4); }), ErrorCode::kInvalidInput,
                 "Mach-O load commands (offset 0x");
    EXPECT_ERROR(mutated([](MachOImage& i) { i.Set(i.text_command + 4, 0, 4); }),
                 ErrorCode::kInvalidInput, "load command 1 (cmd 0x");
    EXPECT_ERROR(mutated([](MachOImage& i) { i.Set(i.text_command + 4, 4, 4); }),
                 ErrorCode::kInvalidInput, "has size 4");
    EXPECT_ERROR(mutated([](MachOImage& i) { i.Set(i.text_command + 4, 0x10000, 4); }),
                 ErrorCode::kInvalidInput, "outside sizeofcmds");
    EXPECT_ERROR(mutated([](MachOImage& i) { i.Set(i.NsectsField(i.data_command), 3, 4); }),
                 ErrorCode::kInvalidInput, "'__DATA' lists 3 sections");
    EXPECT_ERROR(
        mutated([](MachOImage& i) { i.Set(i.NsectsField(i.data_command), 0x7fffffff, 4); }),
        ErrorCode::kInvalidInput, "lists 2147483647 sections");
    EXPECT_ERROR(mutated([](MachOImage& i) { i.Set(i.data_command + 4, 16, 4); }),
                 ErrorCode::kInvalidInput, "segment command 2 has size 16");
    EXPECT_ERROR(mutated([&](MachOImage& i) { i.Set(i.FileOffsetField(i.data_command), size, w); }),
                 ErrorCode::kInvalidInput, "segment 2 '__DATA' (offset");
    EXPECT_ERROR(
        mutated([&](MachOImage& i) { i.Set(i.FileOffsetField(i.data_command), ~uint64_t{0}, w); }),
        ErrorCode::kInvalidInput, "'__DATA'");
    EXPECT_ERROR(mutated([&](MachOImage& i) {
                   i.Set(i.SectionOffsetField(i.first_data_section), size - 4, 4);
                 }),
                 ErrorCode::kInvalidInput, "section __DATA,__go_buildinfo");
    EXPECT_ERROR(mutated([](MachOImage& i) { i.Set(i.symtab_command + 4, 16, 4); }),
                 ErrorCode::kInvalidInput, "LC_SYMTAB command 4 has size 16");
    std::vector<uint8_t> header_only(pristine.bytes.begin(), pristine.bytes.begin() + 20);
    EXPECT_ERROR(ParseExecutable(AsBytes(header_only)), ErrorCode::kInvalidInput,
                 "Mach-O header truncated");
  }
}

TEST(MachOTest, CorruptSymbolTable) {
  auto symbols_of = [](const MachOImage& image) -> Status {
    auto parsed = ParseExecutable(AsBytes(image.bytes));
    if (!parsed) return tl::unexpected(parsed.error());
    return (*parsed)[0].ForEachSymbol([](const Symbol&) { return true; });
  };
  const MachOImage image = MakeMachO(true, Endian::kBig, kCpuArm64);
  ASSERT_TRUE(symbols_of(image));
  MachOImage past_end = image;
  past_end.Set(image.symtab_command + 8, image.bytes.size(), 4);
  EXPECT_ERROR(symbols_of(past_end), ErrorCode::kInvalidInput, "Mach-O symbol table (offset");
  MachOImage many = image;
  many.Set(image.symtab_command + 12, 0x10000000, 4);
  EXPECT_ERROR(symbols_of(many), ErrorCode::kInvalidInput, "268435456 entries of 16 bytes");
  MachOImage strings_past_end = image;
  strings_past_end.Set(image.symtab_command + 20, 0x10000, 4);
  EXPECT_ERROR(symbols_of(strings_past_end), ErrorCode::kInvalidInput,
               "Mach-O symbol string table");
  MachOImage bad_name = image;
  bad_name.Set(image.symbols + 16, 0xfff, 4);
  EXPECT_ERROR(symbols_of(bad_name), ErrorCode::kInvalidInput, "Mach-O symbol 1 name offset 0xfff");
  MachOImage unterminated = image;
  unterminated.Set(image.symtab_command + 20, 57, 4);  // drops the NUL after "_c_func"
  EXPECT_ERROR(symbols_of(unterminated), ErrorCode::kInvalidInput, "Mach-O symbol 4");
}

TEST(MachOTest, Universal) {
  MachOImage amd64 = MakeMachO(true, Endian::kLittle, kCpuX8664);
  MachOImage arm = MakeMachO(false, Endian::kBig, 12);
  for (bool is64 : {false, true}) {
    std::vector<uint64_t> offsets;
    std::vector<uint8_t> fat = MakeFat({amd64.bytes, arm.bytes}, {kCpuX8664, 12}, is64, &offsets);
    auto parsed = ParseExecutable(AsBytes(fat));
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    ASSERT_EQ(parsed->size(), 2u);
    EXPECT_EQ((*parsed)[0].architecture(), "amd64");
    EXPECT_EQ((*parsed)[0].slice_offset(), offsets[0]);
    EXPECT_EQ((*parsed)[0].bytes().data(), fat.data() + offsets[0]);
    EXPECT_EQ((*parsed)[0].bytes().size(), amd64.bytes.size());
    EXPECT_EQ((*parsed)[1].architecture(), "arm");
    EXPECT_EQ((*parsed)[1].slice_offset(), offsets[1]);
    EXPECT_EQ((*parsed)[1].endian(), Endian::kBig);
    EXPECT_EQ(ReadString((*parsed)[1], kMachODataAddress, 14), kBuildInfoMagic);
    EXPECT_EQ(CollectSymbols((*parsed)[1]).count("main.main"), 1u);
  }
}

TEST(MachOTest, CorruptUniversal) {
  MachOImage thin = MakeMachO(true, Endian::kLittle, kCpuX8664);
  // Java class files share the 0xcafebabe magic; the "count" is the minor and major version.
  std::vector<uint8_t> java = {0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x34, 0x00, 0x1d};
  EXPECT_ERROR(ParseExecutable(AsBytes(java)), ErrorCode::kUnsupported, "Java class");
  std::vector<uint8_t> bogus = {0xca, 0xfe, 0xba, 0xbe, 0xff, 0xff, 0xff, 0xff};
  EXPECT_ERROR(ParseExecutable(AsBytes(bogus)), ErrorCode::kUnsupported,
               "4294967295 architectures");
  std::vector<uint8_t> bogus64 = {0xca, 0xfe, 0xba, 0xbf, 0xff, 0xff, 0xff, 0xff};
  EXPECT_ERROR(ParseExecutable(AsBytes(bogus64)), ErrorCode::kLimitExceeded, "(limit 32)");
  std::vector<uint8_t> empty = {0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0};
  EXPECT_ERROR(ParseExecutable(AsBytes(empty)), ErrorCode::kInvalidInput, "no architectures");
  std::vector<uint8_t> short_header = {0xca, 0xfe, 0xba, 0xbe, 0};
  EXPECT_ERROR(ParseExecutable(AsBytes(short_header)), ErrorCode::kInvalidInput, "truncated");

  for (bool is64 : {false, true}) {
    SCOPED_TRACE(is64 ? "fat_arch_64" : "fat_arch");
    size_t entry = is64 ? 32 : 20;
    unsigned w = is64 ? 8 : 4;
    std::vector<uint8_t> fat = MakeFat({thin.bytes}, {kCpuX8664}, is64);
    // Five slices, the table fits but they point past the end.
    std::vector<uint8_t> five = fat;
    Put(five, 4, 5, 4, Endian::kBig);
    for (size_t i = 0; i < 5; ++i) {
      Put(five, 8 + i * entry + 8, fat.size() + 0x1000 * i, w, Endian::kBig);
      Put(five, 8 + i * entry + 8 + w, 0x1000, w, Endian::kBig);
    }
    EXPECT_ERROR(ParseExecutable(AsBytes(five)), ErrorCode::kInvalidInput,
                 "universal slice 0 (offset 0x");
    std::vector<uint8_t> too_many = fat;
    Put(too_many, 4, 32, 4, Endian::kBig);
    too_many.resize(8 + entry * 2);
    EXPECT_ERROR(ParseExecutable(AsBytes(too_many)), ErrorCode::kInvalidInput,
                 "universal architecture table (offset 0x8, 32 entries");
    std::vector<uint8_t> overflow = fat;
    Put(overflow, 8 + 8, ~uint64_t{0} >> (64 - 8 * w), w, Endian::kBig);
    EXPECT_ERROR(ParseExecutable(AsBytes(overflow)), ErrorCode::kInvalidInput, "slice 0");
    std::vector<uint8_t> nested = MakeFat({fat}, {kCpuX8664}, is64);
    EXPECT_ERROR(ParseExecutable(AsBytes(nested)), ErrorCode::kInvalidInput,
                 "is itself a universal binary");
    std::vector<uint8_t> garbage = MakeFat({std::vector<uint8_t>(64, 0x41)}, {kCpuX8664}, is64);
    EXPECT_ERROR(ParseExecutable(AsBytes(garbage)), ErrorCode::kInvalidInput,
                 "universal slice 0 at offset 0x100: bad Mach-O magic");
    std::vector<uint8_t> corrupt_slice = fat;
    Put(corrupt_slice, 0x100 + 16, 0xffffffff, 4, Endian::kLittle);  // the slice's ncmds
    EXPECT_ERROR(ParseExecutable(AsBytes(corrupt_slice)), ErrorCode::kLimitExceeded,
                 "universal slice 0");
  }
}

// ---------------------------------------------------------------------------------------------
// Robustness: every truncation and many single-byte corruptions of every synthetic layout.

std::vector<std::pair<std::string, std::vector<uint8_t>>> SyntheticImages() {
  std::vector<std::pair<std::string, std::vector<uint8_t>>> images;
  for (bool is64 : {false, true}) {
    for (Endian endian : {Endian::kLittle, Endian::kBig}) {
      std::string suffix =
          fmt::format("{}-{}", is64 ? 64 : 32, endian == Endian::kLittle ? "le" : "be");
      images.emplace_back("elf" + suffix, MakeElf(is64, endian).bytes);
      images.emplace_back("macho" + suffix, MakeMachO(is64, endian, kCpuX8664).bytes);
    }
    images.emplace_back(is64 ? "pe32+" : "pe32", MakePe(is64).bytes);
  }
  MachOImage a = MakeMachO(true, Endian::kLittle, kCpuX8664);
  MachOImage b = MakeMachO(false, Endian::kBig, 12);
  images.emplace_back("fat", MakeFat({a.bytes, b.bytes}, {kCpuX8664, 12}, false));
  images.emplace_back("fat64", MakeFat({a.bytes, b.bytes}, {kCpuX8664, 12}, true));
  return images;
}

TEST(RobustnessTest, EveryTruncationOfSyntheticImagesFails) {
  for (const auto& [name, bytes] : SyntheticImages()) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(ParsesCompletely(AsBytes(bytes)));
    for (size_t length = 0; length < bytes.size(); ++length) {
      // A copy, so that the sanitizers see reads past the end.
      std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<long>(length));
      EXPECT_FALSE(ParsesCompletely(AsBytes(prefix))) << "length " << length;
    }
  }
}

TEST(RobustnessTest, SingleByteCorruptionsNeverCrash) {
  for (const auto& [name, bytes] : SyntheticImages()) {
    SCOPED_TRACE(name);
    std::vector<uint8_t> copy = bytes;
    size_t limit = std::min<size_t>(copy.size(), 0x600);
    for (size_t i = 0; i < limit; ++i) {
      uint8_t original = copy[i];
      for (uint8_t value : {uint8_t{0}, uint8_t{0xff}, static_cast<uint8_t>(original + 1)}) {
        copy[i] = value;
        ParsesCompletely(AsBytes(copy));
      }
      copy[i] = original;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Small executables linked at build time by clang and lld from testdata/small.c
// (testdata/make_small_binaries.sh, run by CMakeLists.txt):
// other linkers than Go's, and facts checked against llvm-objdump -h and llvm-nm.

struct SmallCase {
  const char* file;
  size_t slice;
  Format format;
  const char* architecture;
  unsigned pointer_size;
  Endian endian;
  uint64_t slice_offset;
  const char* data_section;
  uint64_t data_address;
  uint64_t start_address;
  const char* symbol_prefix;  // C symbols of PE i386 and Mach-O keep their leading '_'
};

// Test names in ctest show the file, not the struct's bytes.
void PrintTo(const SmallCase& c, std::ostream* os) { *os << c.file << " slice " << c.slice; }

class SmallBinaryTest : public ::testing::TestWithParam<SmallCase> {};

TEST_P(SmallBinaryTest, MatchesLlvmTools) {
  const SmallCase& c = GetParam();
  std::vector<uint8_t> bytes = ReadFile(fs::path(SCRY_SMALL_BINARIES_DIR) / c.file);
  ASSERT_FALSE(bytes.empty()) << c.file;
  EXPECT_TRUE(HasExecutableMagic(AsBytes(bytes)));
  std::vector<Executable> parsed = ParseOk(bytes);
  ASSERT_GT(parsed.size(), c.slice);
  const Executable& executable = parsed[c.slice];
  EXPECT_EQ(executable.format(), c.format);
  EXPECT_EQ(executable.architecture(), c.architecture);
  EXPECT_EQ(executable.pointer_size(), c.pointer_size);
  EXPECT_EQ(executable.endian(), c.endian);
  EXPECT_EQ(executable.slice_offset(), c.slice_offset);
  const Section* data = executable.FindSection(c.data_section);
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->address, c.data_address);
  EXPECT_TRUE(data->writable);
  EXPECT_FALSE(data->executable);

  auto symbols = CollectSymbols(executable);
  std::string prefix = c.symbol_prefix;
  ASSERT_EQ(symbols.count(prefix + "start"), 1u);
  ASSERT_EQ(symbols.count(prefix + "counter"), 1u);
  ASSERT_EQ(symbols.count(prefix + "version"), 1u);
  EXPECT_EQ(symbols[prefix + "start"].address, c.start_address);
  EXPECT_EQ(symbols[prefix + "counter"].address, c.data_address);
  EXPECT_EQ(ReadString(executable, c.data_address, 4),
            c.endian == Endian::kLittle ? std::string("\1\0\0\0", 4) : std::string("\0\0\0\1", 4));
  // `version` points at "go1.19.8" in read-only data.
  auto pointer = executable.ReadAt(symbols[prefix + "version"].address, c.pointer_size);
  ASSERT_TRUE(pointer);
  ASSERT_EQ(pointer->size(), c.pointer_size);
  uint64_t target = DecodeUint(pointer->data(), c.pointer_size, c.endian);
  EXPECT_EQ(ReadString(executable, target, 9), std::string("go1.19.8\0", 9));
}

INSTANTIATE_TEST_SUITE_P(
    Files, SmallBinaryTest,
    ::testing::Values(SmallCase{"elf32-i386", 0, Format::kElf, "386", 4, Endian::kLittle, 0,
                                ".data", 0x40213c, 0x401120, ""},
                      SmallCase{"elf64-ppc64be", 0, Format::kElf, "ppc64", 8, Endian::kBig, 0,
                                ".data", 0x10030258, 0x10030240, ""},
                      SmallCase{"pe32-i386.exe", 0, Format::kPe, "386", 4, Endian::kLittle, 0,
                                ".data", 0x403000, 0x401000, "_"},
                      SmallCase{"pe32plus-amd64.exe", 0, Format::kPe, "amd64", 8, Endian::kLittle,
                                0, ".data", 0x140003000, 0x140001000, ""},
                      SmallCase{"macho-universal", 0, Format::kMachO, "amd64", 8, Endian::kLittle,
                                0x1000, "__data", 0x100002000, 0x100000420, "_"},
                      SmallCase{"macho-universal", 1, Format::kMachO, "arm64", 8, Endian::kLittle,
                                0x8000, "__data", 0x100004000, 0x1000003d8, "_"}),
    [](const ::testing::TestParamInfo<SmallCase>& param_info) {
      std::string name = fmt::format("{}_{}", param_info.param.file, param_info.param.slice);
      for (char& c : name) {
        if (c == '-' || c == '.') c = '_';
      }
      return name;
    });

TEST(SmallBinaryTest, SectionsMatchLlvmObjdump) {
  std::vector<uint8_t> bytes = ReadFile(fs::path(SCRY_SMALL_BINARIES_DIR) / "pe32-i386.exe");
  std::vector<Executable> parsed = ParseOk(bytes);
  ASSERT_EQ(parsed.size(), 1u);
  std::vector<std::string> names;
  for (const Section& section : parsed[0].sections()) names.push_back(section.name);
  EXPECT_THAT(names, ElementsAre(".text", ".rdata", ".data", ".reloc"));
  EXPECT_EQ(parsed[0].image_base(), 0x400000u);
  EXPECT_EQ(parsed[0].sections()[3].file_size, 0x18u);

  bytes = ReadFile(fs::path(SCRY_SMALL_BINARIES_DIR) / "elf64-ppc64be");
  parsed = ParseOk(bytes);
  ASSERT_EQ(parsed.size(), 1u);
  names.clear();
  for (const Section& section : parsed[0].sections()) names.push_back(section.name);
  EXPECT_THAT(names, ElementsAre("", ".rodata", ".eh_frame", ".text", ".got", ".opd", ".data",
                                 ".branch_lt", ".comment", ".symtab", ".shstrtab", ".strtab"));
  EXPECT_EQ(parsed[0].FindSection(".text")->address, 0x1001020cu);
  EXPECT_EQ(parsed[0].FindSection(".text")->size, 0x2cu);
}

// ---------------------------------------------------------------------------------------------
// Real binaries: the Go toolchain, and tools/make-go-fixtures' Go fixtures (its deps program
// cross-compiled by the Go found on the machine; see tests/support/go_fixtures.hpp).

struct ReferenceSection {
  std::string name;
  uint64_t address = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  bool nobits = false;
  std::string flags;
};

// Sections as `readelf -SW` lists them.
std::vector<ReferenceSection> ReadelfSections(const fs::path& path) {
  std::vector<ReferenceSection> sections;
  std::istringstream lines(Capture("readelf -SW " + ShellQuote(path.string())));
  std::string line;
  while (std::getline(lines, line)) {
    size_t open = line.find('[');
    size_t close = line.find(']');
    if (open == std::string::npos || close == std::string::npos || open > 4) continue;
    if (line.find("Nr]") != std::string::npos) continue;
    std::istringstream fields(line.substr(close + 1));
    ReferenceSection section;
    std::string type;
    if (line.find("NULL") != std::string::npos && sections.empty()) {
      fields >> type;
    } else {
      fields >> section.name >> type;
    }
    std::string address, offset, size, entsize, flags;
    fields >> address >> offset >> size >> entsize >> flags;
    section.address = std::stoull(address, nullptr, 16);
    section.offset = std::stoull(offset, nullptr, 16);
    section.size = std::stoull(size, nullptr, 16);
    section.nobits = type == "NOBITS";
    if (!flags.empty() && std::isalpha(static_cast<unsigned char>(flags[0]))) {
      section.flags = flags;
    }
    sections.push_back(section);
  }
  return sections;
}

// Sections as `llvm-objdump -h` lists them (name, size, address; no file offsets).
std::vector<ReferenceSection> ObjdumpSections(const fs::path& path) {
  std::vector<ReferenceSection> sections;
  std::istringstream lines(Capture("llvm-objdump-14 -h " + ShellQuote(path.string())));
  std::string line;
  bool in_table = false;
  while (std::getline(lines, line)) {
    if (line.rfind("Idx Name", 0) == 0) {
      in_table = true;
      continue;
    }
    if (!in_table) continue;
    std::istringstream fields(line);
    std::string index, size, address;
    ReferenceSection section;
    if (!(fields >> index >> section.name >> size >> address)) continue;
    section.size = std::stoull(size, nullptr, 16);
    section.address = std::stoull(address, nullptr, 16);
    sections.push_back(section);
  }
  return sections;
}

// Addresses of `names` according to `go tool nm`.
std::map<std::string, uint64_t> GoNm(const fs::path& path) {
  std::map<std::string, uint64_t> addresses;
  std::istringstream lines(Capture("go tool nm " + ShellQuote(path.string()) + " 2>/dev/null"));
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string address, kind, name;
    if (!(fields >> address >> kind >> name)) continue;
    if (name == "main.main" || name == "runtime.buildVersion") {
      addresses[name] = std::stoull(address, nullptr, 16);
    }
  }
  return addresses;
}

void ExpectSectionsMatchReadelf(const Executable& elf, const fs::path& path) {
  std::vector<ReferenceSection> reference = ReadelfSections(path);
  ASSERT_GT(reference.size(), 10u);
  ASSERT_EQ(elf.sections().size(), reference.size());
  for (size_t i = 0; i < reference.size(); ++i) {
    const Section& section = elf.sections()[i];
    const ReferenceSection& expected = reference[i];
    SCOPED_TRACE(expected.name);
    EXPECT_EQ(section.name, expected.name);
    EXPECT_EQ(section.address, expected.address);
    EXPECT_EQ(section.size, expected.size);
    if (i == 0) continue;
    EXPECT_EQ(section.file_offset, expected.offset);
    EXPECT_EQ(section.file_size, expected.nobits ? 0 : expected.size);
    EXPECT_EQ(section.allocated, expected.flags.find('A') != std::string::npos);
    EXPECT_EQ(section.writable, expected.flags.find('W') != std::string::npos);
    EXPECT_EQ(section.executable, expected.flags.find('X') != std::string::npos);
  }
}

void ExpectSectionsMatchObjdump(const Executable& executable, const fs::path& path) {
  std::vector<ReferenceSection> reference = ObjdumpSections(path);
  ASSERT_GT(reference.size(), 5u);
  ASSERT_EQ(executable.sections().size(), reference.size());
  for (size_t i = 0; i < reference.size(); ++i) {
    const Section& section = executable.sections()[i];
    SCOPED_TRACE(reference[i].name);
    EXPECT_EQ(section.name, reference[i].name);
    EXPECT_EQ(section.address, reference[i].address);
    // llvm-objdump shows min(VirtualSize, SizeOfRawData) for PE images.
    EXPECT_EQ(executable.format() == Format::kPe ? section.file_size : section.size,
              reference[i].size);
  }
}

// runtime.buildVersion is a Go string header {pointer, length}: reading it through ReadAt and
// then the bytes it points to checks ReadAt, the pointer size and the byte order at once.
std::string BuildVersionOf(const Executable& executable, uint64_t address) {
  unsigned width = executable.pointer_size();
  auto header = executable.ReadAt(address, 2 * width);
  if (!header || header->size() != 2 * width) return "<no string header>";
  uint64_t pointer = DecodeUint(header->data(), width, executable.endian());
  uint64_t length = DecodeUint(header->data() + width, width, executable.endian());
  return ReadString(executable, pointer, length);
}

// Checks the facts common to every unstripped Go binary: symbols found with the addresses that
// `go tool nm` reports, the version string behind runtime.buildVersion, and main.main's code
// read through ReadAt at the file offset its section implies.
void ExpectGoSymbols(const Executable& executable, const fs::path& path,
                     const std::string& go_version) {
  auto symbols = CollectSymbols(executable);
  ASSERT_EQ(symbols.count("main.main"), 1u);
  ASSERT_EQ(symbols.count("runtime.buildVersion"), 1u);
  std::map<std::string, uint64_t> reference = GoNm(path);
  if (!reference.empty()) {
    EXPECT_EQ(symbols["main.main"].address, reference["main.main"]);
    EXPECT_EQ(symbols["runtime.buildVersion"].address, reference["runtime.buildVersion"]);
  }
  EXPECT_EQ(BuildVersionOf(executable, symbols["runtime.buildVersion"].address), go_version);

  uint64_t main_address = symbols["main.main"].address;
  const Section* text = nullptr;
  for (const Section& section : executable.sections()) {
    if (section.file_size > 0 && main_address >= section.address &&
        main_address - section.address < section.file_size) {
      text = &section;
    }
  }
  ASSERT_NE(text, nullptr);
  EXPECT_TRUE(text->executable);
  auto code = executable.ReadAt(main_address, 16);
  ASSERT_TRUE(code);
  ASSERT_EQ(code->size(), 16u);
  EXPECT_EQ(code->data(),
            executable.bytes().data() + text->file_offset + (main_address - text->address));
}

void ExpectNoSymbols(const Executable& executable) {
  int calls = 0;
  Status status = executable.ForEachSymbol([&](const Symbol&) {
    ++calls;
    return true;
  });
  EXPECT_TRUE(status) << status.error().ToString();
  EXPECT_EQ(calls, 0);
}

// Debian's Go toolchain binary: ELF64 little endian, stripped of .symtab (`go tool nm` says
// "no symbols") but with its build info, which records the Go version inline (Go >= 1.18).
TEST(RealBinaryTest, GoToolchainElf64) {
  const fs::path path = "/usr/lib/go-1.19/bin/go";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is not installed";
  std::vector<uint8_t> bytes = ReadFile(path);
  std::vector<Executable> parsed = ParseOk(bytes);
  ASSERT_EQ(parsed.size(), 1u);
  const Executable& elf = parsed[0];
  EXPECT_EQ(elf.format(), Format::kElf);
  EXPECT_EQ(elf.architecture(), "amd64");
  EXPECT_EQ(elf.pointer_size(), 8u);
  EXPECT_EQ(elf.endian(), Endian::kLittle);
  EXPECT_EQ(elf.bytes().size(), bytes.size());
  ASSERT_NE(elf.FindSection(".gopclntab"), nullptr);
  const Section* buildinfo = elf.FindSection(".go.buildinfo");
  ASSERT_NE(buildinfo, nullptr);
  EXPECT_TRUE(buildinfo->writable);
  EXPECT_TRUE(buildinfo->allocated);
  if (HaveCommand("readelf")) ExpectSectionsMatchReadelf(elf, path);
  EXPECT_GE(elf.segments().size(), 3u);

  // Header: magic, pointer size, flags (2 = inline strings), padding to 32, then the version
  // as a length-prefixed string.
  auto header = elf.ReadAt(buildinfo->address, 48);
  ASSERT_TRUE(header);
  ASSERT_EQ(header->size(), 48u);
  EXPECT_EQ(AsChars(header->subspan(0, 14)), kBuildInfoMagic);
  EXPECT_EQ((*header)[14], 8);
  EXPECT_EQ((*header)[15] & 2, 2);
  uint8_t length = (*header)[32];
  ASSERT_LT(length, 15);
  EXPECT_THAT(std::string(AsChars(header->subspan(33, length))), ::testing::StartsWith("go1.19"));

  EXPECT_FALSE(elf.has_symbols());
  ExpectNoSymbols(elf);
}

struct CrossCase {
  const char* name;
  Format format;
  const char* architecture;
  unsigned pointer_size;
  Endian endian;
};

void PrintTo(const CrossCase& c, std::ostream* os) { *os << c.name; }

class GoCrossTest : public ::testing::TestWithParam<CrossCase> {};

// tools/make-go-fixtures' build of its deps program for `target` ("windows-386-stripped").
std::string CrossFixture(std::string_view target) {
  std::string path = "bin/cross/" + std::string(target);
  if (target.starts_with("windows")) path += ".exe";
  return path;
}

// The Go version of a fixture, from its build info (`go version -m`, in the manifest).
std::string GoVersionOf(const GoFixture& fixture) {
  std::string version = fixture.manifest.value("go_version", "");
  EXPECT_THAT(version, ::testing::StartsWith("go1.")) << fixture.path;
  return version;
}

TEST_P(GoCrossTest, ParsesLikeTheReferenceTools) {
  const CrossCase& c = GetParam();
  GoFixture fixture;
  ASSERT_TRUE(FindGoFixture(CrossFixture(c.name), &fixture));
  const fs::path& path = fixture.path;
  std::vector<uint8_t> bytes = ReadFile(path);
  ASSERT_GT(bytes.size(), 100000u) << path;
  std::vector<Executable> parsed = ParseOk(bytes);
  ASSERT_EQ(parsed.size(), 1u);
  const Executable& executable = parsed[0];
  EXPECT_EQ(executable.format(), c.format);
  EXPECT_EQ(executable.architecture(), c.architecture);
  EXPECT_EQ(executable.pointer_size(), c.pointer_size);
  EXPECT_EQ(executable.endian(), c.endian);
  EXPECT_TRUE(executable.has_symbols());

  switch (c.format) {
    case Format::kElf: {
      ExpectSectionsMatchReadelf(executable, path);
      const Section* buildinfo = executable.FindSection(".go.buildinfo");
      ASSERT_NE(buildinfo, nullptr);
      EXPECT_EQ(ReadString(executable, buildinfo->address, 14), kBuildInfoMagic);
      EXPECT_GE(executable.segments().size(), 3u);
      break;
    }
    case Format::kPe: {
      ExpectSectionsMatchObjdump(executable, path);
      EXPECT_NE(executable.image_base(), 0u);
      const Section* data = nullptr;
      for (const Section& section : executable.sections()) {
        if (section.writable && !section.executable && section.file_size > 0) {
          data = &section;
          break;
        }
      }
      ASSERT_NE(data, nullptr);
      EXPECT_EQ(data->name, ".data");
      EXPECT_EQ(ReadString(executable, data->address, 14), kBuildInfoMagic);
      EXPECT_TRUE(executable.segments().empty());
      break;
    }
    case Format::kMachO: {
      ExpectSectionsMatchObjdump(executable, path);
      const Section* buildinfo = executable.FindSection("__go_buildinfo");
      ASSERT_NE(buildinfo, nullptr);
      EXPECT_EQ(buildinfo->segment, "__DATA");
      EXPECT_EQ(ReadString(executable, buildinfo->address, 14), kBuildInfoMagic);
      ASSERT_FALSE(executable.segments().empty());
      EXPECT_EQ(executable.segments()[0].name, "__PAGEZERO");
      bool found_data = false;
      for (const Segment& segment : executable.segments()) {
        if (segment.name != "__DATA") continue;
        found_data = true;
        EXPECT_EQ(segment.max_protection, 3u);
        EXPECT_TRUE(segment.readable && segment.writable && !segment.executable);
      }
      EXPECT_TRUE(found_data);
      break;
    }
  }
  ExpectGoSymbols(executable, path, GoVersionOf(fixture));
}

INSTANTIATE_TEST_SUITE_P(
    Targets, GoCrossTest,
    ::testing::Values(CrossCase{"linux-386", Format::kElf, "386", 4, Endian::kLittle},
                      CrossCase{"linux-s390x", Format::kElf, "s390x", 8, Endian::kBig},
                      CrossCase{"linux-mips", Format::kElf, "mips", 4, Endian::kBig},
                      CrossCase{"windows-amd64", Format::kPe, "amd64", 8, Endian::kLittle},
                      CrossCase{"windows-386", Format::kPe, "386", 4, Endian::kLittle},
                      CrossCase{"darwin-amd64", Format::kMachO, "amd64", 8, Endian::kLittle},
                      CrossCase{"darwin-arm64", Format::kMachO, "arm64", 8, Endian::kLittle}),
    [](const ::testing::TestParamInfo<CrossCase>& param_info) {
      std::string name = param_info.param.name;
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

// Built with -ldflags=-s (ELF, PE) or stripped by llvm-strip (Mach-O, where Go 1.19's -s keeps
// the symbol table and llvm-strip leaves only undefined symbols).
TEST(GoCrossTest, StrippedBinariesHaveNoSymbols) {
  for (const std::string& name :
       {CrossFixture("linux-386-stripped"), CrossFixture("linux-s390x-stripped"),
        std::string("bin/stripped.so"), CrossFixture("windows-amd64-stripped"),
        CrossFixture("windows-386-stripped"), CrossFixture("darwin-arm64-stripped")}) {
    SCOPED_TRACE(name);
    GoFixture fixture;
    ASSERT_TRUE(FindGoFixture(name, &fixture));
    std::vector<uint8_t> bytes = ReadFile(fixture.path);
    std::vector<Executable> parsed = ParseOk(bytes);
    ASSERT_EQ(parsed.size(), 1u);
    ExpectNoSymbols(parsed[0]);
    EXPECT_FALSE(parsed[0].sections().empty());
  }
}

TEST(GoCrossTest, UniversalBinary) {
  GoFixture universal, amd64_fixture, arm64_fixture;
  ASSERT_TRUE(FindGoFixture(CrossFixture("darwin-universal"), &universal));
  ASSERT_TRUE(FindGoFixture(CrossFixture("darwin-amd64"), &amd64_fixture));
  ASSERT_TRUE(FindGoFixture(CrossFixture("darwin-arm64"), &arm64_fixture));
  std::vector<uint8_t> fat = ReadFile(universal.path);
  std::vector<uint8_t> amd64 = ReadFile(amd64_fixture.path);
  std::vector<uint8_t> arm64 = ReadFile(arm64_fixture.path);
  std::vector<Executable> parsed = ParseOk(fat);
  ASSERT_EQ(parsed.size(), 2u);
  // llvm-lipo orders slices by alignment: x86_64 (4 KiB pages) before arm64 (16 KiB pages).
  EXPECT_EQ(parsed[0].architecture(), "amd64");
  EXPECT_EQ(parsed[1].architecture(), "arm64");
  EXPECT_EQ(parsed[0].slice_offset(), 0x1000u);
  EXPECT_EQ(parsed[1].slice_offset() % 0x4000, 0u);
  EXPECT_GT(parsed[1].slice_offset(), parsed[0].slice_offset() + amd64.size() - 1);
  for (size_t i = 0; i < 2; ++i) {
    const Executable& slice = parsed[i];
    const std::vector<uint8_t>& thin = i == 0 ? amd64 : arm64;
    EXPECT_EQ(slice.bytes().data(), fat.data() + slice.slice_offset());
    ASSERT_EQ(slice.bytes().size(), thin.size());
    EXPECT_TRUE(std::equal(thin.begin(), thin.end(), slice.bytes().begin()));
    const Section* buildinfo = slice.FindSection("__go_buildinfo");
    ASSERT_NE(buildinfo, nullptr);
    EXPECT_EQ(ReadString(slice, buildinfo->address, 14), kBuildInfoMagic);
    const GoFixture& thin_fixture = i == 0 ? amd64_fixture : arm64_fixture;
    ExpectGoSymbols(slice, thin_fixture.path, GoVersionOf(thin_fixture));
  }
}

// Prefixes of real binaries either fail to parse or fail to read their symbols: no truncation
// goes unnoticed, and none reads out of bounds.
TEST(GoCrossTest, TruncatedRealBinariesFail) {
  for (const char* name :
       {"linux-s390x", "linux-386", "windows-386", "darwin-arm64", "darwin-universal"}) {
    SCOPED_TRACE(name);
    std::vector<uint8_t> bytes = ReadFile(GoFixturePath(CrossFixture(name)));
    ASSERT_TRUE(ParsesCompletely(AsBytes(bytes)));
    std::vector<size_t> lengths;
    for (size_t length = 0; length < 4096; ++length) lengths.push_back(length);
    for (size_t length = 4096; length + 4096 < bytes.size(); length += 65537) {
      lengths.push_back(length);
    }
    // PE files end with padding to the file alignment that belongs to nothing.
    if (std::string_view(name).find("windows") == std::string_view::npos) {
      lengths.push_back(bytes.size() - 1);
    }
    for (size_t length : lengths) {
      std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<long>(length));
      EXPECT_FALSE(ParsesCompletely(AsBytes(prefix))) << "length " << length;
    }
  }
}

// The header area of real binaries with single bytes replaced: anything may happen except a
// crash or a read out of bounds.
TEST(GoCrossTest, CorruptedRealHeadersNeverCrash) {
  for (const char* name : {"linux-mips", "windows-amd64", "darwin-amd64", "darwin-universal"}) {
    SCOPED_TRACE(name);
    std::vector<uint8_t> bytes = ReadFile(GoFixturePath(CrossFixture(name)));
    ASSERT_GT(bytes.size(), 2400u);
    // Every third byte of the first 2400, which covers the Mach-O load commands.
    for (size_t i = 0; i < 2400; i += 3) {
      uint8_t original = bytes[i];
      for (uint8_t value : {uint8_t{0xff}, static_cast<uint8_t>(original ^ 0x40)}) {
        bytes[i] = value;
        ParsesCompletely(AsBytes(bytes), 64);
      }
      bytes[i] = original;
    }
  }
}

}  // namespace
}  // namespace scry::binary
