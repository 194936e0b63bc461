// A file offered by a walker: what it is, and how to read it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "scry/base/byte_source.hpp"
#include "scry/base/error.hpp"

namespace scry::walker {

struct FileInfo {
  std::string path;  // relative to the target root, '/'-separated, no leading '/', no ".."
  uint64_t size = 0;
  uint32_t mode = 0;  // st_mode type and permission bits
};

// Gives the file's bytes on demand (an mmap for files on disk). Thread-safe.
using Opener = std::function<Result<std::shared_ptr<const ByteSource>>()>;

}  // namespace scry::walker
