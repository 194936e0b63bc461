// Fuzzes the Gemfile.lock parser: ids are unique, names non-empty, depends_on ids resolvable.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/ruby/bundler/bundler_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto lock = scry::analyzer::lang::ruby::ParseGemfileLock(text, "Gemfile.lock");
  if (!lock) return 0;
  std::set<std::string> ids;
  for (const auto& package : lock->packages) {
    if (package.name.empty() || !ids.insert(package.id).second) __builtin_trap();
  }
  for (const auto& package : lock->packages) {
    for (const auto& id : package.depends_on) {
      if (!ids.count(id)) __builtin_trap();
    }
  }
  return 0;
}
