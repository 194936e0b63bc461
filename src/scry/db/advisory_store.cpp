#include "scry/db/advisory_store.hpp"

#include "scry/db/codec.hpp"
#include "scry/db/ecosystem.hpp"

namespace scry::db {

namespace fs = std::filesystem;

Result<std::unique_ptr<AdvisoryStore>> AdvisoryStore::Open(const fs::path& path) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) {
    return Fail(ErrorCode::kNotFound,
                "no vulnerability database at {}: run `scry db update`, or `scry db import DIR` "
                "to build one offline from OSV records",
                path.string());
  }
  SCRY_TRY(Connection connection, Connection::Open(path, Connection::Mode::kReadOnlyImmutable));
  SCRY_TRY(Statement version, connection.Prepare("PRAGMA user_version"));
  SCRY_TRY(bool row, version.Step());
  int64_t schema = row ? version.ColumnInt(0) : 0;
  if (schema != kSchemaVersion) {
    return Fail(ErrorCode::kUnsupported,
                "the vulnerability database {} has schema version {}, this scry reads version {}: "
                "run `scry db update` (or `scry db import`) to rebuild it",
                path.string(), schema, kSchemaVersion);
  }
  // Pages are read through a memory map rather than copied by pread into SQLite's cache: a scan
  // touches thousands of pages once each. Safe because the file is never changed in place (an
  // update renames a new file over it; this mapping keeps the old one).
  SCRY_CHECK(connection.Execute("PRAGMA mmap_size = 4294967296"));
  SCRY_TRY(Statement find_affected,
           connection.Prepare("SELECT id, data FROM affected WHERE ecosystem = ? AND name = ? "
                              "ORDER BY id, seq"));
  SCRY_TRY(Statement find_record,
           connection.Prepare("SELECT modified, published, withdrawn, summary, details, data "
                              "FROM vulnerabilities WHERE id = ?"));
  return std::unique_ptr<AdvisoryStore>(new AdvisoryStore(
      path, std::move(connection), std::move(find_affected), std::move(find_record)));
}

Result<std::vector<AffectedEntry>> AdvisoryStore::FindAffected(std::string_view ecosystem,
                                                               std::string_view name) const {
  std::lock_guard lock(mutex_);
  Statement& statement = find_affected_;
  statement.Reset();
  statement.Bind(1, ecosystem).Bind(2, NormalizePackageName(ecosystem, name));
  std::vector<AffectedEntry> entries;
  while (true) {
    SCRY_TRY(bool row, statement.Step());
    if (!row) break;
    std::string id(statement.ColumnText(0));
    auto affected = osv::ParseAffected(statement.ColumnText(1), parser_, /*symbols=*/false);
    if (!affected) {
      return tl::unexpected(std::move(affected.error())
                                .Wrap(fmt::format("database {}: record {}", path_.string(), id)));
    }
    entries.push_back({std::move(id), std::move(*affected)});
  }
  return entries;
}

Result<std::optional<osv::Record>> AdvisoryStore::FindRecord(std::string_view id) const {
  std::lock_guard lock(mutex_);
  Statement& statement = find_record_;
  statement.Reset();
  statement.Bind(1, id);
  SCRY_TRY(bool row, statement.Step());
  if (!row) return std::nullopt;
  osv::Record record;
  record.id = id;
  record.modified = statement.ColumnText(0);
  record.published = statement.ColumnText(1);
  record.withdrawn = statement.ColumnText(2);
  record.summary = statement.ColumnText(3);
  record.details = statement.ColumnText(4);
  SCRY_CHECK(DecodeDetails(statement.ColumnText(5), record, parser_));
  return record;
}

Result<std::vector<std::string>> AdvisoryStore::FindByAlias(std::string_view alias) const {
  std::lock_guard lock(mutex_);
  SCRY_TRY(Statement statement, connection_.Prepare("SELECT id FROM aliases WHERE alias = ?"));
  statement.Bind(1, alias);
  std::vector<std::string> ids;
  while (true) {
    SCRY_TRY(bool row, statement.Step());
    if (!row) break;
    ids.emplace_back(statement.ColumnText(0));
  }
  return ids;
}

Result<DatabaseInfo> AdvisoryStore::Info() const {
  std::lock_guard lock(mutex_);
  DatabaseInfo info;
  info.schema_version = kSchemaVersion;
  std::error_code error;
  info.file_size = fs::file_size(path_, error);
  SCRY_TRY(Statement metadata, connection_.Prepare("SELECT key, value FROM metadata"));
  while (true) {
    SCRY_TRY(bool row, metadata.Step());
    if (!row) break;
    if (metadata.ColumnText(0) == "built_at") info.built_at = metadata.ColumnText(1);
    if (metadata.ColumnText(0) == "next_update") info.next_update = metadata.ColumnText(1);
  }
  SCRY_TRY(Statement sources,
           connection_.Prepare("SELECT name, kind, url, records, updated_at, etag, last_modified, "
                               "sha256 FROM sources ORDER BY name"));
  while (true) {
    SCRY_TRY(bool row, sources.Step());
    if (!row) break;
    SourceInfo source;
    source.name = sources.ColumnText(0);
    source.kind = sources.ColumnText(1);
    source.url = sources.ColumnText(2);
    source.records = sources.ColumnInt(3);
    source.updated_at = sources.ColumnText(4);
    source.etag = sources.ColumnText(5);
    source.last_modified = sources.ColumnText(6);
    source.sha256 = sources.ColumnText(7);
    info.sources.push_back(std::move(source));
  }
  SCRY_TRY(Statement counts,
           connection_.Prepare("SELECT count(*), sum(withdrawn != '') FROM vulnerabilities"));
  SCRY_TRY(bool counted, counts.Step());
  if (counted) {
    info.vulnerabilities = counts.ColumnInt(0);
    info.withdrawn = counts.ColumnInt(1);
  }
  SCRY_TRY(Statement ecosystems,
           connection_.Prepare("SELECT ecosystem, count(DISTINCT id) FROM affected GROUP BY "
                               "ecosystem ORDER BY ecosystem"));
  while (true) {
    SCRY_TRY(bool row, ecosystems.Step());
    if (!row) break;
    info.vulnerabilities_per_ecosystem[std::string(ecosystems.ColumnText(0))] =
        ecosystems.ColumnInt(1);
  }
  return info;
}

}  // namespace scry::db
