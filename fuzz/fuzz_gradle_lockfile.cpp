// Fuzzes the gradle.lockfile parser: every package has a group:artifact name and a version.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/analyzer/lang/java/gradle/gradle_lock_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = scry::analyzer::lang::java::ParseGradleLockfile(text);
  if (!parsed) return 0;
  for (const auto& package : parsed->packages) {
    if (package.name.find(':') == std::string::npos || package.version.empty()) __builtin_trap();
  }
  return 0;
}
