// gzip (RFC 1952) decompression of a whole in-memory stream into a file, bounded in size.
#pragma once

#include <cstdint>
#include <filesystem>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"

namespace scry::archive {

// Decompresses `compressed` into `output` (created or truncated). kInvalidInput for a corrupt
// stream, kLimitExceeded past `max_size` decompressed bytes, kIo for write failures.
Status GunzipToFile(Bytes compressed, const std::filesystem::path& output, uint64_t max_size);

}  // namespace scry::archive
