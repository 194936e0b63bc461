// An index of an uncompressed tar file (docker-save and OCI archive tarballs): where each member's
// data lies, so that blobs inside the tarball are read in place with pread, by several threads at
// once, without extracting anything. Reads only the headers (ustar, pax, GNU long names).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "scry/archive/stream.hpp"
#include "scry/base/error.hpp"

namespace scry::archive {

struct TarIndexEntry {
  enum class Type { kRegular, kDirectory, kSymlink, kHardlink, kOther };
  Type type = Type::kRegular;
  uint64_t offset = 0;  // of the data in the tar file
  uint64_t size = 0;
  std::string link_target;  // symlink: as written; hardlink: cleaned path
};

class TarIndex {
 public:
  // Reads every header of `file`. A later member of the same name replaces an earlier one (as
  // extraction would). Members whose path escapes the root are left out. A file that ends
  // without end-of-archive blocks is accepted at a member boundary. kInvalidInput naming the
  // file for a bad header checksum, a truncated member or malformed pax records;
  // kLimitExceeded past limits::kMaxTarEntries.
  static Result<TarIndex> Build(const RandomAccessFile& file);

  // The entry at cleaned `path` itself (links not followed), or null.
  const TarIndexEntry* Find(const std::string& path) const;

  // The regular file `path` names, following symbolic links (relative to the link's folder;
  // absolute targets from the tar's root) and hard links, at most limits::kMaxTarLinkHops.
  // kNotFound naming the path when nothing is there, kInvalidInput for a link loop, a link
  // out of the root or a path naming something other than a file.
  Result<const TarIndexEntry*> Resolve(const std::string& path) const;

  const std::map<std::string, TarIndexEntry>& entries() const { return entries_; }

 private:
  std::map<std::string, TarIndexEntry> entries_;
  std::string name_;
};

}  // namespace scry::archive
