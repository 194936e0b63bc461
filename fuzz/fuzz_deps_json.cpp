// Fuzzes the .NET deps json parser: every package has a name.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/analyzer/lang/dotnet/deps/deps_json_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = scry::analyzer::lang::dotnet::ParseDepsJson(text);
  if (!parsed) return 0;
  for (const auto& package : parsed->packages) {
    if (package.name.empty()) __builtin_trap();
  }
  return 0;
}
