// The per-layer analysis cache: what the analyzers found in a layer, stored by a key that names
// the layer (its diffID) and everything that changes analysis (analyzer versions, options), so a
// second scan of the same image analyses nothing. Backends are listed in MakeCache (one switch).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "scry/base/error.hpp"

namespace scry::cache {

// Stores opaque blobs by key. Keys are 64 lower-case hex digits (a SHA-256 of what they name).
// Implementations are safe to use from several threads and, for shared backends, from several
// processes at once: a reader sees either nothing or a whole blob, never a partial one.
class Cache {
 public:
  virtual ~Cache() = default;
  // nullopt when the key is not stored. kInvalidInput for a malformed key; kIo when the backend
  // fails (callers treat that as a miss and go on).
  virtual Result<std::optional<std::string>> Get(std::string_view key) const = 0;
  virtual Status Put(std::string_view key, std::string_view blob) = 0;
  // Removes every blob.
  virtual Status Clear() = 0;
};

enum class Backend { kFilesystem, kMemory };

// "fs" or "memory"; kInvalidInput names the accepted values otherwise.
Result<Backend> ParseBackend(std::string_view name);

// kFilesystem keeps blobs under `directory` (created when missing) as content-addressed files
// written to a temporary name and renamed into place, so concurrent scans never block or see
// half-written blobs. kMemory keeps them for the life of the process.
Result<std::unique_ptr<Cache>> MakeCache(Backend backend, const std::filesystem::path& directory);

// The cache key for `parts` (each part is length-prefixed, so no two lists collide).
std::string MakeKey(const std::initializer_list<std::string_view>& parts);

}  // namespace scry::cache
