// Fuzzes the Python core-metadata parser (dist-info METADATA, egg-info PKG-INFO): a result
// always has a name and a version.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/analyzer/lang/python/packaging/metadata_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = scry::analyzer::lang::python::ParseDistributionMetadata(text);
  if (!parsed) return 0;
  if (parsed->package.name.empty() || parsed->package.version.empty()) __builtin_trap();
  return 0;
}
