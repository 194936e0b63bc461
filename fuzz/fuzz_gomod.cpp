// Fuzzes the go.mod parser (and go.sum's, fed the same bytes): requirements have a path and a
// version; replacements an old and a new path; version ordering is antisymmetric.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/analyzer/lang/golang/mod/gomod_parser.hpp"

using namespace scry::analyzer::lang::golang;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto sum = ParseGoSum(text); sum) {
    for (const auto& entry : *sum) {
      if (entry.path.empty() || entry.version.empty()) __builtin_trap();
    }
  }
  auto mod = ParseGoMod(text);
  if (!mod) return 0;
  for (const auto& require : mod->require) {
    if (require.path.empty() && require.version.empty()) __builtin_trap();
  }
  for (size_t i = 0; i + 1 < mod->require.size(); ++i) {
    const auto& a = mod->require[i].version;
    const auto& b = mod->require[i + 1].version;
    if (CompareModuleVersions(a, b) != -CompareModuleVersions(b, a)) __builtin_trap();
  }
  (void)StdlibVersion(mod->go);
  (void)GoDirectiveBefore(mod->go, 1, 17);
  return 0;
}
