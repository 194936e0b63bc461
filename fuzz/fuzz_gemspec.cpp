// Fuzzes the gemspec reader (Ruby source read line by line, never evaluated).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/analyzer/lang/ruby/gemspec/gemspec_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto spec = scry::analyzer::lang::ruby::ParseGemspec(text, "x.gemspec");
  if (spec && spec->name.empty()) __builtin_trap();
  return 0;
}
