#include "scry/net/digest.hpp"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace scry::net {
namespace {

struct DigestCloser {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

std::string Hex(const unsigned char* bytes, unsigned int size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kDigits[bytes[i] >> 4]);
    hex.push_back(kDigits[bytes[i] & 0xf]);
  }
  return hex;
}

}  // namespace

Result<FileDigests> DigestFile(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return Fail(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo, "cannot read {}: {}",
                path.string(), std::strerror(errno));
  }
  std::unique_ptr<EVP_MD_CTX, DigestCloser> sha256(EVP_MD_CTX_new());
  std::unique_ptr<EVP_MD_CTX, DigestCloser> md5(EVP_MD_CTX_new());
  if (!sha256 || !md5 || EVP_DigestInit_ex(sha256.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestInit_ex(md5.get(), EVP_md5(), nullptr) != 1) {
    return Fail(ErrorCode::kInternal, "OpenSSL could not start a digest");
  }
  FileDigests digests;
  std::unique_ptr<unsigned char[]> buffer(new unsigned char[1 << 20]);
  while (true) {
    size_t read = std::fread(buffer.get(), 1, 1 << 20, file.get());
    if (read == 0) break;
    EVP_DigestUpdate(sha256.get(), buffer.get(), read);
    EVP_DigestUpdate(md5.get(), buffer.get(), read);
    digests.size += read;
  }
  if (std::ferror(file.get())) {
    return Fail(ErrorCode::kIo, "cannot read {}: {}", path.string(), std::strerror(errno));
  }
  unsigned char value[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(sha256.get(), value, &size);
  digests.sha256_hex = Hex(value, size);
  EVP_DigestFinal_ex(md5.get(), value, &size);
  digests.md5_hex = Hex(value, size);
  unsigned char encoded[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  int length = EVP_EncodeBlock(encoded, value, static_cast<int>(size));
  digests.md5_base64.assign(reinterpret_cast<const char*>(encoded),
                            static_cast<size_t>(length > 0 ? length : 0));
  return digests;
}

}  // namespace scry::net
