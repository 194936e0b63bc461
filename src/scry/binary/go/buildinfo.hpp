// Go build info blob (what `go version -m` reads), located and decoded like Go's debug/buildinfo:
// the "\xff Go buildinf:" magic at a 16-byte aligned offset in the first 64 KiB of the data start
// (section .go.buildinfo / __go_buildinfo, else the first writable non-executable data segment or
// section). Both header generations are decoded: Go >= 1.18 inline varint strings (flag bit 2)
// and Go 1.13-1.17 pointers to string headers (pointer size 4 or 8, either byte order).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"
#include "scry/binary/executable.hpp"

namespace scry::binary::go {

struct RawBuildInfo {
  std::string go_version;  // runtime.buildVersion, never empty
  // runtime.modinfo with its 16-byte sentinel framing removed; empty for GOPATH builds and when
  // the framing is missing (as Go does).
  std::string modinfo;
  bool inline_strings = false;  // Go >= 1.18 layout
  unsigned pointer_size = 8;
  Endian endian = Endian::kLittle;
};

// Reads `size` bytes at a virtual address, or nullopt when unmapped or short.
using ReadFunction = std::function<std::optional<Bytes>(uint64_t address, uint64_t size)>;

// Decodes the blob that starts with the magic (`blob` runs to the end of the searched window).
// Pointers in the old layout are resolved through `read`. kInvalidInput when the header or the
// strings are malformed (bad pointer size, lengths past the data, a version that is empty or not
// text); kLimitExceeded when a string is larger than base/limits.hpp allows. Pure.
Result<RawBuildInfo> DecodeBuildInfoBlob(Bytes blob, const ReadFunction& read);

// Finds and decodes the build info of `executable`. nullopt when there is no blob (not a Go
// binary, or the blob was removed or its magic overwritten); an error when a blob is found but
// cannot be decoded.
Result<std::optional<RawBuildInfo>> ReadBuildInfo(const Executable& executable);

}  // namespace scry::binary::go
