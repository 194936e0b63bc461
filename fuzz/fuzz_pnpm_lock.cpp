// Fuzzes the pnpm-lock.yaml parser: ids are unique, sorted and name@version, and depends_on
// only names listed packages.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/nodejs/pnpm/pnpm_lock_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto lockfile = scry::analyzer::lang::nodejs::ParsePnpmLock(text);
  if (!lockfile) return 0;
  std::set<std::string> ids;
  std::string previous;
  for (const auto& package : lockfile->packages) {
    if (!ids.insert(package.id).second || package.id < previous) __builtin_trap();
    previous = package.id;
  }
  for (const auto& package : lockfile->packages) {
    for (const auto& id : package.depends_on) {
      if (!ids.count(id) || id == package.id) __builtin_trap();
    }
  }
  return 0;
}
