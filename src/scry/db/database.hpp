// The advisory database: one SQLite file with a versioned schema (docs/db-schema.md). It is
// never modified in place: writers build a new file next to it and rename it over the old one,
// so readers (opened immutable) and interrupted updates never see a half-written database.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace scry::db {

// Bumped whenever the tables change meaning; a database of another version is rebuilt.
inline constexpr int kSchemaVersion = 1;

// Where a default database lives below the cache directory: <cache>/db/scry.db.
std::filesystem::path DefaultDatabasePath(const std::filesystem::path& cache_directory);

// Where records came from: an import of local files or a download.
struct SourceInfo {
  std::string name;  // e.g. "Go" for the osv.dev Go export, or the imported path
  std::string kind;  // "import", "built-in" or "download"; non-OSV imports add the format,
                     // e.g. "import debian-tracker"
  std::string url;   // the file, folder or URL read
  int64_t records = 0;
  std::string updated_at;  // RFC 3339 UTC
  std::string etag;
  std::string last_modified;
  std::string sha256;
};

struct DatabaseInfo {
  int schema_version = 0;
  std::string built_at;     // RFC 3339 UTC
  std::string next_update;  // RFC 3339 UTC, empty when never due (imported data)
  std::vector<SourceInfo> sources;
  std::map<std::string, int64_t> vulnerabilities_per_ecosystem;
  int64_t vulnerabilities = 0;
  int64_t withdrawn = 0;
  uint64_t file_size = 0;
};

// The current time as RFC 3339 UTC with seconds, e.g. "2026-11-28T19:00:00Z".
std::string NowRfc3339();

}  // namespace scry::db
