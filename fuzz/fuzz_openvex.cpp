// Fuzzes the OpenVEX parser and the purl parser on the products it finds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/policy/match.hpp"
#include "scry/policy/vex.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto document = scry::policy::ParseOpenVex(text);
  if (!document) return 0;
  for (const auto& statement : document->statements) {
    if (statement.vulnerability_ids.empty()) __builtin_trap();
    for (const auto& purl : statement.purls) (void)scry::policy::ParsePackageUrl(purl);
  }
  return 0;
}
