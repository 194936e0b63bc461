#include "scry/db/schema.hpp"

namespace scry::db {

std::string_view SchemaSql() {
  // Advisories are looked up by (ecosystem, package name); details by ID, aliases both ways.
  // WITHOUT ROWID keeps each table a single B-tree ordered by its key.
  return R"sql(
CREATE TABLE metadata (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE sources (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  url TEXT NOT NULL,
  records INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  sha256 TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE vulnerabilities (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  modified TEXT NOT NULL,
  published TEXT NOT NULL,
  withdrawn TEXT NOT NULL,
  summary TEXT NOT NULL,
  details TEXT NOT NULL,
  data TEXT NOT NULL,
  digest TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE affected (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (ecosystem, name, id, seq)
) WITHOUT ROWID;
CREATE INDEX affected_by_id ON affected (id);
CREATE TABLE aliases (
  alias TEXT NOT NULL,
  id TEXT NOT NULL,
  PRIMARY KEY (alias, id)
) WITHOUT ROWID;
CREATE INDEX aliases_by_id ON aliases (id);
)sql";
}

}  // namespace scry::db
