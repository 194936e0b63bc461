// Fuzzes the package.json parser: it returns a manifest or an error, never crashes, and names
// wrong-typed keys in its warnings.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/nodejs/pkg/package_json_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto manifest = scry::analyzer::lang::nodejs::ParsePackageJson(text);
  if (!manifest) return 0;
  for (const auto& warning : manifest->warnings) {
    if (warning.find('"') == std::string::npos) __builtin_trap();
  }
  return 0;
}
