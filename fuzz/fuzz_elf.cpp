// Fuzzes the ELF reader: the input with its first four bytes replaced by the ELF magic (so real
// ELF files are their own seeds), then every section, segment and symbol read back.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "scry/binary/executable.hpp"

namespace {

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
  file[0] = 0x7f;
  file[1] = 'E';
  file[2] = 'L';
  file[3] = 'F';
  (void)scry::binary::HasExecutableMagic(file);
  Exercise(file);
  return 0;
}
