// Fuzzes the Mach-O reader, thin and universal: an input that starts with one of the six magics
// (MH_MAGIC, MH_MAGIC_64 in either byte order, FAT_MAGIC, FAT_MAGIC_64) is kept as it is, so real
// files are their own seeds; otherwise its first byte picks the magic that replaces its first
// four bytes. Then every section, segment and symbol of every slice is read back.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <vector>

#include "scry/binary/executable.hpp"

namespace {

constexpr uint8_t kMagics[][4] = {
    {0xce, 0xfa, 0xed, 0xfe}, {0xcf, 0xfa, 0xed, 0xfe}, {0xfe, 0xed, 0xfa, 0xce},
    {0xfe, 0xed, 0xfa, 0xcf}, {0xca, 0xfe, 0xba, 0xbe}, {0xca, 0xfe, 0xba, 0xbf},
};

// Reads everything the parse produced; traps when a view lies outside the executable's bytes.
void Exercise(scry::Bytes file) {
  auto parsed = scry::binary::ParseExecutable(file);
  if (!parsed) return;
  for (const scry::binary::Executable& executable : *parsed) {
    scry::Bytes bytes = executable.bytes();
    auto check = [&](const std::optional<scry::Bytes>& view) {
      if (view && !view->empty() &&
          (view->data() < bytes.data() ||
           view->data() + view->size() > bytes.data() + bytes.size())) {
        __builtin_trap();
      }
    };
    for (const scry::binary::Section& section : executable.sections()) {
      check(executable.ReadAt(section.address, section.size));
      check(executable.ReadAt(section.address + section.size / 2, 64));
    }
    for (const scry::binary::Segment& segment : executable.segments()) {
      check(executable.ReadAt(segment.address, segment.memory_size));
    }
    (void)executable.FindSection(".text");
    (void)executable.ForEachSymbol([&](const scry::binary::Symbol& symbol) {
      check(executable.ReadAt(symbol.address, symbol.size == 0 ? 16 : symbol.size));
      return true;
    });
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> file(data, data + size);
  if (file.size() < 4) file.resize(4);
  bool has_magic = false;
  for (const auto& magic : kMagics) {
    has_magic = has_magic || std::equal(magic, magic + 4, file.begin());
  }
  if (!has_magic) {
    const auto& magic = kMagics[file[0] % std::size(kMagics)];
    std::copy(magic, magic + 4, file.begin());
  }
  (void)scry::binary::HasExecutableMagic(file);
  Exercise(file);
  return 0;
}
