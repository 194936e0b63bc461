// Fuzzes the composer.lock and composer.json parsers: ids unique, depends_on ids resolvable.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/php/composer/composer_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace php = scry::analyzer::lang::php;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto manifest = php::ParseComposerJson(text, "composer.json");
  auto lock = php::ParseComposerLock(text, "composer.lock");
  if (!lock) return 0;
  if (manifest) php::MarkComposerDirect(*lock, *manifest);
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
