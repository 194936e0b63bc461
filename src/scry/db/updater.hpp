// `scry db update`: refreshes the advisory database from osv.dev's per-ecosystem all.zip exports
// (or a mirror of them), with conditional requests, checksums and an atomic swap: every
// ecosystem goes into one new database version, committed only when all of them succeeded.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/db/writer.hpp"
#include "scry/net/http_client.hpp"

namespace scry::db {

// osv.dev's public bucket: <repository>/<Ecosystem>/all.zip.
inline constexpr std::string_view kDefaultRepository =
    "https://osv-vulnerabilities.storage.googleapis.com";

// The ecosystems scry matches or is about to, as osv.dev names them.
inline constexpr std::array<std::string_view, 15> kDefaultEcosystems = {
    "Go",  "PyPI", "crates.io", "npm",    "Maven",  "RubyGems",  "NuGet",      "Packagist",
    "Pub", "Hex",  "Debian",    "Ubuntu", "Alpine", "AlmaLinux", "Rocky Linux"};

// How often a downloaded database is refreshed (its next_update is built_at plus this).
inline constexpr std::chrono::hours kUpdateInterval{24};

// What the updater reports while it works, for a progress bar. Every member may be empty; each
// is called on the updating thread. A stage starts with `stage`, may report `bytes` (received,
// total; total 0 when unknown) and always ends with `done` before anything is logged.
struct UpdateProgress {
  std::function<void(std::string_view ecosystem, std::string_view what)> stage;
  std::function<void(uint64_t received, uint64_t total)> bytes;
  std::function<void()> done;
};

struct UpdateOptions {
  std::filesystem::path database;
  // Base URLs, file:// URLs or folders, tried in order per ecosystem; empty: kDefaultRepository.
  std::vector<std::string> repositories;
  // osv.dev ecosystem names; empty: kDefaultEcosystems. Known names match case-insensitively.
  std::vector<std::string> ecosystems;
  net::ClientOptions client;
  UpdateProgress progress;
};

struct EcosystemUpdate {
  std::string ecosystem;
  std::string url;  // the all.zip that answered
  bool not_modified = false;
  int64_t records = 0;  // records stored for this ecosystem after the update
  uint64_t bytes = 0;   // downloaded
  int64_t removed = 0;  // records of the previous download replaced
  ImportStats stats;    // of the import, when downloaded
  // Repositories tried before `url` and why they failed ("<url>: <reason>").
  std::vector<std::string> skipped;
};

struct UpdateSummary {
  std::filesystem::path database;
  std::vector<EcosystemUpdate> ecosystems;
  std::string next_update;
};

// The URL of `ecosystem`'s export below `repository` (escaped for URLs, raw for folders).
std::string ExportUrl(std::string_view repository, std::string_view ecosystem);

// Updates options.database: waits for the database lock (a concurrent update finishes first, and
// this one then gets "not modified" answers), then for each ecosystem tries each repository in
// order until one answers. 304 keeps that ecosystem's records; 200 is verified (x-goog-hash MD5,
// or a <url>.sha256 sidecar when the mirror has one; the length and the zip itself) and replaces
// them. Any ecosystem that no repository could deliver fails the whole update with an error that
// names it, and the previous database stays as it was. Downloads go to temporary files next to
// the database, removed afterwards (or by the next update when this one was killed).
Result<UpdateSummary> UpdateDatabase(const UpdateOptions& options);

// The database's next_update (RFC 3339; empty when it is never due, as for imported data),
// read without the counts AdvisoryStore::Info gathers. Errors as AdvisoryStore::Open.
Result<std::string> ReadNextUpdate(const std::filesystem::path& database);

}  // namespace scry::db
