// Building a new version of the advisory database. Only one writer works on a database at a time
// (a lock file next to it); the new version is a separate file renamed over the old one on
// Commit, so an interrupted or failed write leaves the previous database intact and usable.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/db/database.hpp"
#include "scry/db/sqlite.hpp"
#include "scry/osv/record.hpp"

namespace scry::db {

class DatabaseWriter {
 public:
  enum class Outcome { kInserted, kUpdated, kUnchanged, kOlder };

  // Waits for the database's lock, removes temporary files a killed writer left behind, and
  // starts a new version: a copy of `path` when it exists with the current schema, otherwise an
  // empty database. kIo when the directory is not writable.
  static Result<std::unique_ptr<DatabaseWriter>> Begin(const std::filesystem::path& path);
  // Without Commit the new version is discarded and the lock released.
  ~DatabaseWriter();
  DatabaseWriter(const DatabaseWriter&) = delete;
  DatabaseWriter& operator=(const DatabaseWriter&) = delete;

  // Adds a record from `source`, or replaces the stored one unless that has a newer `modified`.
  // Withdrawn records are stored without affected packages, so they never match.
  Result<Outcome> Add(const osv::Record& record, std::string_view source);
  // The stored source named `name`, if any (its ETag and Last-Modified drive conditional
  // downloads).
  Result<std::optional<SourceInfo>> FindSource(std::string_view name);
  Status PutSource(const SourceInfo& source);
  // Deletes the records stored from source `name` (with their affected and alias rows) and the
  // source itself, before its records are imported again; returns how many records went.
  Result<int64_t> RemoveSource(std::string_view name);
  // When the data should next be refreshed (RFC 3339); empty for never.
  void SetNextUpdate(std::string next_update) { next_update_ = std::move(next_update); }

  // Writes metadata, makes the new version durable and renames it over the database.
  Status Commit();

  const std::filesystem::path& path() const { return path_; }

 private:
  DatabaseWriter(std::filesystem::path path, std::filesystem::path temporary, int lock,
                 Connection connection)
      : path_(std::move(path)),
        temporary_(std::move(temporary)),
        lock_(lock),
        connection_(std::move(connection)) {}

  std::filesystem::path path_;
  std::filesystem::path temporary_;
  int lock_;
  Connection connection_;
  std::string next_update_;
  bool committed_ = false;
};

struct ImportStats {
  size_t files = 0;
  size_t records = 0;
  size_t inserted = 0;
  size_t updated = 0;
  size_t unchanged = 0;
  size_t older = 0;
  size_t withdrawn = 0;
  size_t malformed = 0;
  std::vector<std::string> malformed_examples;  // "<file>: <reason>", the first few
  std::string format = "osv";  // how the input was read: "osv", "alpine-secdb", "debian-tracker"
  size_t not_affected = 0;     // distribution entries saying a release was never affected

  // Counts one record that DatabaseWriter::Add took (or kept out, as older).
  void Count(DatabaseWriter::Outcome outcome);
};

// Imports OSV records from a folder (recursively, every *.json), a single .json file, or a .zip
// (the per-ecosystem all.zip osv.dev publishes). Malformed records are counted and named, never
// fatal. `source` names the origin in the database's sources table.
Result<ImportStats> ImportOsv(DatabaseWriter& writer, const std::filesystem::path& input,
                              std::string_view source);

}  // namespace scry::db
