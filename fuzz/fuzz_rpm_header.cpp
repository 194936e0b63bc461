// Fuzzes the RPM header blob parser and the package fields read from it.
#include <cstddef>
#include <cstdint>

#include "scry/analyzer/pkg/rpm/rpm_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  scry::Bytes bytes(data, size);
  auto header = scry::analyzer::pkg::rpm::ParseRpmHeader(bytes);
  if (header) {
    // Every entry must lie inside the blob.
    for (const auto& entry : header->entries()) {
      if (!entry.data.empty() &&
          (entry.data.data() < data || entry.data.data() + entry.data.size() > data + size)) {
        __builtin_trap();
      }
    }
  }
  auto info = scry::analyzer::pkg::rpm::ParseRpmPackage(bytes);
  if (info && !header) __builtin_trap();
  return 0;
}
