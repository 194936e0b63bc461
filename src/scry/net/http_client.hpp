// Downloading files over HTTP(S) with libcurl, and from local mirrors (file:// URLs and plain
// paths) through the same interface. Bodies go straight to a file, never into memory.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "scry/base/error.hpp"

namespace scry::net {

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(30)};
  // A transfer slower than low_speed_limit bytes/s for low_speed_time is abandoned (kNetwork).
  int64_t low_speed_limit = 1024;
  std::chrono::seconds low_speed_time{60};
  // Tries per request; connection errors, interrupted transfers and 5xx answers are retried
  // after a backoff that doubles from initial_backoff. 4xx answers are never retried.
  int attempts = 3;
  std::chrono::milliseconds initial_backoff{500};
  // A body larger than this fails with kLimitExceeded.
  uint64_t max_body_size = 8ULL << 30;
  std::string user_agent = "scry";
};

// Called as the body arrives: bytes received so far and the total (0 when unknown). Runs on the
// calling thread, often; keep it cheap.
using ProgressCallback = std::function<void(uint64_t received, uint64_t total)>;

struct DownloadRequest {
  // http://, https://, file:// or a plain local path.
  std::string url;
  // Created or truncated; on failure it may hold a partial body, which the caller removes.
  std::filesystem::path destination;
  // Conditional request: sent as If-None-Match / If-Modified-Since when not empty.
  std::string if_none_match;
  std::string if_modified_since;
  ProgressCallback progress;
};

struct DownloadResponse {
  bool not_modified = false;  // 304: `destination` was not written
  int status = 0;             // the final HTTP status (200 or 304; local files report the same)
  std::string etag;           // as sent, quotes included
  std::string last_modified;  // as sent (an HTTP date)
  std::string md5_base64;     // the md5= value of Google Cloud Storage's x-goog-hash, if sent
  std::optional<uint64_t> content_length;
  uint64_t bytes = 0;         // body bytes written to `destination`
  std::string effective_url;  // after redirects
};

// Thread-compatible: one client per thread (each Download uses its own curl handle).
class HttpClient {
 public:
  explicit HttpClient(ClientOptions options = {});

  // GETs `request.url` into `request.destination`. Proxies come from http_proxy, https_proxy,
  // no_proxy and all_proxy (libcurl's handling). Errors name the URL: kNotFound for 404 (or a
  // missing local file), kAuth for 401/403, kLimitExceeded past max_body_size, kIo when the
  // destination cannot be written, and kNetwork for everything else (curl's reason, the HTTP
  // status, a body shorter than its Content-Length) once the retries are used up.
  Result<DownloadResponse> Download(const DownloadRequest& request) const;

  // GETs a small document (at most `max_size` bytes) into memory, e.g. a checksum sidecar.
  // Same errors as Download.
  Result<std::string> Fetch(std::string_view url, uint64_t max_size) const;

  const ClientOptions& options() const { return options_; }

 private:
  ClientOptions options_;
};

// The local path a file:// URL or plain path names, or nullopt for any other URL (http:, ...).
// "file:///srv/osv/Go/all.zip" and "/srv/osv/Go/all.zip" give "/srv/osv/Go/all.zip"; %XX escapes
// are decoded.
std::optional<std::filesystem::path> LocalPath(std::string_view url);

// Percent-encodes one URL path segment (RFC 3986 unreserved characters stay): "Rocky Linux" ->
// "Rocky%20Linux".
std::string EscapePathSegment(std::string_view segment);

}  // namespace scry::net
