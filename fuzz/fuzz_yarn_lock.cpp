// Fuzzes the yarn.lock parser (classic and berry): ids are unique, sorted and name@version, and
// depends_on only names listed packages.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/nodejs/yarn/yarn_lock_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto lockfile = scry::analyzer::lang::nodejs::ParseYarnLock(text);
  if (!lockfile) return 0;
  if (lockfile->patterns.size() != lockfile->packages.size()) __builtin_trap();
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
  // Marking from a manifest keeps the list as it is.
  scry::analyzer::lang::nodejs::PackageJson manifest;
  manifest.dependencies.emplace("a", "^1");
  manifest.dev_dependencies.emplace("b", "npm:^2");
  size_t count = lockfile->packages.size();
  scry::analyzer::lang::nodejs::MarkFromManifest(*lockfile, manifest);
  if (lockfile->packages.size() != count) __builtin_trap();
  return 0;
}
