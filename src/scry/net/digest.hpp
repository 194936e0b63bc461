// Checksums of downloaded files (OpenSSL's libcrypto), to compare with what a server or mirror
// publishes: Google Cloud Storage's x-goog-hash MD5 and sha256sum-style sidecar files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "scry/base/error.hpp"

namespace scry::net {

struct FileDigests {
  std::string sha256_hex;  // lower case
  std::string md5_hex;     // lower case
  std::string md5_base64;  // as x-goog-hash sends it
  uint64_t size = 0;
};

// Reads `path` once and computes both digests. kNotFound/kIo when it cannot be read.
Result<FileDigests> DigestFile(const std::filesystem::path& path);

}  // namespace scry::net
