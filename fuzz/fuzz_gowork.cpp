// Fuzzes the go.work parser: every `use` names a directory.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/analyzer/lang/golang/mod/gomod_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto work = scry::analyzer::lang::golang::ParseGoWork(text);
  if (!work) return 0;
  for (const auto& replace : work->replaces) {
    if (replace.old_path.empty() && replace.new_path.empty()) __builtin_trap();
  }
  return 0;
}
