// Fuzzes Java archive reading: the zip reader over nested archives with small limits (so that
// bombs and deep nesting hit them quickly), and the pom.properties, MANIFEST.MF and file-name
// readers on the raw input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/analyzer/lang/java/jar/jar_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace java = scry::analyzer::lang::java;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  java::ParsePomProperties(text);
  java::CoordinatesFromManifest(java::ParseManifest(text));
  java::ParseJarFileName(text.substr(0, 512));
  java::JarLimits limits;
  limits.max_entry_size = 4u << 20;
  limits.max_inflated_size = 16u << 20;
  limits.max_entries = 4096;
  auto parsed = java::ParseJar(scry::Bytes(data, size), "fuzz.war", limits);
  if (!parsed) return 0;
  for (const auto& package : parsed->packages) {
    if (package.file_path.rfind("fuzz.war", 0) != 0) __builtin_trap();
  }
  return 0;
}
