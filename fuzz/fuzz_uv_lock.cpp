// Fuzzes the uv.lock parser: depends_on only names packages of the same lockfile.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/python/uv/uv_lock_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = scry::analyzer::lang::python::ParseUvLock(text);
  if (!parsed) return 0;
  std::set<std::string> ids;
  for (const auto& package : parsed->packages) ids.insert(package.id);
  for (const auto& package : parsed->packages) {
    if (package.name.empty()) __builtin_trap();
    for (const auto& id : package.depends_on) {
      if (!ids.contains(id)) __builtin_trap();
    }
  }
  return 0;
}
