// Fuzzes the Go build info blob decoder: the input follows the 16-byte magic and header flags;
// the same bytes also serve as the address space that old-layout pointers are resolved against.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scry/binary/go/buildinfo.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string kMagic = "\xff Go buildinf:";
  std::vector<uint8_t> blob(kMagic.begin(), kMagic.end());
  blob.insert(blob.end(), data, data + size);
  scry::Bytes memory(data, size);
  // Addresses are offsets into the input, shifted by 0x1000 so that address 0 is unmapped.
  auto read = [memory](uint64_t address, uint64_t length) -> std::optional<scry::Bytes> {
    if (address < 0x1000) return std::nullopt;
    auto slice = scry::SliceAt(memory, address - 0x1000, 0);
    if (!slice) return std::nullopt;
    uint64_t available = memory.size() - (address - 0x1000);
    return scry::SliceAt(memory, address - 0x1000, length < available ? length : available);
  };
  auto decoded = scry::binary::go::DecodeBuildInfoBlob(blob, read);
  if (decoded && decoded->go_version.empty()) __builtin_trap();
  return 0;
}
