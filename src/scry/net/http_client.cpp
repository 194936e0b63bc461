#include "scry/net/http_client.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <thread>

#include "scry/base/log.hpp"
#include "scry/base/strings.hpp"
#include "scry/net/curl_library.hpp"

namespace scry::net {
namespace {

namespace fs = std::filesystem;

constexpr size_t kCopyBuffer = 1 << 20;
constexpr long kMaxRedirects = 5;

// Only used after Curl() succeeded, so the library is loaded.
const CurlLibrary& Api() { return **Curl(); }

struct CurlCloser {
  void operator()(CURL* handle) const { Api().easy_cleanup(handle); }
};
struct SlistCloser {
  void operator()(curl_slist* list) const { Api().slist_free_all(list); }
};
struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Where one attempt's body goes, and what the response headers said.
struct Transfer {
  CURL* handle = nullptr;
  std::FILE* file = nullptr;      // Download
  std::string* memory = nullptr;  // Fetch
  uint64_t limit = 0;
  uint64_t written = 0;
  bool over_limit = false;
  int write_errno = 0;
  const ProgressCallback* progress = nullptr;
  std::string reason;  // the status line's reason phrase
  std::string etag;
  std::string last_modified;
  std::string md5_base64;
};

bool IsSuccess(long status) { return status >= 200 && status < 300; }

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  long status = 0;
  Api().easy_getinfo(transfer->handle, CURLINFO_RESPONSE_CODE, &status);
  // Error pages are not the document asked for: drop them, so they neither reach the
  // destination nor count against the size limit.
  if (!IsSuccess(status)) return bytes;
  if (transfer->written + bytes > transfer->limit) {
    transfer->over_limit = true;
    return 0;
  }
  if (transfer->memory != nullptr) {
    transfer->memory->append(data, bytes);
  } else if (std::fwrite(data, 1, bytes, transfer->file) != bytes) {
    transfer->write_errno = errno != 0 ? errno : EIO;
    return 0;
  }
  transfer->written += bytes;
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  std::string_view line(data, bytes);
  line = strings::TrimSpace(line);
  if (line.starts_with("HTTP/")) {
    // A new response (after a redirect or a 100 Continue): forget the previous one's headers.
    transfer->reason.clear();
    transfer->etag.clear();
    transfer->last_modified.clear();
    transfer->md5_base64.clear();
    auto status = strings::Cut(line, " ");
    auto reason = strings::Cut(status.after, " ");
    if (reason.found) transfer->reason = strings::TrimSpace(reason.after);
    return bytes;
  }
  auto header = strings::Cut(line, ":");
  if (!header.found) return bytes;
  std::string_view value = strings::TrimSpace(header.after);
  if (strings::EqualsIgnoreCase(header.before, "etag")) {
    transfer->etag = value;
  } else if (strings::EqualsIgnoreCase(header.before, "last-modified")) {
    transfer->last_modified = value;
  } else if (strings::EqualsIgnoreCase(header.before, "x-goog-hash")) {
    // "crc32c=n03x6A==, md5=Ojk9c3dhfxgoKVVHYwFbHQ==", possibly split over several headers.
    for (std::string_view part : strings::Split(value, ',')) {
      auto hash = strings::Cut(strings::TrimSpace(part), "=");
      if (hash.found && strings::EqualsIgnoreCase(hash.before, "md5")) {
        transfer->md5_base64 = hash.after;
      }
    }
  }
  return bytes;
}

int OnProgress(void* user, curl_off_t total, curl_off_t received, curl_off_t, curl_off_t) {
  auto* transfer = static_cast<Transfer*>(user);
  if (transfer->progress != nullptr && *transfer->progress) {
    (*transfer->progress)(static_cast<uint64_t>(received > 0 ? received : 0),
                          static_cast<uint64_t>(total > 0 ? total : 0));
  }
  return 0;
}

// Failures worth another try: the network or the server may do better in a moment.
bool IsTransient(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

struct Attempt {
  Status status;       // the error, when the attempt failed
  bool retry = false;  // the failure is transient
  bool not_modified = false;
};

// One GET of `url` into `transfer`.
Attempt Perform(const ClientOptions& options, std::string_view url, const DownloadRequest* request,
                Transfer& transfer, DownloadResponse& response) {
  std::unique_ptr<CURL, CurlCloser> handle(Api().easy_init());
  if (!handle) return {Fail(ErrorCode::kInternal, "libcurl could not allocate a handle")};
  CURL* curl = handle.get();
  transfer.handle = curl;
  std::string url_string(url);
  char error_buffer[CURL_ERROR_SIZE] = {};
  Api().easy_setopt(curl, CURLOPT_URL, url_string.c_str());
  Api().easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  Api().easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  Api().easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  Api().easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  Api().easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  Api().easy_setopt(curl, CURLOPT_MAXREDIRS, kMaxRedirects);
  Api().easy_setopt(curl, CURLOPT_USERAGENT, options.user_agent.c_str());
  Api().easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                    static_cast<long>(options.connect_timeout.count()));
  Api().easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(options.low_speed_limit));
  Api().easy_setopt(curl, CURLOPT_LOW_SPEED_TIME,
                    static_cast<long>(options.low_speed_time.count()));
  Api().easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  Api().easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  Api().easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  Api().easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  Api().easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, OnProgress);
  Api().easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
  Api().easy_setopt(curl, CURLOPT_NOPROGRESS, transfer.progress != nullptr ? 0L : 1L);
  std::unique_ptr<curl_slist, SlistCloser> headers;
  auto add_header = [&](const std::string& line) {
    curl_slist* list = Api().slist_append(headers.get(), line.c_str());
    if (list != nullptr) {
      (void)headers.release();
      headers.reset(list);
    }
  };
  if (request != nullptr && !request->if_none_match.empty()) {
    add_header("If-None-Match: " + request->if_none_match);
  }
  if (request != nullptr && !request->if_modified_since.empty()) {
    add_header("If-Modified-Since: " + request->if_modified_since);
  }
  if (headers) Api().easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());

  CURLcode code = Api().easy_perform(curl);
  long status = 0;
  Api().easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  char* effective = nullptr;
  if (Api().easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK &&
      effective != nullptr) {
    response.effective_url = effective;
  }
  if (code == CURLE_WRITE_ERROR && transfer.over_limit) {
    return {Fail(ErrorCode::kLimitExceeded, "GET {}: the body is larger than {} bytes", url,
                 transfer.limit)};
  }
  if (code == CURLE_WRITE_ERROR && transfer.write_errno != 0) {
    return {Fail(ErrorCode::kIo, "GET {}: cannot write {}: {}", url,
                 request != nullptr ? request->destination.string() : "memory",
                 std::strerror(transfer.write_errno))};
  }
  if (code != CURLE_OK) {
    std::string reason = error_buffer[0] != '\0' ? error_buffer : Api().easy_strerror(code);
    return {Fail(ErrorCode::kNetwork, "GET {}: {}", url, reason), IsTransient(code)};
  }
  std::string http_status = transfer.reason.empty()
                                ? fmt::format("HTTP {}", status)
                                : fmt::format("HTTP {} {}", status, transfer.reason);
  if (status == 304) return {Ok(), false, true};
  if (status == 401 || status == 403) {
    return {Fail(ErrorCode::kAuth, "GET {}: {}: access refused", url, http_status)};
  }
  if (status == 404 || status == 410) {
    return {Fail(ErrorCode::kNotFound, "GET {}: {}", url, http_status)};
  }
  if (!IsSuccess(status)) {
    return {Fail(ErrorCode::kNetwork, "GET {}: {}", url, http_status), status >= 500};
  }
  curl_off_t length = -1;
  if (Api().easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK &&
      length >= 0) {
    response.content_length = static_cast<uint64_t>(length);
    if (transfer.written != static_cast<uint64_t>(length)) {
      return {Fail(ErrorCode::kNetwork, "GET {}: received {} of {} bytes", url, transfer.written,
                   length),
              true};
    }
  }
  response.status = static_cast<int>(status);
  return {Ok()};
}

std::string HttpDate(std::time_t time) {
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return buffer;
}

// A local mirror: the file is copied, and an ETag made from its modification time and size
// answers conditional requests the way a web server would.
Result<DownloadResponse> CopyLocal(const fs::path& path, const DownloadRequest& request,
                                   uint64_t limit) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    int error = errno;
    if (error == ENOENT || error == ENOTDIR) {
      return Fail(ErrorCode::kNotFound, "{}: no such file", path.string());
    }
    return Fail(ErrorCode::kIo, "{}: {}", path.string(), std::strerror(error));
  }
  if (!S_ISREG(info.st_mode)) return Fail(ErrorCode::kIo, "{} is not a file", path.string());
  DownloadResponse response;
  response.effective_url = path.string();
  response.etag =
      fmt::format("\"{:x}.{:09}-{:x}\"", info.st_mtim.tv_sec, info.st_mtim.tv_nsec, info.st_size);
  response.last_modified = HttpDate(info.st_mtim.tv_sec);
  response.content_length = static_cast<uint64_t>(info.st_size);
  if ((!request.if_none_match.empty() && request.if_none_match == response.etag) ||
      (request.if_none_match.empty() && !request.if_modified_since.empty() &&
       request.if_modified_since == response.last_modified)) {
    response.not_modified = true;
    response.status = 304;
    return response;
  }
  if (*response.content_length > limit) {
    return Fail(ErrorCode::kLimitExceeded, "{}: larger than {} bytes", path.string(), limit);
  }
  std::unique_ptr<std::FILE, FileCloser> in(std::fopen(path.c_str(), "rb"));
  if (!in) return Fail(ErrorCode::kIo, "cannot read {}: {}", path.string(), std::strerror(errno));
  std::unique_ptr<std::FILE, FileCloser> out(std::fopen(request.destination.c_str(), "wb"));
  if (!out) {
    return Fail(ErrorCode::kIo, "cannot write {}: {}", request.destination.string(),
                std::strerror(errno));
  }
  std::unique_ptr<char[]> buffer(new char[kCopyBuffer]);
  while (true) {
    size_t read = std::fread(buffer.get(), 1, kCopyBuffer, in.get());
    if (read == 0) break;
    if (response.bytes + read > limit) {
      return Fail(ErrorCode::kLimitExceeded, "{}: larger than {} bytes", path.string(), limit);
    }
    if (std::fwrite(buffer.get(), 1, read, out.get()) != read) {
      return Fail(ErrorCode::kIo, "cannot write {}: {}", request.destination.string(),
                  std::strerror(errno));
    }
    response.bytes += read;
    if (request.progress) request.progress(response.bytes, *response.content_length);
  }
  if (std::ferror(in.get())) {
    return Fail(ErrorCode::kIo, "cannot read {}: {}", path.string(), std::strerror(errno));
  }
  if (std::fflush(out.get()) != 0) {
    return Fail(ErrorCode::kIo, "cannot write {}: {}", request.destination.string(),
                std::strerror(errno));
  }
  response.status = 200;
  return response;
}

// Runs `attempt` up to options.attempts times while it fails transiently, with a doubling delay.
template <class Function>
Status WithRetries(const ClientOptions& options, std::string_view url, Function attempt,
                   bool& not_modified) {
  auto backoff = options.initial_backoff;
  int attempts = options.attempts < 1 ? 1 : options.attempts;
  for (int i = 1;; ++i) {
    Attempt result = attempt();
    if (result.status) {
      not_modified = result.not_modified;
      return Ok();
    }
    if (!result.retry || i >= attempts) {
      if (i == 1) return result.status;
      const Error& error = result.status.error();
      return Fail(error.code(), "{} (tried {} times)", error.message(), i);
    }
    SCRY_LOG_DEBUG("{}; retrying {} in {} ms", result.status.error().ToString(), url,
                   backoff.count());
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}

}  // namespace

HttpClient::HttpClient(ClientOptions options) : options_(std::move(options)) {}

Result<DownloadResponse> HttpClient::Download(const DownloadRequest& request) const {
  if (auto local = LocalPath(request.url)) {
    return CopyLocal(*local, request, options_.max_body_size);
  }
  SCRY_CHECK(Curl());
  DownloadResponse response;
  bool not_modified = false;
  SCRY_CHECK(WithRetries(
      options_, request.url,
      [&]() -> Attempt {
        std::unique_ptr<std::FILE, FileCloser> file(std::fopen(request.destination.c_str(), "wb"));
        if (!file) {
          return {Fail(ErrorCode::kIo, "cannot write {}: {}", request.destination.string(),
                       std::strerror(errno))};
        }
        Transfer transfer;
        transfer.file = file.get();
        transfer.limit = options_.max_body_size;
        transfer.progress = request.progress ? &request.progress : nullptr;
        response = DownloadResponse();
        Attempt attempt = Perform(options_, request.url, &request, transfer, response);
        if (attempt.status && std::fflush(file.get()) != 0) {
          return {Fail(ErrorCode::kIo, "cannot write {}: {}", request.destination.string(),
                       std::strerror(errno))};
        }
        response.bytes = transfer.written;
        response.etag = std::move(transfer.etag);
        response.last_modified = std::move(transfer.last_modified);
        response.md5_base64 = std::move(transfer.md5_base64);
        return attempt;
      },
      not_modified));
  if (not_modified) {
    response.not_modified = true;
    response.status = 304;
    if (request.if_none_match.empty() && request.if_modified_since.empty()) {
      return Fail(ErrorCode::kNetwork, "GET {}: HTTP 304 to an unconditional request", request.url);
    }
  }
  return response;
}

Result<std::string> HttpClient::Fetch(std::string_view url, uint64_t max_size) const {
  if (auto local = LocalPath(url)) {
    std::error_code error;
    auto size = fs::file_size(*local, error);
    if (error) {
      if (error == std::errc::no_such_file_or_directory || error == std::errc::not_a_directory) {
        return Fail(ErrorCode::kNotFound, "{}: no such file", local->string());
      }
      return Fail(ErrorCode::kIo, "{}: {}", local->string(), error.message());
    }
    if (size > max_size) {
      return Fail(ErrorCode::kLimitExceeded, "{}: larger than {} bytes", local->string(), max_size);
    }
    std::unique_ptr<std::FILE, FileCloser> in(std::fopen(local->c_str(), "rb"));
    if (!in) {
      return Fail(ErrorCode::kIo, "cannot read {}: {}", local->string(), std::strerror(errno));
    }
    std::string content(size, '\0');
    content.resize(std::fread(content.data(), 1, size, in.get()));
    return content;
  }
  SCRY_CHECK(Curl());
  std::string body;
  bool not_modified = false;
  SCRY_CHECK(WithRetries(
      options_, url,
      [&]() -> Attempt {
        body.clear();
        Transfer transfer;
        transfer.memory = &body;
        transfer.limit = max_size;
        DownloadResponse response;
        return Perform(options_, url, nullptr, transfer, response);
      },
      not_modified));
  return body;
}

std::optional<fs::path> LocalPath(std::string_view url) {
  constexpr std::string_view kScheme = "file://";
  if (url.size() >= kScheme.size() && strings::EqualsIgnoreCase(url.substr(0, 7), kScheme)) {
    std::string_view rest = url.substr(kScheme.size());
    if (rest.starts_with("localhost/")) rest.remove_prefix(std::string_view("localhost").size());
    if (!rest.starts_with('/')) return std::nullopt;
    std::string decoded;
    for (size_t i = 0; i < rest.size(); ++i) {
      auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      if (rest[i] == '%' && i + 2 < rest.size() && hex(rest[i + 1]) >= 0 && hex(rest[i + 2]) >= 0) {
        decoded.push_back(static_cast<char>(hex(rest[i + 1]) * 16 + hex(rest[i + 2])));
        i += 2;
      } else {
        decoded.push_back(rest[i]);
      }
    }
    return fs::path(decoded);
  }
  if (url.find("://") != std::string_view::npos || url.empty()) return std::nullopt;
  return fs::path(url);
}

std::string EscapePathSegment(std::string_view segment) {
  std::string escaped;
  for (char c : segment) {
    auto byte = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      escaped.push_back(c);
    } else {
      escaped += fmt::format("%{:02X}", byte);
    }
  }
  return escaped;
}

}  // namespace scry::net
