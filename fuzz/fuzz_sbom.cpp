// Fuzzes the SBOM reader (CycloneDX and SPDX JSON): never a crash, a hang or unbounded memory,
// and every result it builds has a target and packages with IDs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/artifact/sbom/sbom_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto sbom = scry::artifact::sbom::ParseSbom(text, "fuzz.json");
  if (!sbom) return 0;
  for (const auto& result : sbom->results) {
    if (result.target.empty() || result.packages.empty()) __builtin_trap();
    for (const auto& package : result.packages) {
      if (package.id.empty()) __builtin_trap();
    }
  }
  return 0;
}
