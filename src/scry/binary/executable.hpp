// Minimal, bounds-checked readers for ELF, PE/COFF and Mach-O (thin and universal): headers,
// sections, segments, static symbols and virtual-address lookups. Just what is needed to find
// Go build info, Go function tables and linker-set strings; no relocation, no DWARF.
//   ELF:    System V gABI, 32/64-bit, little and big endian, extended section numbering.
//   PE:     PE32 and PE32+ (Microsoft PE format spec), COFF symbol table and long section names.
//   Mach-O: 32/64-bit, both byte orders, fat/universal (32- and 64-bit fat headers).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"

namespace scry::binary {

enum class Format { kElf, kPe, kMachO };
std::string_view FormatName(Format format);  // "elf", "pe", "macho"

struct Section {
  std::string name;      // ".go.buildinfo", "__go_buildinfo"
  std::string segment;   // Mach-O segment name ("__DATA"); empty for ELF and PE
  uint64_t address = 0;  // virtual address; PE addresses include the image base
  uint64_t size = 0;     // size in memory
  uint64_t file_offset = 0;
  uint64_t file_size = 0;  // bytes present in the file: 0 for ELF NOBITS and Mach-O zerofill
  bool allocated = true;   // occupies memory at run time (ELF SHF_ALLOC; always true otherwise)
  bool writable = false;
  bool executable = false;
};

struct Segment {
  std::string name;  // Mach-O segment name; empty for ELF (PE has no segments)
  uint64_t address = 0;
  uint64_t memory_size = 0;
  uint64_t file_offset = 0;
  uint64_t file_size = 0;
  bool readable = false;
  bool writable = false;
  bool executable = false;
  bool loadable = true;         // ELF PT_LOAD; always true for Mach-O segments
  uint32_t max_protection = 0;  // Mach-O maxprot (VM_PROT_* bits); 0 otherwise
};

// A symbol of the static symbol table. `name` points into the executable's bytes. Mach-O names
// that contain a '.' lose the '_' the Go linker prefixes to every name, as in Go's debug/macho
// ("_main.main" -> "main.main"), so Go symbols have the same name in every format.
struct Symbol {
  std::string_view name;
  uint64_t address = 0;  // virtual address (PE: image base + section RVA + value)
  uint64_t size = 0;     // 0 where the format records no size (Mach-O, PE)
};

// One parsed executable (one slice of a universal Mach-O). Holds views into the file bytes it was
// parsed from, which must outlive it. Immutable after parsing, so safe to share between threads.
class Executable {
 public:
  Format format() const { return format_; }
  // Go's GOARCH name of the machine ("amd64", "386", "arm64", "arm", "s390x", "ppc64",
  // "ppc64le", "mips", "mipsle", "mips64", "mips64le", "riscv64", "loong64", "wasm"...), or
  // "unknown-0x<hex machine number>" (e.g. "unknown-0x1234").
  const std::string& architecture() const { return architecture_; }
  Endian endian() const { return endian_; }
  unsigned pointer_size() const { return pointer_size_; }  // 4 or 8
  // The bytes of this executable (the slice, for universal binaries).
  Bytes bytes() const { return bytes_; }
  // Offset of bytes() inside the file that was parsed (non-zero for universal slices).
  uint64_t slice_offset() const { return slice_offset_; }
  uint64_t image_base() const { return image_base_; }  // PE only; 0 otherwise

  // In header order; for ELF including the null entry 0, so that indices are ELF section indices.
  const std::vector<Section>& sections() const { return sections_; }
  // ELF program headers or Mach-O segments; empty for PE.
  const std::vector<Segment>& segments() const { return segments_; }
  const Section* FindSection(std::string_view name) const;

  // The file bytes backing [address, address + size): found through ELF PT_LOAD segments (or
  // allocated sections when there are no PT_LOAD segments), PE sections or Mach-O segments
  // other than __PAGEZERO, like Go's debug/buildinfo ReadData. Returns fewer than `size` bytes
  // when the backing region ends earlier, and nullopt when `address` is not backed by file bytes.
  std::optional<Bytes> ReadAt(uint64_t address, uint64_t size) const;

  // Calls `visit` for each symbol of the static symbol table (ELF .symtab, Mach-O LC_SYMTAB,
  // PE COFF symbols) until it returns false. Symbols without a name or address are skipped.
  // OK with no calls when the table is absent (stripped); kInvalidInput when it is corrupt.
  Status ForEachSymbol(const std::function<bool(const Symbol&)>& visit) const;

  bool has_symbols() const { return symbols_.count > 0; }

 private:
  friend class ExecutableBuilder;

  // Location of the raw symbol table inside bytes(), decoded lazily by ForEachSymbol.
  struct SymbolTable {
    uint64_t offset = 0;
    uint64_t count = 0;
    uint64_t entry_size = 0;
    uint64_t strings_offset = 0;
    uint64_t strings_size = 0;
  };

  Format format_ = Format::kElf;
  std::string architecture_;
  Endian endian_ = Endian::kLittle;
  unsigned pointer_size_ = 8;
  Bytes bytes_;
  uint64_t slice_offset_ = 0;
  uint64_t image_base_ = 0;
  std::vector<Section> sections_;
  std::vector<Segment> segments_;
  SymbolTable symbols_;
};

// True when `prefix` (the first bytes of a file, at least 4) starts with an ELF, PE ("MZ") or
// Mach-O (thin or universal) magic number. Cheap; decides whether a file is worth parsing.
bool HasExecutableMagic(Bytes prefix);

// Parses an executable. A universal Mach-O gives one Executable per slice, in header order.
// Errors: kUnsupported when `file` is not one of the formats (including an "MZ" file without a PE
// header, and a 0xCAFEBABE file that is a Java class rather than a universal binary);
// kInvalidInput when the headers are corrupt or point outside the file; kLimitExceeded when a
// count exceeds base/limits.hpp. Never reads outside `file`; cost is proportional to the headers,
// not the file size.
Result<std::vector<Executable>> ParseExecutable(Bytes file);

}  // namespace scry::binary
