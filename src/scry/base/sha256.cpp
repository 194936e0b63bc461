#include "scry/base/sha256.hpp"

#include <openssl/evp.h>

namespace scry {
namespace {

const EVP_MD* Sha256Md() {
  // Fetched once: EVP_sha256() per hash would repeat the provider lookup (dependencies.md, 2).
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md != nullptr ? md : EVP_sha256();
}

}  // namespace

struct Sha256::State {
  EVP_MD_CTX* context = nullptr;
  ~State() { EVP_MD_CTX_free(context); }
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
  state_->context = EVP_MD_CTX_new();
  Reset();
}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::Reset() { EVP_DigestInit_ex(state_->context, Sha256Md(), nullptr); }

void Sha256::Update(Bytes data) {
  if (!data.empty()) EVP_DigestUpdate(state_->context, data.data(), data.size());
}

std::string Sha256::FinishHex() {
  static constexpr char kDigits[] = "0123456789abcdef";
  unsigned char value[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(state_->context, value, &size);
  std::string hex;
  hex.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kDigits[value[i] >> 4]);
    hex.push_back(kDigits[value[i] & 0xf]);
  }
  return hex;
}

std::string Sha256Hex(Bytes data) {
  Sha256 hash;
  hash.Update(data);
  return hash.FinishHex();
}

}  // namespace scry
