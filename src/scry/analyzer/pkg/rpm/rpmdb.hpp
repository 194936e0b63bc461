// Readers of rpm's three package database formats, each returning the raw header blobs
// (rpm_header.hpp parses them). All are read-only, in memory, bounded by the input size, and
// return kInvalidInput naming the page, slot or row on corrupt input:
// - SQLite `rpmdb.sqlite` (rpm >= 4.16; Fedora 33+, RHEL 9 family): table Packages(hnum, blob),
//   read through sqlite3_deserialize from a private copy of the bytes, never a file.
// - Berkeley DB hash `Packages` (RHEL/CentOS 5-8, Amazon Linux 2, old SUSE): Berkeley DB's hash
//   access method, versions 8-10 (DB 4.x-5.x), either byte order; key = 4-byte package index
//   in the database's byte order, value = header blob, big values on overflow page chains.
//   Layout as in db's dbinc/db_page.h and rpm's read-only backend lib/backend/bdb_ro.c.
// - NDB `Packages.db` (SUSE since 15 SP3): rpm's lib/backend/ndb/rpmpkg.c layout: a 32-byte
//   header "RpmP", slot pages of 16-byte slots {"Slot", pkgidx, blkoff, blkcnt} and blobs in
//   16-byte blocks framed by {"BlbS", pkgidx, timestamp, length} ... {adler32, length, "BlbE"}.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::pkg::rpm {

// One stored header with the package index (rpm's "hnum"/instance) it is stored under.
struct RpmDbBlob {
  uint32_t index = 0;
  std::vector<uint8_t> header;
};

enum class RpmDbFormat { kSqlite, kBerkeleyDb, kNdb };
std::string_view RpmDbFormatName(RpmDbFormat format);

// Recognises the format from the file's magic bytes; nullopt when it is none of them.
std::optional<RpmDbFormat> SniffRpmDbFormat(Bytes file);

// Blobs in storage order (bucket order, slot order by block offset, or hnum order). The
// Berkeley DB reader skips key 0, where old rpm versions kept the next free index.
Result<std::vector<RpmDbBlob>> ReadBerkeleyDbPackages(Bytes file);
Result<std::vector<RpmDbBlob>> ReadNdbPackages(Bytes file);
Result<std::vector<RpmDbBlob>> ReadSqlitePackages(Bytes file);

// Sniffs the format and calls the matching reader; kUnsupported when the magic is unknown.
Result<std::vector<RpmDbBlob>> ReadRpmDbPackages(Bytes file);

}  // namespace scry::analyzer::pkg::rpm
