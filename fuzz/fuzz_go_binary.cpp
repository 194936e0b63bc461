// Fuzzes the whole Go binary analysis (executable readers, build info, modinfo, function table
// recovery and the package mapping) on arbitrary files.
#include <cstddef>
#include <cstdint>

#include "scry/analyzer/lang/golang/binary/go_binary_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = scry::analyzer::lang::golang::ParseGoBinary(scry::Bytes(data, size));
  if (parsed && *parsed && (*parsed)->application.type != "gobinary") __builtin_trap();
  return 0;
}
