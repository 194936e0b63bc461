// Fuzzes the vendor/composer/installed.json parser (Composer 1 and 2 forms).
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/php/composer/composer_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto installed = scry::analyzer::lang::php::ParseComposerInstalled(text, "installed.json");
  if (!installed) return 0;
  std::set<std::string> ids;
  for (const auto& package : installed->packages) {
    if (package.name.empty() || !ids.insert(package.id).second) __builtin_trap();
  }
  return 0;
}
