// Fuzzes the pylock.toml (PEP 751) parser: depends_on only names packages of the same lockfile.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/python/pylock/pylock_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = scry::analyzer::lang::python::ParsePylock(text);
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
