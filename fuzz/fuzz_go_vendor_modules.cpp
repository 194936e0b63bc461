// Fuzzes the vendor/modules.txt parser: every module has a path.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/analyzer/lang/golang/mod/gomod_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto modules = scry::analyzer::lang::golang::ParseVendorModules(text);
  if (!modules) return 0;
  for (const auto& module : *modules) {
    if (module.path.empty()) __builtin_trap();
  }
  return 0;
}
