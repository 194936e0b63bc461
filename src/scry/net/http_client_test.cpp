#include "scry/net/http_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "scry/net/digest.hpp"

namespace scry::net {
namespace {

namespace fs = std::filesystem;

// A one-connection-at-a-time HTTP server on 127.0.0.1 whose answers the test writes byte for
// byte: enough to produce the statuses, headers and broken transfers the client must handle.
class TinyServer {
 public:
  // Returns the raw response for a request (request line and headers).
  using Handler = std::function<std::string(const std::string& request)>;

  explicit TinyServer(Handler handler) : handler_(std::move(handler)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(listener_, 16) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
      return;
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~TinyServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(listener_);
  }

  std::string Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  std::vector<std::string> Requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd poll_fd{listener_, POLLIN, 0};
      if (::poll(&poll_fd, 1, 50) <= 0) continue;
      int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        ssize_t read = ::recv(client, buffer, sizeof buffer, 0);
        if (read <= 0) break;
        request.append(buffer, static_cast<size_t>(read));
      }
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
      }
      std::string response = handler_(request);
      size_t sent = 0;
      while (sent < response.size()) {
        ssize_t wrote =
            ::send(client, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
        if (wrote <= 0) break;
        sent += static_cast<size_t>(wrote);
      }
      ::shutdown(client, SHUT_RDWR);
      ::close(client);
    }
  }

  Handler handler_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> requests_;
};

std::string Response(std::string_view status, std::string_view headers, std::string_view body) {
  std::ostringstream out;
  out << "HTTP/1.1 " << status << "\r\nConnection: close\r\nContent-Length: " << body.size()
      << "\r\n"
      << headers << "\r\n"
      << body;
  return out.str();
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("scry-net-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    // The servers are on 127.0.0.1: never through a proxy from the environment.
    ::setenv("no_proxy", "127.0.0.1,localhost", 1);
    ::setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    options_.initial_backoff = std::chrono::milliseconds(1);
    options_.connect_timeout = std::chrono::seconds(5);
  }
  void TearDown() override { fs::remove_all(directory_); }

  DownloadRequest Request(std::string url) {
    DownloadRequest request;
    request.url = std::move(url);
    request.destination = directory_ / "body";
    return request;
  }

  fs::path directory_;
  ClientOptions options_;
};

TEST_F(HttpClientTest, DownloadsToAFileWithValidators) {
  TinyServer server([](const std::string&) {
    return Response("200 OK",
                    "ETag: \"v1\"\r\nLast-Modified: Tue, 01 Oct 2024 10:00:00 GMT\r\n"
                    "x-goog-hash: crc32c=mnG7TA==\r\nx-goog-hash: md5=XUFAKrxLKna5cZ2REBfFkg==\r\n",
                    "hello");
  });
  std::vector<std::pair<uint64_t, uint64_t>> progress;
  DownloadRequest request = Request(server.Url("/Go/all.zip"));
  request.progress = [&](uint64_t received, uint64_t total) {
    progress.emplace_back(received, total);
  };
  auto response = HttpClient(options_).Download(request);
  ASSERT_TRUE(response.has_value()) << response.error().ToString();
  EXPECT_FALSE(response->not_modified);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->etag, "\"v1\"");
  EXPECT_EQ(response->last_modified, "Tue, 01 Oct 2024 10:00:00 GMT");
  EXPECT_EQ(response->md5_base64, "XUFAKrxLKna5cZ2REBfFkg==");
  EXPECT_EQ(response->bytes, 5u);
  EXPECT_EQ(response->content_length, 5u);
  EXPECT_EQ(ReadFile(request.destination), "hello");
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), std::make_pair(uint64_t{5}, uint64_t{5}));

  auto digests = DigestFile(request.destination);
  ASSERT_TRUE(digests.has_value());
  EXPECT_EQ(digests->md5_base64, response->md5_base64);
  EXPECT_EQ(digests->md5_hex, "5d41402abc4b2a76b9719d911017c592");
  EXPECT_EQ(digests->sha256_hex,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
}

TEST_F(HttpClientTest, ConditionalRequestsGetNotModified) {
  TinyServer server([](const std::string& request) {
    if (request.find("If-None-Match: \"v1\"\r\n") != std::string::npos &&
        request.find("If-Modified-Since: Tue, 01 Oct 2024 10:00:00 GMT\r\n") != std::string::npos) {
      return std::string("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nConnection: close\r\n\r\n");
    }
    return Response("200 OK", "", "changed");
  });
  DownloadRequest request = Request(server.Url("/Go/all.zip"));
  request.if_none_match = "\"v1\"";
  request.if_modified_since = "Tue, 01 Oct 2024 10:00:00 GMT";
  auto response = HttpClient(options_).Download(request);
  ASSERT_TRUE(response.has_value()) << response.error().ToString();
  EXPECT_TRUE(response->not_modified);
  EXPECT_EQ(response->status, 304);
  EXPECT_EQ(response->bytes, 0u);
}

TEST_F(HttpClientTest, ClientErrorsAreNotRetried) {
  for (auto [status, code] : {std::pair{"404 Not Found", ErrorCode::kNotFound},
                              std::pair{"410 Gone", ErrorCode::kNotFound},
                              std::pair{"401 Unauthorized", ErrorCode::kAuth},
                              std::pair{"403 Forbidden", ErrorCode::kAuth},
                              std::pair{"400 Bad Request", ErrorCode::kNetwork}}) {
    std::string line = status;
    TinyServer server([&](const std::string&) { return Response(line, "", "<html>no</html>"); });
    std::string url = server.Url("/Go/all.zip");
    auto response = HttpClient(options_).Download(Request(url));
    ASSERT_FALSE(response.has_value()) << status;
    EXPECT_EQ(response.error().code(), code) << status;
    EXPECT_NE(response.error().message().find(url), std::string::npos);
    EXPECT_NE(response.error().message().find(line), std::string::npos);
    EXPECT_EQ(server.Requests().size(), 1u) << status;
  }
}

TEST_F(HttpClientTest, ServerErrorsAreRetriedThenReported) {
  TinyServer server([](const std::string&) { return Response("503 Service Unavailable", "", ""); });
  options_.attempts = 3;
  auto response = HttpClient(options_).Download(Request(server.Url("/x")));
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code(), ErrorCode::kNetwork);
  EXPECT_NE(response.error().message().find("HTTP 503 Service Unavailable"), std::string::npos);
  EXPECT_NE(response.error().message().find("tried 3 times"), std::string::npos);
  EXPECT_EQ(server.Requests().size(), 3u);
}

TEST_F(HttpClientTest, RetrySucceedsAfterATransientFailure) {
  std::atomic<int> calls{0};
  TinyServer server([&](const std::string&) {
    return ++calls == 1 ? Response("500 Internal Server Error", "", "oops")
                        : Response("200 OK", "", "body");
  });
  DownloadRequest request = Request(server.Url("/x"));
  auto response = HttpClient(options_).Download(request);
  ASSERT_TRUE(response.has_value()) << response.error().ToString();
  EXPECT_EQ(ReadFile(request.destination), "body");
  EXPECT_EQ(server.Requests().size(), 2u);
}

TEST_F(HttpClientTest, TruncatedBodiesFail) {
  TinyServer server([](const std::string&) {
    return std::string("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly a part");
  });
  options_.attempts = 2;
  std::string url = server.Url("/Go/all.zip");
  auto response = HttpClient(options_).Download(Request(url));
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code(), ErrorCode::kNetwork);
  EXPECT_NE(response.error().message().find(url), std::string::npos);
  EXPECT_EQ(server.Requests().size(), 2u);
}

TEST_F(HttpClientTest, ConnectionRefusedNamesTheUrl) {
  int port = 0;
  {
    TinyServer server([](const std::string&) { return std::string(); });
    port = std::stoi(server.Url("").substr(17));
  }
  options_.attempts = 2;
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/Go/all.zip";
  auto response = HttpClient(options_).Download(Request(url));
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code(), ErrorCode::kNetwork);
  EXPECT_NE(response.error().message().find(url), std::string::npos);
  EXPECT_NE(response.error().message().find("onnect"), std::string::npos)
      << response.error().message();
}

TEST_F(HttpClientTest, FollowsRedirects) {
  TinyServer server([](const std::string& request) {
    if (request.starts_with("GET /old ")) {
      return Response("302 Found", "Location: /new\r\nETag: \"old\"\r\n", "");
    }
    return Response("200 OK", "ETag: \"new\"\r\n", "moved");
  });
  DownloadRequest request = Request(server.Url("/old"));
  auto response = HttpClient(options_).Download(request);
  ASSERT_TRUE(response.has_value()) << response.error().ToString();
  EXPECT_EQ(response->etag, "\"new\"");
  EXPECT_EQ(response->effective_url, server.Url("/new"));
  EXPECT_EQ(ReadFile(request.destination), "moved");
}

TEST_F(HttpClientTest, FetchIsBounded) {
  TinyServer server([](const std::string& request) {
    if (request.starts_with("GET /big ")) return Response("200 OK", "", std::string(2000, 'x'));
    return Response("200 OK", "", "abc  all.zip\n");
  });
  HttpClient client(options_);
  auto small = client.Fetch(server.Url("/small"), 100);
  ASSERT_TRUE(small.has_value()) << small.error().ToString();
  EXPECT_EQ(*small, "abc  all.zip\n");
  auto big = client.Fetch(server.Url("/big"), 100);
  ASSERT_FALSE(big.has_value());
  EXPECT_EQ(big.error().code(), ErrorCode::kLimitExceeded);
}

TEST_F(HttpClientTest, LocalMirrors) {
  fs::create_directories(directory_ / "mirror dir" / "Go");
  fs::path source = directory_ / "mirror dir" / "Go" / "all.zip";
  std::ofstream(source) << "zip bytes";
  HttpClient client(options_);
  for (std::string url :
       {source.string(), "file://" + (directory_ / "mirror%20dir").string() + "/Go/all.zip"}) {
    DownloadRequest request = Request(url);
    auto response = client.Download(request);
    ASSERT_TRUE(response.has_value()) << url << ": " << response.error().ToString();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(ReadFile(request.destination), "zip bytes");
    EXPECT_FALSE(response->etag.empty());
    // The same file again: not modified.
    request.if_none_match = response->etag;
    auto again = client.Download(request);
    ASSERT_TRUE(again.has_value());
    EXPECT_TRUE(again->not_modified);
  }
  auto missing = client.Download(Request((directory_ / "nothing" / "all.zip").string()));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  auto sidecar = client.Fetch("file://" + source.string(), 100);
  ASSERT_TRUE(sidecar.has_value());
  EXPECT_EQ(*sidecar, "zip bytes");
  EXPECT_EQ(client.Fetch(source.string(), 3).error().code(), ErrorCode::kLimitExceeded);
}

TEST(UrlTest, LocalPathAndEscaping) {
  EXPECT_EQ(LocalPath("file:///srv/osv/Go/all.zip"), fs::path("/srv/osv/Go/all.zip"));
  EXPECT_EQ(LocalPath("file://localhost/srv/Rocky%20Linux"), fs::path("/srv/Rocky Linux"));
  EXPECT_EQ(LocalPath("relative/mirror"), fs::path("relative/mirror"));
  EXPECT_EQ(LocalPath("https://example.org/x"), std::nullopt);
  EXPECT_EQ(LocalPath("file://host/x"), std::nullopt);
  EXPECT_EQ(EscapePathSegment("Rocky Linux"), "Rocky%20Linux");
  EXPECT_EQ(EscapePathSegment("crates.io"), "crates.io");
  EXPECT_EQ(EscapePathSegment("Debian:12"), "Debian%3A12");
}

}  // namespace
}  // namespace scry::net
