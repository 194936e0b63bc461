#include "scry/db/updater.hpp"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <optional>

#include "scry/base/log.hpp"
#include "scry/base/strings.hpp"
#include "scry/db/sqlite.hpp"
#include "scry/net/digest.hpp"

namespace scry::db {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kMaxSidecarSize = 4096;

std::string FormatRfc3339(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::vector<std::string> SelectedEcosystems(const std::vector<std::string>& requested) {
  std::vector<std::string> selected;
  if (requested.empty()) {
    for (std::string_view name : kDefaultEcosystems) selected.emplace_back(name);
    return selected;
  }
  for (const std::string& name : requested) {
    std::string canonical = name;
    for (std::string_view known : kDefaultEcosystems) {
      if (strings::EqualsIgnoreCase(name, known)) canonical = known;
    }
    if (std::find(selected.begin(), selected.end(), canonical) == selected.end()) {
      selected.push_back(std::move(canonical));
    }
  }
  return selected;
}

// Compares the download with what the repository publishes about it: Google Cloud Storage sends
// the MD5 in x-goog-hash; other mirrors may put `sha256sum` output next to the file.
Status Verify(const net::HttpClient& client, const std::string& url,
              const net::DownloadResponse& response, const net::FileDigests& digests) {
  if (response.content_length && digests.size != *response.content_length) {
    return Fail(ErrorCode::kNetwork, "{}: received {} of {} bytes", url, digests.size,
                *response.content_length);
  }
  if (!response.md5_base64.empty()) {
    if (response.md5_base64 != digests.md5_base64) {
      return Fail(ErrorCode::kInvalidInput,
                  "{}: checksum mismatch: the server's MD5 is {}, the download's is {}", url,
                  response.md5_base64, digests.md5_base64);
    }
    return Ok();
  }
  auto sidecar = client.Fetch(url + ".sha256", kMaxSidecarSize);
  if (!sidecar) {
    ErrorCode code = sidecar.error().code();
    if (code == ErrorCode::kNotFound || code == ErrorCode::kAuth) {
      SCRY_LOG_DEBUG("{}: no checksum published ({})", url, sidecar.error().ToString());
      return Ok();
    }
    return tl::unexpected(std::move(sidecar.error()).Wrap("checksum of " + url));
  }
  // "<hex>" or "<hex>  all.zip", as sha256sum writes it.
  std::string_view text = strings::TrimSpace(*sidecar);
  std::string_view expected = strings::Cut(text, " ").before;
  expected = strings::Cut(expected, "\t").before;
  if (expected.size() != 64 ||
      expected.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "{}.sha256 is not a SHA-256 checksum", url);
  }
  if (!strings::EqualsIgnoreCase(expected, digests.sha256_hex)) {
    return Fail(ErrorCode::kInvalidInput,
                "{}: checksum mismatch: {}.sha256 says {}, the download's SHA-256 is {}", url, url,
                expected, digests.sha256_hex);
  }
  return Ok();
}

struct Attempt {
  const UpdateOptions& options;
  const net::HttpClient& client;
  DatabaseWriter& writer;
  const std::string& ecosystem;
  // The stored download of this ecosystem, whose validators make the request conditional.
  const std::optional<SourceInfo>& stored;
  // Set once this ecosystem's records were removed: later repositories must send everything.
  bool& removed_records;
};

// Updates one ecosystem from one URL, downloading into `temporary`.
Status UpdateFrom(const Attempt& attempt, const std::string& url, const fs::path& temporary,
                  EcosystemUpdate& update) {
  const UpdateProgress& progress = attempt.options.progress;
  net::DownloadRequest request;
  request.url = url;
  request.destination = temporary;
  if (attempt.stored && !attempt.removed_records) {
    request.if_none_match = attempt.stored->etag;
    request.if_modified_since = attempt.stored->last_modified;
  }
  request.progress = progress.bytes;
  if (progress.stage) progress.stage(attempt.ecosystem, "downloading");
  auto response = attempt.client.Download(request);
  if (progress.done) progress.done();
  if (!response) return tl::unexpected(std::move(response.error()));
  update.url = url;
  if (response->not_modified) {
    update.not_modified = true;
    update.records = attempt.stored->records;
    return Ok();
  }
  update.bytes = response->bytes;
  SCRY_TRY(net::FileDigests digests, net::DigestFile(temporary));
  SCRY_CHECK(Verify(attempt.client, url, *response, digests));

  if (progress.stage) progress.stage(attempt.ecosystem, "importing");
  auto removed = attempt.writer.RemoveSource(attempt.ecosystem);
  attempt.removed_records = true;
  std::optional<Result<ImportStats>> stats;
  if (removed) stats = ImportOsv(attempt.writer, temporary, attempt.ecosystem);
  if (progress.done) progress.done();
  if (!removed) return tl::unexpected(std::move(removed.error()));
  if (!*stats) return tl::unexpected(std::move(stats->error()).Wrap(url));
  if ((*stats)->records == 0 && (*stats)->malformed > 0) {
    return Fail(ErrorCode::kInvalidInput, "{}: no valid OSV record in {} files, e.g. {}", url,
                (*stats)->malformed, (*stats)->malformed_examples.front());
  }
  if ((*stats)->malformed > 0) {
    SCRY_LOG_WARN("{}: {} files were not valid OSV records and were skipped, e.g. {}", url,
                  (*stats)->malformed, (*stats)->malformed_examples.front());
  }
  update.removed = *removed;
  update.stats = **stats;
  update.records = static_cast<int64_t>((*stats)->records);

  SourceInfo source;
  source.name = attempt.ecosystem;
  source.kind = "download";
  source.url = url;
  source.records = update.records;
  source.updated_at = NowRfc3339();
  source.etag = response->etag;
  source.last_modified = response->last_modified;
  source.sha256 = digests.sha256_hex;
  return attempt.writer.PutSource(source);
}

}  // namespace

std::string ExportUrl(std::string_view repository, std::string_view ecosystem) {
  if (repository.find("://") == std::string_view::npos) {
    return (fs::path(repository) / ecosystem / "all.zip").string();
  }
  while (repository.ends_with('/')) repository.remove_suffix(1);
  return fmt::format("{}/{}/all.zip", repository, net::EscapePathSegment(ecosystem));
}

Result<UpdateSummary> UpdateDatabase(const UpdateOptions& options) {
  std::vector<std::string> repositories = options.repositories;
  if (repositories.empty()) repositories.emplace_back(kDefaultRepository);
  std::vector<std::string> ecosystems = SelectedEcosystems(options.ecosystems);

  SCRY_TRY(std::unique_ptr<DatabaseWriter> writer, DatabaseWriter::Begin(options.database));
  net::HttpClient client(options.client);
  // Named like the writer's own temporary file, so that DatabaseWriter::Begin removes what a
  // killed update left behind.
  fs::path directory =
      options.database.parent_path().empty() ? fs::path(".") : options.database.parent_path();
  std::string prefix =
      fmt::format("{}.tmp.{}.download", options.database.filename().string(), ::getpid());

  UpdateSummary summary;
  summary.database = options.database;
  for (size_t index = 0; index < ecosystems.size(); ++index) {
    const std::string& ecosystem = ecosystems[index];
    SCRY_TRY(std::optional<SourceInfo> stored, writer->FindSource(ecosystem));
    if (stored && stored->kind != "download") stored.reset();
    bool removed_records = false;
    Attempt attempt{options, client, *writer, ecosystem, stored, removed_records};
    EcosystemUpdate update;
    update.ecosystem = ecosystem;
    std::optional<Error> last_error;
    bool updated = false;
    for (const std::string& repository : repositories) {
      std::string url = ExportUrl(repository, ecosystem);
      fs::path temporary = directory / fmt::format("{}{}.zip", prefix, index);
      Status status = UpdateFrom(attempt, url, temporary, update);
      std::error_code ignored;
      fs::remove(temporary, ignored);
      if (status) {
        updated = true;
        break;
      }
      SCRY_LOG_DEBUG("{}: {}", ecosystem, status.error().ToString());
      update.skipped.push_back(status.error().ToString());
      last_error = std::move(status.error());
    }
    if (!updated) {
      return Fail(last_error->code(), "{}: {}", ecosystem, strings::Join(update.skipped, "; "));
    }
    if (!update.skipped.empty()) {
      SCRY_LOG_WARN("{}: downloaded from {} after: {}", ecosystem, update.url,
                    strings::Join(update.skipped, "; "));
    }
    summary.ecosystems.push_back(std::move(update));
  }
  summary.next_update = FormatRfc3339(std::chrono::system_clock::now() + kUpdateInterval);
  writer->SetNextUpdate(summary.next_update);
  SCRY_CHECK(writer->Commit());
  return summary;
}

Result<std::string> ReadNextUpdate(const fs::path& database) {
  std::error_code error;
  if (!fs::is_regular_file(database, error)) {
    return Fail(ErrorCode::kNotFound, "no vulnerability database at {}", database.string());
  }
  SCRY_TRY(Connection connection, Connection::Open(database, Connection::Mode::kReadOnlyImmutable));
  SCRY_TRY(Statement statement,
           connection.Prepare("SELECT value FROM metadata WHERE key = 'next_update'"));
  SCRY_TRY(bool row, statement.Step());
  return row ? std::string(statement.ColumnText(0)) : std::string();
}

}  // namespace scry::db
