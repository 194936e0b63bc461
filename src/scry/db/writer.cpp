#include "scry/db/writer.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "scry/archive/zip_reader.hpp"
#include "scry/db/codec.hpp"
#include "scry/db/ecosystem.hpp"
#include "scry/db/schema.hpp"

namespace scry::db {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMalformedExamples = 10;
constexpr uint64_t kMaxRecordFileSize = 64u << 20;

// FNV-1a: a stable digest of a record's stored form, to tell an unchanged record from an edit.
std::string Digest(const std::vector<std::string_view>& parts) {
  uint64_t hash = 1469598103934665603ULL;
  for (std::string_view part : parts) {
    for (char c : part) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
    hash ^= 0xff;
    hash *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", hash);
}

Status SyncFile(const fs::path& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kIo, "open {}: {}", path.string(), std::strerror(errno));
  int status = ::fsync(fd);
  int error = errno;
  ::close(fd);
  if (status != 0) return Fail(ErrorCode::kIo, "sync {}: {}", path.string(), std::strerror(error));
  return Ok();
}

Result<int> SchemaVersionOf(Connection& connection) {
  SCRY_TRY(Statement statement, connection.Prepare("PRAGMA user_version"));
  SCRY_TRY(bool row, statement.Step());
  return row ? static_cast<int>(statement.ColumnInt(0)) : 0;
}

}  // namespace

Result<std::unique_ptr<DatabaseWriter>> DatabaseWriter::Begin(const fs::path& path) {
  std::error_code error;
  fs::path directory = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  fs::create_directories(directory, error);
  if (error) {
    return Fail(ErrorCode::kIo, "cannot create {}: {}", directory.string(), error.message());
  }
  fs::path lock_path = path;
  lock_path += ".lock";
  int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock < 0) {
    return Fail(ErrorCode::kIo, "cannot create {}: {}", lock_path.string(), std::strerror(errno));
  }
  while (::flock(lock, LOCK_EX) != 0) {
    if (errno != EINTR) {
      int saved = errno;
      ::close(lock);
      return Fail(ErrorCode::kIo, "cannot lock {}: {}", lock_path.string(), std::strerror(saved));
    }
  }
  // Holding the lock, any temporary file is a leftover of a writer that died.
  std::string prefix = path.filename().string() + ".tmp.";
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    if (entry.path().filename().string().starts_with(prefix)) fs::remove(entry.path(), error);
  }
  fs::path temporary = directory / (prefix + std::to_string(::getpid()));

  bool reuse = false;
  if (fs::exists(path, error)) {
    auto existing = Connection::Open(path, Connection::Mode::kReadOnlyImmutable);
    if (existing) {
      auto version = SchemaVersionOf(*existing);
      reuse = version && *version == kSchemaVersion;
    }
    if (reuse) {
      fs::copy_file(path, temporary, fs::copy_options::overwrite_existing, error);
      if (error) {
        ::close(lock);
        return Fail(ErrorCode::kIo, "cannot copy {}: {}", path.string(), error.message());
      }
    }
  }
  auto connection = Connection::Open(temporary, Connection::Mode::kReadWriteCreate);
  if (!connection) {
    ::close(lock);
    return tl::unexpected(std::move(connection.error()));
  }
  std::unique_ptr<DatabaseWriter> writer(
      new DatabaseWriter(path, temporary, lock, std::move(*connection)));
  // The temporary file is private until renamed, so durability is settled once at Commit.
  SCRY_CHECK(writer->connection_.Execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"));
  if (!reuse) {
    // Large pages keep nearly every record on one page: a row that overflows its page is copied
    // into a fresh buffer on every read, and scans read thousands of records.
    SCRY_CHECK(writer->connection_.Execute("PRAGMA page_size=16384"));
    SCRY_CHECK(writer->connection_.Execute(SchemaSql()));
    SCRY_CHECK(writer->connection_.Execute(fmt::format("PRAGMA user_version={}", kSchemaVersion)));
  }
  SCRY_CHECK(writer->connection_.Execute("BEGIN"));
  return writer;
}

DatabaseWriter::~DatabaseWriter() {
  if (!committed_) {
    connection_.Close();
    std::error_code error;
    fs::remove(temporary_, error);
  }
  ::close(lock_);
}

Result<DatabaseWriter::Outcome> DatabaseWriter::Add(const osv::Record& record,
                                                    std::string_view source) {
  std::vector<std::string> affected_json;
  if (record.withdrawn.empty()) {
    for (const auto& affected : record.affected) affected_json.push_back(EncodeAffected(affected));
  }
  std::string details = EncodeDetails(record);
  std::vector<std::string_view> parts = {record.modified, record.published, record.withdrawn,
                                         record.summary,  record.details,   details};
  for (const auto& affected : affected_json) parts.push_back(affected);
  std::string digest = Digest(parts);

  SCRY_TRY(Statement existing,
           connection_.Prepare("SELECT modified, digest FROM vulnerabilities WHERE id = ?"));
  existing.Bind(1, record.id);
  SCRY_TRY(bool found, existing.Step());
  Outcome outcome = Outcome::kInserted;
  if (found) {
    std::string modified(existing.ColumnText(0));
    if (existing.ColumnText(1) == digest) return Outcome::kUnchanged;
    if (modified > record.modified) return Outcome::kOlder;
    outcome = Outcome::kUpdated;
    for (const char* table : {"affected", "aliases"}) {
      SCRY_TRY(Statement remove,
               connection_.Prepare(fmt::format("DELETE FROM {} WHERE id = ?", table)));
      SCRY_CHECK(remove.Bind(1, record.id).Run());
    }
  }

  SCRY_TRY(Statement insert,
           connection_.Prepare("INSERT OR REPLACE INTO vulnerabilities (id, source, modified, "
                               "published, withdrawn, summary, details, data, digest) VALUES "
                               "(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, record.id).Bind(2, source).Bind(3, record.modified).Bind(4, record.published);
  insert.Bind(5, record.withdrawn).Bind(6, record.summary).Bind(7, record.details);
  insert.Bind(8, details).Bind(9, digest);
  SCRY_CHECK(insert.Run());

  SCRY_TRY(Statement affected, connection_.Prepare("INSERT OR REPLACE INTO affected (ecosystem, "
                                                   "name, id, seq, data) VALUES (?, ?, ?, ?, ?)"));
  for (size_t i = 0; i < affected_json.size(); ++i) {
    const osv::Affected& entry = record.affected[i];
    if (entry.ecosystem.empty() || entry.name.empty()) continue;
    affected.Bind(1, entry.ecosystem)
        .Bind(2, NormalizePackageName(entry.ecosystem, entry.name))
        .Bind(3, record.id)
        .Bind(4, static_cast<int64_t>(i))
        .Bind(5, affected_json[i]);
    SCRY_CHECK(affected.Run());
  }
  SCRY_TRY(Statement alias,
           connection_.Prepare("INSERT OR IGNORE INTO aliases (alias, id) VALUES (?, ?)"));
  for (const std::string& name : record.aliases) {
    if (name != record.id) SCRY_CHECK(alias.Bind(1, name).Bind(2, record.id).Run());
  }
  return outcome;
}

Result<std::optional<SourceInfo>> DatabaseWriter::FindSource(std::string_view name) {
  SCRY_TRY(Statement statement,
           connection_.Prepare("SELECT kind, url, records, updated_at, etag, last_modified, "
                               "sha256 FROM sources WHERE name = ?"));
  statement.Bind(1, name);
  SCRY_TRY(bool found, statement.Step());
  if (!found) return std::nullopt;
  SourceInfo source;
  source.name = name;
  source.kind = statement.ColumnText(0);
  source.url = statement.ColumnText(1);
  source.records = statement.ColumnInt(2);
  source.updated_at = statement.ColumnText(3);
  source.etag = statement.ColumnText(4);
  source.last_modified = statement.ColumnText(5);
  source.sha256 = statement.ColumnText(6);
  return source;
}

Status DatabaseWriter::PutSource(const SourceInfo& source) {
  SCRY_TRY(Statement statement,
           connection_.Prepare("INSERT OR REPLACE INTO sources (name, kind, url, records, "
                               "updated_at, etag, last_modified, sha256) VALUES (?, ?, ?, ?, ?, "
                               "?, ?, ?)"));
  statement.Bind(1, source.name).Bind(2, source.kind).Bind(3, source.url).Bind(4, source.records);
  statement.Bind(5, source.updated_at).Bind(6, source.etag).Bind(7, source.last_modified);
  statement.Bind(8, source.sha256);
  return statement.Run();
}

Result<int64_t> DatabaseWriter::RemoveSource(std::string_view name) {
  // Child rows first, while the subquery can still find their IDs.
  for (const char* table : {"affected", "aliases"}) {
    SCRY_TRY(Statement remove,
             connection_.Prepare(fmt::format("DELETE FROM {} WHERE id IN (SELECT id FROM "
                                             "vulnerabilities WHERE source = ?)",
                                             table)));
    SCRY_CHECK(remove.Bind(1, name).Run());
  }
  SCRY_TRY(Statement records, connection_.Prepare("DELETE FROM vulnerabilities WHERE source = ? "
                                                  "RETURNING id"));
  records.Bind(1, name);
  int64_t removed = 0;
  while (true) {
    SCRY_TRY(bool row, records.Step());
    if (!row) break;
    ++removed;
  }
  SCRY_TRY(Statement source, connection_.Prepare("DELETE FROM sources WHERE name = ?"));
  SCRY_CHECK(source.Bind(1, name).Run());
  return removed;
}

Status DatabaseWriter::Commit() {
  {
    // Finalized before Close(): sqlite3_close() refuses (and leaks) a connection with live
    // statements.
    SCRY_TRY(Statement metadata,
             connection_.Prepare("INSERT OR REPLACE INTO metadata (key, value) VALUES (?, ?)"));
    SCRY_CHECK(metadata.Bind(1, "schema_version").Bind(2, std::to_string(kSchemaVersion)).Run());
    SCRY_CHECK(metadata.Bind(1, "built_at").Bind(2, NowRfc3339()).Run());
    SCRY_CHECK(metadata.Bind(1, "next_update").Bind(2, next_update_).Run());
  }
  SCRY_CHECK(connection_.Execute("COMMIT"));
  SCRY_CHECK(connection_.Execute("VACUUM"));
  // Close before the rename so every page is in the file, then make file and rename durable.
  connection_.Close();
  SCRY_CHECK(SyncFile(temporary_, false));
  std::error_code error;
  fs::rename(temporary_, path_, error);
  if (error) {
    return Fail(ErrorCode::kIo, "cannot replace {}: {}", path_.string(), error.message());
  }
  committed_ = true;
  return SyncFile(path_.parent_path().empty() ? fs::path(".") : path_.parent_path(), true);
}

void ImportStats::Count(DatabaseWriter::Outcome outcome) {
  switch (outcome) {
    case DatabaseWriter::Outcome::kInserted:
      ++inserted;
      break;
    case DatabaseWriter::Outcome::kUpdated:
      ++updated;
      break;
    case DatabaseWriter::Outcome::kUnchanged:
      ++unchanged;
      break;
    case DatabaseWriter::Outcome::kOlder:
      ++older;
      break;
  }
}

Result<ImportStats> ImportOsv(DatabaseWriter& writer, const fs::path& input,
                              std::string_view source) {
  ImportStats stats;
  auto add = [&](std::string_view name, std::string_view content) -> Status {
    ++stats.files;
    auto record = osv::ParseRecord(content);
    if (!record) {
      ++stats.malformed;
      if (stats.malformed_examples.size() < kMalformedExamples) {
        stats.malformed_examples.push_back(fmt::format("{}: {}", name, record.error().ToString()));
      }
      return Ok();
    }
    ++stats.records;
    if (!record->withdrawn.empty()) ++stats.withdrawn;
    SCRY_TRY(auto outcome, writer.Add(*record, source));
    stats.Count(outcome);
    return Ok();
  };
  auto read_file = [&](const fs::path& file) -> Status {
    std::error_code error;
    auto size = fs::file_size(file, error);
    if (error || size > kMaxRecordFileSize) {
      ++stats.files;
      ++stats.malformed;
      if (stats.malformed_examples.size() < kMalformedExamples) {
        stats.malformed_examples.push_back(
            fmt::format("{}: {}", file.string(), error ? error.message() : "larger than 64 MiB"));
      }
      return Ok();
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return add(file.string(), content.str());
  };

  std::error_code error;
  auto status = fs::status(input, error);
  if (error || !fs::exists(status)) {
    return Fail(ErrorCode::kNotFound, "{} does not exist", input.string());
  }
  if (fs::is_directory(status)) {
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(input, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path());
    }
    if (error) return Fail(ErrorCode::kIo, "cannot list {}: {}", input.string(), error.message());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) SCRY_CHECK(read_file(file));
  } else if (input.extension() == ".zip") {
    SCRY_CHECK(archive::ForEachZipEntry(
        input, {}, [&](std::string_view name, std::string_view content) -> Status {
          if (!name.ends_with(".json")) return Ok();
          return add(fmt::format("{}:{}", input.string(), name), content);
        }));
  } else {
    SCRY_CHECK(read_file(input));
  }
  return stats;
}

}  // namespace scry::db
