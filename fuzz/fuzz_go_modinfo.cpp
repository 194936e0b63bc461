// Fuzzes the modinfo text parser and the -ldflags version heuristics that read its settings.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/binary/go/main_version.hpp"
#include "scry/binary/go/modinfo.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto info = scry::binary::go::ParseModInfo(text);
  if (info) {
    auto version = scry::binary::go::InferMainVersion(*info, nullptr);
    if (version.source == scry::binary::go::MainVersionSource::kNone && !version.version.empty()) {
      __builtin_trap();
    }
  }
  (void)scry::binary::go::LdflagsVersionCandidates(text);
  (void)scry::binary::go::UnquoteGoString(text);
  return 0;
}
