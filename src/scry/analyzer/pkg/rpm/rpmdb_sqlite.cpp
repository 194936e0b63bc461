// rpmdb.sqlite reader: rpm's lib/backend/sqlite.c keeps each header in
// Packages(hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL). The bytes are
// deserialized into a private in-memory database: no file, no journal, nothing written.
#include <sqlite3.h>

#include <cstring>
#include <memory>

#include "scry/analyzer/pkg/rpm/rpmdb.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::pkg::rpm {
namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

}  // namespace

Result<std::vector<RpmDbBlob>> ReadSqlitePackages(Bytes file) {
  constexpr size_t kHeaderSize = 100;
  if (file.size() < kHeaderSize || std::memcmp(file.data(), "SQLite format 3", 16) != 0) {
    return Fail(ErrorCode::kInvalidInput, "not an SQLite database");
  }
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(raw);
    return Fail(ErrorCode::kInternal, "cannot open an in-memory SQLite database");
  }
  std::unique_ptr<sqlite3, CloseDb> db(raw);
  // Untrusted database: no schema-defined functions or views with side effects, no writes.
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);

  // SQLite owns (and frees) the copy. A database left in WAL mode (file format bytes 18 and
  // 19 = 2) cannot be opened from memory; the copy says "rollback journal" instead, which
  // reads the same pages (frames still in a -wal file are not in this file anyway).
  auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(file.size()));
  if (copy == nullptr)
    return Fail(ErrorCode::kLimitExceeded, "no memory for a {}-byte database", file.size());
  std::memcpy(copy, file.data(), file.size());
  if (copy[18] == 2) copy[18] = 1;
  if (copy[19] == 2) copy[19] = 1;
  int rc = sqlite3_deserialize(raw, "main", copy, static_cast<sqlite3_int64>(file.size()),
                               static_cast<sqlite3_int64>(file.size()),
                               SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
  if (rc != SQLITE_OK) {
    return Fail(ErrorCode::kInvalidInput, "SQLite rejects the database: {}", sqlite3_errmsg(raw));
  }

  sqlite3_stmt* statement_raw = nullptr;
  rc = sqlite3_prepare_v2(raw, "SELECT hnum, blob FROM Packages ORDER BY hnum", -1, &statement_raw,
                          nullptr);
  std::unique_ptr<sqlite3_stmt, FinalizeStatement> statement(statement_raw);
  if (rc != SQLITE_OK) {
    return Fail(ErrorCode::kInvalidInput, "not an rpm database (no Packages table): {}",
                sqlite3_errmsg(raw));
  }
  std::vector<RpmDbBlob> blobs;
  while ((rc = sqlite3_step(statement_raw)) == SQLITE_ROW) {
    sqlite3_int64 hnum = sqlite3_column_int64(statement_raw, 0);
    if (hnum <= 0 || hnum > UINT32_MAX) {
      return Fail(ErrorCode::kInvalidInput, "Packages row with hnum {}", hnum);
    }
    if (blobs.size() >= limits::kMaxRpmPackages) {
      return Fail(ErrorCode::kLimitExceeded, "more than {} packages", limits::kMaxRpmPackages);
    }
    const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(statement_raw, 1));
    int size = sqlite3_column_bytes(statement_raw, 1);
    RpmDbBlob blob{static_cast<uint32_t>(hnum), {}};
    if (data != nullptr && size > 0) blob.header.assign(data, data + size);
    blobs.push_back(std::move(blob));
  }
  if (rc != SQLITE_DONE) {
    return Fail(ErrorCode::kInvalidInput, "reading Packages: {}", sqlite3_errmsg(raw));
  }
  return blobs;
}

}  // namespace scry::analyzer::pkg::rpm
