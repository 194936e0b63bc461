// Fuzzes the Berkeley DB hash and NDB page readers of rpm package databases, then the headers
// they return. (rpmdb.sqlite is SQLite's own file format, fuzzed by SQLite upstream.)
#include <cstddef>
#include <cstdint>

#include "scry/analyzer/pkg/rpm/rpm_header.hpp"
#include "scry/analyzer/pkg/rpm/rpmdb.hpp"

namespace rpm = scry::analyzer::pkg::rpm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  scry::Bytes bytes(data, size);
  for (auto reader : {rpm::ReadBerkeleyDbPackages, rpm::ReadNdbPackages}) {
    auto blobs = reader(bytes);
    if (!blobs) continue;
    for (const auto& blob : *blobs) {
      if (blob.header.size() > size) __builtin_trap();  // a blob is never larger than the file
      (void)rpm::ParseRpmPackage(blob.header);
    }
  }
  return 0;
}
