// Fuzzes the tar walker (libarchive over our stream, path cleaning, missing end blocks and
// padding) and the tarball indexer (our own ustar/pax/GNU header reader, link resolution). Input
// starting with 0x1f 0x8b or a zstd magic goes through the decompressors first, with a small
// output cap so bombs end quickly.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "scry/archive/decompressor.hpp"
#include "scry/archive/tar_index.hpp"
#include "scry/archive/tar_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace scry::archive;
  std::span<const uint8_t> bytes(data, size);
  MemoryStream input(bytes);
  DecompressOptions options;
  options.max_output = 4u << 20;
  auto decompressed = OpenDecompressed(input, options);
  if (!decompressed) return 0;
  HashingStream hashing(*decompressed->stream);
  TarWalkReport report;
  std::vector<uint8_t> buffer(4096);
  auto status = WalkTar(
      hashing,
      [&](const TarEntry& entry, EntryReader& reader) -> scry::Status {
        if (entry.path.empty() || entry.path[0] == '/') __builtin_trap();
        uint64_t total = 0;
        while (true) {
          SCRY_TRY(size_t read, reader.Read(buffer));
          if (read == 0) break;
          total += read;
        }
        if (entry.type == TarEntry::Type::kRegular && total > entry.size + 512) __builtin_trap();
        return scry::Ok();
      },
      &report);
  (void)status;
  (void)Drain(hashing);

  MemoryFile file(bytes, "fuzz.tar");
  auto index = TarIndex::Build(file);
  if (index) {
    for (const auto& [path, entry] : index->entries()) {
      if (entry.offset > size || entry.size > size - entry.offset) __builtin_trap();
      auto resolved = index->Resolve(path);
      if (resolved && (*resolved)->type != TarIndexEntry::Type::kRegular) __builtin_trap();
    }
  }
  return 0;
}
