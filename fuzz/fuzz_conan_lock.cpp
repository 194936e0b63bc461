// Fuzzes the conan.lock parser: packages have ids and conan purls, and depends_on names only ids of
// packages of the same file.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/c/conan/conan_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = scry::analyzer::lang::c::ParseConanLock(text);
  if (!parsed) return 0;
  std::set<std::string> ids;
  for (const auto& package : parsed->packages) {
    if (package.name.empty() || package.id.empty() || !ids.insert(package.id).second) {
      __builtin_trap();
    }
    if (!package.purl.starts_with("pkg:conan/")) __builtin_trap();
  }
  for (const auto& package : parsed->packages) {
    for (const auto& id : package.depends_on) {
      if (!ids.contains(id)) __builtin_trap();
    }
  }
  return 0;
}
