// Fuzzes the Debian security tracker list parser and the database encoding of its records.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/db/codec.hpp"
#include "scry/db/debian_tracker.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto list = scry::db::ParseDebianTrackerList(text);
  if (!list) return 0;
  size_t round_trips = 0;
  for (const auto& record : list->records) {
    if (record.id.empty() || record.affected.empty()) __builtin_trap();
    // A few round trips per input keep runs on large seeds (60 KB list heads) fast.
    if (++round_trips > 8) continue;
    for (const auto& affected : record.affected) {
      auto again = scry::osv::ParseAffected(scry::db::EncodeAffected(affected));
      if (!again || again->status != affected.status) __builtin_trap();
    }
  }
  return 0;
}
