// Fuzzes the Pipfile.lock parser: every package has a name and an identity.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/analyzer/lang/python/pipenv/pipfile_lock_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = scry::analyzer::lang::python::ParsePipfileLock(text);
  if (!parsed) return 0;
  for (const auto& package : parsed->packages) {
    if (package.name.empty() || package.id.empty()) __builtin_trap();
  }
  return 0;
}
