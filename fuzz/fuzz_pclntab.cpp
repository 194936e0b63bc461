// Fuzzes the Go function table parser and the searches over data regions. The first input byte
// picks the magic (bits 0-1: Go 1.2, 1.16, 1.18, 1.20 layout; bit 2: big endian), which replaces
// the magic's four bytes; the rest of the input is the table from its fifth byte on. A seed made
// from a real table is therefore <selector byte> + table[4:].
#include <cstddef>
#include <cstdint>
#include <vector>

#include "scry/binary/go/pclntab.hpp"
#include "scry/binary/go/pclntab_internal.hpp"

namespace {

constexpr uint32_t kMagics[] = {0xfffffffb, 0xfffffffa, 0xfffffff0, 0xfffffff1};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace scry::binary::go;
  if (size < 1) return 0;
  uint32_t magic = kMagics[data[0] & 3];
  bool big_endian = (data[0] & 4) != 0;
  std::vector<uint8_t> table(4);
  for (size_t i = 0; i < 4; ++i) {
    size_t shift = big_endian ? 8 * (3 - i) : 8 * i;
    table[i] = static_cast<uint8_t>(magic >> shift);
  }
  table.insert(table.end(), data + 1, data + size);

  auto contents = internal::ParsePclntab(table);
  if (contents) {
    for (const std::string& path : contents->package_paths) {
      (void)IsStandardLibraryPackage(path);
      (void)PackageOfFunction(path);
    }
    (void)internal::ModuleCachePathOfFile(contents->main_source_file);
  }

  // The same bytes as an address space: the table at 0x1000 and as data next to it.
  std::vector<internal::Region> regions = {{0x1000, table}};
  std::vector<internal::TableCandidate> candidates = internal::FindTableCandidates(regions);
  (void)internal::FindModuledataReferences(regions, candidates);
  std::vector<internal::Region> data_regions = {{0x1000 + table.size(), table}};
  for (unsigned pointer_size : {4u, 8u}) {
    (void)internal::FindGoVersionInData(data_regions, regions, pointer_size,
                                        big_endian ? scry::Endian::kBig : scry::Endian::kLittle);
  }
  return 0;
}
