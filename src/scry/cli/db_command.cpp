#include "scry/cli/db_command.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "scry/base/log.hpp"
#include "scry/cli/progress.hpp"
#include "scry/db/advisory_store.hpp"
#include "scry/db/builtin.hpp"
#include "scry/db/import.hpp"
#include "scry/db/updater.hpp"
#include "scry/db/writer.hpp"

namespace scry::cli {
namespace {

namespace fs = std::filesystem;

int Failure(const Error& error) {
  std::fprintf(stderr, "scry: %s\n", error.ToString().c_str());
  return 1;
}

// Runs an update of `database` with a progress bar on a terminal, and logs what changed.
Result<db::UpdateSummary> Update(const GlobalOptions& global, const fs::path& database,
                                 const DbUpdateOptions& options) {
  ProgressBar bar(ShouldShowProgress(global));
  db::UpdateOptions update;
  update.database = database;
  update.repositories = options.repositories;
  update.ecosystems = options.ecosystems;
  update.progress.stage = [&bar](std::string_view ecosystem, std::string_view what) {
    bar.Start(fmt::format("{}: {}", ecosystem, what));
  };
  update.progress.bytes = [&bar](uint64_t received, uint64_t total) {
    bar.Update(received, total);
  };
  update.progress.done = [&bar] { bar.Clear(); };
  auto summary = db::UpdateDatabase(update);
  bar.Clear();
  if (!summary) return summary;
  for (const db::EcosystemUpdate& ecosystem : summary->ecosystems) {
    if (ecosystem.not_modified) {
      SCRY_LOG_INFO("{}: not modified ({} records)", ecosystem.ecosystem, ecosystem.records);
    } else {
      std::string previous =
          ecosystem.removed > 0 ? fmt::format("was {}; ", ecosystem.removed) : std::string();
      SCRY_LOG_INFO("{}: {} records ({}{} from {})", ecosystem.ecosystem, ecosystem.records,
                    previous, HumanBytes(ecosystem.bytes), ecosystem.url);
    }
  }
  return summary;
}

// " (3 days ago)" for an RFC 3339 UTC time, or nothing when it cannot be read.
std::string Age(const std::string& rfc3339) {
  std::tm parsed{};
  if (strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%SZ", &parsed) == nullptr) return {};
  std::time_t then = timegm(&parsed);
  auto seconds = static_cast<long long>(std::difftime(std::time(nullptr), then));
  if (seconds < 0) return {};
  if (seconds < 3600) return fmt::format(" ({} minutes ago)", seconds / 60);
  if (seconds < 2 * 86400) return fmt::format(" ({} hours ago)", seconds / 3600);
  return fmt::format(" ({} days ago)", seconds / 86400);
}

}  // namespace

fs::path CacheDirectory(const GlobalOptions& global) {
  if (!global.cache_dir.empty()) return global.cache_dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    return fs::path(xdg) / "scry";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return fs::path(home) / ".cache" / "scry";
  }
  return fs::temp_directory_path() / "scry-cache";
}

int RunVersion(const GlobalOptions& global, const std::string& format, std::string_view version) {
  fs::path database = db::DefaultDatabasePath(CacheDirectory(global));
  std::optional<db::DatabaseInfo> info;
  if (auto store = db::AdvisoryStore::Open(database)) {
    if (auto read = (*store)->Info()) info = std::move(*read);
  }
  if (format == "json") {
    nlohmann::ordered_json out;
    out["Version"] = version;
    if (info) {
      out["VulnerabilityDB"] = {{"SchemaVersion", info->schema_version},
                                {"BuiltAt", info->built_at},
                                {"NextUpdate", info->next_update},
                                {"Vulnerabilities", info->vulnerabilities}};
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "Version: " << version << "\n";
  if (info) {
    std::cout << "Vulnerability DB:\n  Schema version: " << info->schema_version
              << "\n  Built at: " << info->built_at << Age(info->built_at)
              << "\n  Vulnerabilities: " << info->vulnerabilities << "\n";
  } else {
    std::cout << "Vulnerability DB: none yet in " << database.parent_path().string()
              << " (the first scan installs the built-in one)\n";
  }
  return 0;
}

int RunDbImport(const GlobalOptions& global, const DbImportOptions& options) {
  fs::path database = db::DefaultDatabasePath(CacheDirectory(global));
  auto writer = db::DatabaseWriter::Begin(database);
  if (!writer) return Failure(writer.error());
  for (const std::string& path : options.paths) {
    std::error_code error;
    fs::path absolute = fs::absolute(path, error);
    auto stats = db::Import(**writer, path, absolute.string());
    if (!stats) return Failure(stats.error().Wrap("import " + path));
    SCRY_LOG_INFO(
        "{} ({}): {} records ({} new, {} updated, {} unchanged, {} older than the stored copy), "
        "{} withdrawn",
        path, stats->format, stats->records, stats->inserted, stats->updated, stats->unchanged,
        stats->older, stats->withdrawn);
    if (stats->not_affected > 0) {
      SCRY_LOG_INFO("{}: {} entries say a release was not affected (no advisory entry)", path,
                    stats->not_affected);
    }
    if (stats->malformed > 0) {
      SCRY_LOG_WARN("{}: {} malformed {} were skipped, e.g. {}", path, stats->malformed,
                    stats->format == "osv" ? "files (not valid OSV records)" : "entries",
                    stats->malformed_examples.front());
      for (size_t i = 1; i < stats->malformed_examples.size(); ++i) {
        SCRY_LOG_DEBUG("skipped: {}", stats->malformed_examples[i]);
      }
    }
    db::SourceInfo source;
    source.name = absolute.string();
    source.kind = stats->format == "osv" ? "import" : "import " + stats->format;
    source.url = absolute.string();
    source.records = static_cast<int64_t>(stats->records);
    source.updated_at = db::NowRfc3339();
    if (auto status = (*writer)->PutSource(source); !status) return Failure(status.error());
  }
  if (auto status = (*writer)->Commit(); !status) return Failure(status.error());
  SCRY_LOG_INFO("vulnerability database written to {}", database.string());
  return 0;
}

int RunDbInfo(const GlobalOptions& global, const DbInfoOptions& options) {
  fs::path database = db::DefaultDatabasePath(CacheDirectory(global));
  auto store = db::AdvisoryStore::Open(database);
  if (!store) return Failure(store.error());
  auto info = (*store)->Info();
  if (!info) return Failure(info.error());
  if (options.format == "json") {
    nlohmann::ordered_json out;
    out["Path"] = database.string();
    out["SchemaVersion"] = info->schema_version;
    out["BuiltAt"] = info->built_at;
    out["NextUpdate"] = info->next_update;
    out["FileSize"] = info->file_size;
    out["Vulnerabilities"] = info->vulnerabilities;
    out["Withdrawn"] = info->withdrawn;
    out["Ecosystems"] = nlohmann::ordered_json::object();
    for (const auto& [ecosystem, count] : info->vulnerabilities_per_ecosystem) {
      out["Ecosystems"][ecosystem] = count;
    }
    out["Sources"] = nlohmann::ordered_json::array();
    for (const auto& source : info->sources) {
      out["Sources"].push_back({{"Name", source.name},
                                {"Kind", source.kind},
                                {"URL", source.url},
                                {"Records", source.records},
                                {"UpdatedAt", source.updated_at}});
      auto& added = out["Sources"].back();
      if (!source.etag.empty()) added["ETag"] = source.etag;
      if (!source.last_modified.empty()) added["LastModified"] = source.last_modified;
      if (!source.sha256.empty()) added["SHA256"] = source.sha256;
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "Database: " << database.string() << "\n";
  std::cout << "Schema version: " << info->schema_version << "\n";
  std::cout << "Built at: " << info->built_at << Age(info->built_at) << "\n";
  std::cout << "Next update: "
            << (info->next_update.empty() ? "never (imported data)" : info->next_update) << "\n";
  std::cout << "Size: " << HumanBytes(info->file_size) << "\n";
  std::cout << "Vulnerabilities: " << info->vulnerabilities << " (" << info->withdrawn
            << " withdrawn)\n";
  std::cout << "Ecosystems:\n";
  for (const auto& [ecosystem, count] : info->vulnerabilities_per_ecosystem) {
    std::cout << "  " << ecosystem << ": " << count << "\n";
  }
  std::cout << "Sources:\n";
  for (const auto& source : info->sources) {
    std::cout << "  " << source.name << " (" << source.kind << ", " << source.records
              << " records, " << source.updated_at << ")\n";
  }
  return 0;
}

int RunDbUpdate(const GlobalOptions& global, const DbUpdateOptions& options) {
  fs::path database = db::DefaultDatabasePath(CacheDirectory(global));
  std::error_code error;
  bool existed = fs::exists(database, error);
  auto summary = Update(global, database, options);
  if (!summary) {
    std::fprintf(stderr, "scry: db update failed, %s: %s\n",
                 existed ? "the previous database is unchanged" : "no database was written",
                 summary.error().ToString().c_str());
    return 1;
  }
  SCRY_LOG_INFO("vulnerability database updated: {} (next update after {})", database.string(),
                summary->next_update);
  return 0;
}

Result<std::unique_ptr<db::AdvisoryStore>> EnsureDatabase(const GlobalOptions& global,
                                                          const DbUpdateOptions& options) {
  fs::path database = db::DefaultDatabasePath(CacheDirectory(global));
  auto store = db::AdvisoryStore::Open(database);
  if (store) {
    if (options.skip_update) return store;
    auto next_update = db::ReadNextUpdate(database);
    if (!next_update || next_update->empty() || *next_update > db::NowRfc3339()) return store;
    SCRY_LOG_INFO("the vulnerability database was due for an update at {}: updating", *next_update);
    auto updated = Update(global, database, options);
    if (!updated) {
      SCRY_LOG_WARN(
          "could not update the vulnerability database ({}); scanning with the "
          "previous one",
          updated.error().ToString());
      return store;
    }
    // The open store still reads the replaced file; the new one is at the same path.
    auto fresh = db::AdvisoryStore::Open(database);
    if (!fresh) {
      SCRY_LOG_WARN("cannot open the updated database ({}); scanning with the previous one",
                    fresh.error().ToString());
      return store;
    }
    return fresh;
  }
  ErrorCode code = store.error().code();
  if (code != ErrorCode::kNotFound && code != ErrorCode::kUnsupported) {
    return Fail(code,
                "cannot read the vulnerability database {} ({}): replace it with `scry db update`, "
                "or `scry db import DIR` offline",
                database.string(), store.error().message());
  }
  if (code == ErrorCode::kNotFound && !db::BuiltinDatabase().empty()) {
    // A first scan works offline: the database built into scry is as old as this build.
    SCRY_CHECK(db::InstallDatabase(database, db::BuiltinDatabase()));
    auto builtin = db::AdvisoryStore::Open(database);
    if (builtin) {
      auto info = (*builtin)->Info();
      SCRY_LOG_INFO(
          "no vulnerability database in {}: installed the one built into scry ({} records, built "
          "{}); run `scry db update` for current data",
          database.parent_path().string(), info ? info->vulnerabilities : 0,
          info ? info->built_at : std::string("?"));
    }
    return builtin;
  }
  if (options.skip_update) {
    return Fail(code,
                "{} and --skip-db-update was given: run `scry db update` first, or `scry db "
                "import DIR` offline",
                store.error().message());
  }
  SCRY_LOG_INFO("{}: downloading the vulnerability database", store.error().message());
  auto updated = Update(global, database, options);
  if (!updated) {
    return Fail(updated.error().code(),
                "no vulnerability database, and downloading one failed ({}): run `scry db "
                "update` when online, or `scry db import DIR` with OSV records offline",
                updated.error().ToString());
  }
  SCRY_LOG_INFO("vulnerability database written to {}", database.string());
  return db::AdvisoryStore::Open(database);
}

}  // namespace scry::cli
