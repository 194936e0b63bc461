// Fuzzes the CycloneDX VEX parser (nested components, bom-ref resolution) and ParseVex's sniffing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/policy/match.hpp"
#include "scry/policy/vex.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto document = scry::policy::ParseCycloneDxVex(text);
  if (document) {
    for (const auto& statement : document->statements) {
      if (statement.vulnerability_ids.empty()) __builtin_trap();
      for (const auto& purl : statement.purls) (void)scry::policy::ParsePackageUrl(purl);
    }
  }
  (void)scry::policy::ParseVex(text);
  return 0;
}
