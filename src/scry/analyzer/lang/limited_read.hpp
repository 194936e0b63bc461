// Reading a lockfile or metadata file whole, refusing it before and after opening when it is
// larger than a limit (FileInfo::size may be unknown or wrong for some walkers).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scry/analyzer/analyzer.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::lang {

// The file's bytes; kLimitExceeded naming `path` and the limit when it has more than `limit`.
inline Result<std::shared_ptr<const ByteSource>> ReadLimited(const Opener& open,
                                                             std::string_view path,
                                                             uint64_t file_size, uint64_t limit) {
  auto too_large = [&] {
    return Fail(ErrorCode::kLimitExceeded, "{} is larger than the {} MiB allowed for it", path,
                limit >> 20);
  };
  if (file_size > limit) return too_large();
  SCRY_TRY(auto source, open());
  if (source->bytes().size() > limit) return too_large();
  return source;
}

// The directory part of a FileInfo path ("" for a file at the top), with a trailing '/'.
inline std::string_view DirectoryOf(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash + 1);
}

// Parsers name their file in warnings (they are used alone, by fuzzers and tests); the analyzer
// group prefixes every warning with the file's path already, so analyzers drop the repetition
// ("Cargo.lock: Cargo.lock: ..."). Warnings about other files (a sibling manifest) keep theirs.
inline void DropOwnPathPrefix(std::vector<std::string>& warnings, std::string_view path) {
  for (std::string& warning : warnings) {
    if (warning.size() <= path.size() + 1 || !warning.starts_with(path) ||
        warning[path.size()] != ':') {
      continue;
    }
    size_t cut = path.size() + 1;
    if (warning[cut] >= '0' && warning[cut] <= '9') {  // "path:12: ..." -> "line 12: ..."
      warning.replace(0, cut, "line ");
      continue;
    }
    if (warning[cut] == ' ') ++cut;
    warning.erase(0, cut);
  }
}

}  // namespace scry::analyzer::lang
