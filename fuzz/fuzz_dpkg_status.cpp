// Fuzzes the dpkg status and md5sums parsers: every package they return has a name and a valid
// version, and every md5sums path is relative.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/analyzer/pkg/dpkg/dpkg_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto status = scry::analyzer::pkg::ParseDpkgStatus(text);
  if (status) {
    for (const auto& package : status->packages) {
      if (package.name.empty() || package.version.empty() || package.src_name.empty()) {
        __builtin_trap();
      }
    }
  }
  auto sums = scry::analyzer::pkg::ParseDpkgMd5sums(text);
  if (sums) {
    for (const auto& path : sums->paths) {
      if (path.empty() || path.front() == '/') __builtin_trap();
    }
  }
  (void)scry::analyzer::pkg::ParseDebianVersion(text);
  return 0;
}
