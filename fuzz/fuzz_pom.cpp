// Fuzzes the pom.xml parser and the effective-model resolution; every parent path resolves to the
// input itself, so parent chains, cycles and property expansion all run on fuzzed data.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/java/pom/pom_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto model = scry::analyzer::lang::java::ParsePomXml(text);
  if (!model) return 0;
  scry::analyzer::lang::java::PomLoader loader =
      [&text](std::string_view) -> scry::Result<std::string> { return text; };
  auto parsed = scry::analyzer::lang::java::ResolvePom(*model, "a/b/pom.xml", &loader);
  if (parsed.packages.empty()) __builtin_trap();  // the project itself is always reported
  if (parsed.packages.front().relationship != scry::model::Relationship::kRoot) __builtin_trap();
  return 0;
}
