// SHA-256 over OpenSSL's EVP (SHA-NI where the CPU has it): layer digests and diffIDs are hashed
// while the layer streams, so the hash must keep up with decompression.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "scry/base/bytes.hpp"

namespace scry {

// An incremental SHA-256. Not thread-safe; cheap to create (the EVP_MD is fetched once).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  void Update(Bytes data);
  // The digest of everything passed to Update, as 64 lower-case hex digits. Ends the hash: call
  // Reset() before reusing the object.
  std::string FinishHex();
  void Reset();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// SHA-256 of `data` as 64 lower-case hex digits.
std::string Sha256Hex(Bytes data);

}  // namespace scry
