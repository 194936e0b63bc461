// Fuzzes the requirements.txt parser; every include reads the input again (bounded by the
// visited set and the include limits). Packages have names, and versions only from pins.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/python/pip/requirements_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  scry::analyzer::lang::python::RequirementsReader read =
      [text](std::string_view path) -> scry::Result<std::string> {
    // One include target reads the input again; the rest do not exist (keeps runs fast).
    if (path != "a/b.txt") return scry::Fail(scry::ErrorCode::kNotFound, "no such file");
    return std::string(text);
  };
  auto parsed = scry::analyzer::lang::python::ParseRequirements(text, "a/requirements.txt", &read);
  if (!parsed) return 0;
  for (const auto& package : parsed->packages) {
    if (package.name.empty() || package.version.empty() || package.purl.empty()) __builtin_trap();
  }
  return 0;
}
