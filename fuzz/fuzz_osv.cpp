// Fuzzes the OSV record parser and the database's encoding of what it parsed (the round trip
// through db/codec must parse again).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/db/codec.hpp"
#include "scry/osv/record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto record = scry::osv::ParseRecord(text);
  if (!record) return 0;
  for (const auto& affected : record->affected) {
    auto again = scry::osv::ParseAffected(scry::db::EncodeAffected(affected));
    if (!again || again->ranges.size() != affected.ranges.size()) __builtin_trap();
  }
  scry::osv::Record details;
  if (!scry::db::DecodeDetails(scry::db::EncodeDetails(*record), details)) __builtin_trap();
  return 0;
}
