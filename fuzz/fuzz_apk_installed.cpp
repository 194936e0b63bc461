// Fuzzes the apk installed-database parser: names are unique and non-empty, file paths relative.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "scry/analyzer/pkg/apk/apk_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto installed = scry::analyzer::pkg::ParseApkInstalled(text);
  if (!installed) return 0;
  std::set<std::string> names;
  for (const auto& package : installed->packages) {
    if (package.name.empty() || !names.insert(package.name).second) __builtin_trap();
  }
  for (const auto& files : installed->installed_files) {
    for (const auto& path : files.paths) {
      if (path.empty() || path.front() == '/') __builtin_trap();
    }
  }
  return 0;
}
