// Fuzzes cargo-auditable data: the bounded zlib inflater, the dependency JSON, and the whole
// executable path (section lookup included).
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/rust/binary/rust_binary_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace rust = scry::analyzer::lang::rust;
  scry::Bytes bytes(data, size);
  auto inflated = rust::InflateZlib(bytes, 1u << 20);
  if (inflated && inflated->size() > (1u << 20)) __builtin_trap();
  auto parsed =
      rust::ParseRustAuditJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (parsed) {
    std::set<std::string> ids;
    for (const auto& package : parsed->application.packages) ids.insert(package.id);
    for (const auto& package : parsed->application.packages) {
      for (const auto& id : package.depends_on) {
        if (!ids.count(id)) __builtin_trap();
      }
    }
  }
  auto binary = rust::ParseRustBinary(bytes);
  if (binary && *binary && (*binary)->application.type != "rustbinary") __builtin_trap();
  return 0;
}
