// Read-only access to the advisory database for matching. Opened immutable: many scans (and
// server workers) may read one file at once, while an update renames a new file over it.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/db/database.hpp"
#include "scry/db/sqlite.hpp"
#include "scry/formats/json.hpp"
#include "scry/osv/record.hpp"

namespace scry::db {

// One affected entry of a record, as the record's ID and its OSV "affected" object.
struct AffectedEntry {
  std::string id;
  osv::Affected affected;
};

class AdvisoryStore {
 public:
  // Opens the database at `path`. kNotFound (the message names the path and the commands that
  // create a database) when there is none; kUnsupported for a database of another schema
  // version.
  static Result<std::unique_ptr<AdvisoryStore>> Open(const std::filesystem::path& path);

  // Every affected entry for a package, name normalised per ecosystem. Thread-safe.
  Result<std::vector<AffectedEntry>> FindAffected(std::string_view ecosystem,
                                                  std::string_view name) const;
  // The record `id` without its affected list (summary, details, aliases, severity...).
  Result<std::optional<osv::Record>> FindRecord(std::string_view id) const;
  // IDs of records that list `alias` as an alias.
  Result<std::vector<std::string>> FindByAlias(std::string_view alias) const;
  Result<DatabaseInfo> Info() const;

  const std::filesystem::path& path() const { return path_; }

 private:
  AdvisoryStore(std::filesystem::path path, Connection connection, Statement find_affected,
                Statement find_record)
      : path_(std::move(path)),
        connection_(std::move(connection)),
        find_affected_(std::move(find_affected)),
        find_record_(std::move(find_record)) {}

  std::filesystem::path path_;
  // SQLite connections are not shared between threads here: one connection behind a mutex is
  // enough for matching, which costs microseconds per package. The lookups run once per package
  // and finding, so their statements are prepared once (preparing costs more than the query).
  mutable std::mutex mutex_;
  mutable Connection connection_;
  mutable Statement find_affected_;
  mutable Statement find_record_;
  mutable formats::json::Parser parser_;  // reused: setting up a parser costs more than a parse
};

}  // namespace scry::db
