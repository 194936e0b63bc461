// Fuzzes the Alpine secdb parser (and through it formats/yaml) and the conversion to records.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "scry/db/alpine_secdb.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto secdb = scry::db::ParseAlpineSecdb(text);
  if (!secdb) return 0;
  for (const auto& fix : secdb->fixes) {
    if (fix.ids.empty()) __builtin_trap();
  }
  std::vector<scry::db::AlpineSecdb> files;
  files.push_back(std::move(*secdb));
  for (const auto& record : scry::db::AlpineSecdbRecords(files)) {
    if (record.id.empty() || record.affected.empty()) __builtin_trap();
  }
  return 0;
}
