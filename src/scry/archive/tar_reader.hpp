// Walking a tar stream (an image layer) entry by entry without extracting anything: libarchive
// parses the tar structure (ustar, pax, GNU) of bytes that our own ByteStream delivers, already
// decompressed. Paths are cleaned; nothing is ever written to or resolved on the host.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scry/archive/stream.hpp"
#include "scry/base/error.hpp"

struct archive;  // libarchive's reader handle (global namespace)

namespace scry::archive {

struct TarEntry {
  enum class Type { kRegular, kDirectory, kSymlink, kHardlink, kOther };
  // Cleaned: '/'-separated, no leading '/', no empty, '.' or '..' components. Never empty.
  std::string path;
  Type type = Type::kRegular;
  // st_mode-style: file type bits and permission bits as the tar header gives them.
  uint32_t mode = 0;
  // Content bytes (0 for directories, links and most kOther entries).
  uint64_t size = 0;
  // kSymlink: the target as written (may be absolute or contain '..'; never resolved here).
  // kHardlink: the cleaned path of the entry it links to.
  std::string link_target;
};

// The content of the current entry. Valid only during the TarCallback call that received it;
// whatever the callback leaves unread is skipped.
class EntryReader {
 public:
  // Fills a prefix of `buffer`; 0 at the end of the entry. kInvalidInput when the tar stream is
  // truncated or corrupt inside the entry.
  Result<size_t> Read(std::span<uint8_t> buffer);

  // Internal: constructed by WalkTar only.
  EntryReader(::archive* handle, const std::string* path, const std::optional<Error>* input_error)
      : handle_(handle), path_(path), input_error_(input_error) {}

 private:
  ::archive* handle_;
  const std::string* path_;
  const std::optional<Error>* input_error_;  // what the input stream failed with, if it did
};

struct TarWalkReport {
  uint64_t entries = 0;     // entries passed to the callback
  uint64_t skipped = 0;     // entries not passed (escaping paths, the root directory, too long)
  bool end_marker = false;  // the stream ended with end-of-archive blocks
  // Things that were tolerated, for the caller to log ("the tar stream ends without
  // end-of-archive blocks; read 3 entries"). At most kMaxWarnings, then one summary line.
  std::vector<std::string> warnings;
  static constexpr size_t kMaxWarnings = 64;
};

// Called once per entry in stream order. An error stops the walk and is returned by WalkTar.
using TarCallback = std::function<Status(const TarEntry&, EntryReader&)>;

// Reads the tar stream `input` (uncompressed; compression is the caller's stage) and calls `cb`
// for every entry. Device files and fifos are kOther; whiteout names (.wh.*) are ordinary entries.
// An entry whose path escapes the root through '..', or whose hard-link target does, is skipped
// with a warning. A stream that ends cleanly at an entry boundary without end-of-archive blocks is
// accepted with a warning (`umoci insert` writes such layers, and may even stop right after the
// last entry's data, without its padding: that is accepted too); an empty stream is an empty tar
// with a warning. Stops reading at the end-of-archive blocks: the caller drains what follows.
// Errors: kInvalidInput (corrupt or truncated tar, naming the entry), kLimitExceeded (more than
// limits::kMaxTarEntries entries), errors of `input` and of `cb` unchanged; kNotFound when
// libarchive cannot be loaded. `report` may be null.
Status WalkTar(ByteStream& input, const TarCallback& cb, TarWalkReport* report);

// Cleans a tar path as TarEntry::path describes. nullopt when it escapes the root ("../x",
// "a/../../x"); an empty string for the root itself ("./", "/").
std::optional<std::string> CleanTarPath(std::string_view path);

}  // namespace scry::archive
