// Fuzzes the poetry.lock and pyproject.toml parsers: the input is read as both, and the lockfile
// with the manifest's groups. depends_on only names packages of the same lockfile.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/python/poetry/poetry_lock_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace scry::analyzer::lang::python;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto pyproject = ParsePyprojectDependencies(text);
  auto parsed = ParsePoetryLock(text, pyproject ? &*pyproject : nullptr);
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
