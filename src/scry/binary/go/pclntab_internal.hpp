// Internals of pclntab.cpp, exposed for tests and the fuzzer: the pure table parser and the pure
// searches over data regions that RecoverFromPclntab combines. Never included outside the module.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"
#include "scry/binary/go/pclntab.hpp"

namespace scry::binary::go::internal {

// The table header. Offsets are relative to the start of the table; those a layout lacks are 0.
struct PclntabHeader {
  PclntabVersion version = PclntabVersion::kGo120;
  Endian endian = Endian::kLittle;
  unsigned quantum = 1;       // pc quantum (minimum instruction length): 1, 2 or 4
  unsigned pointer_size = 8;  // 4 or 8
  uint64_t function_count = 0;
  uint64_t file_count = 0;  // 1.16+: nfiles; 1.2: entries of the file table, slot 0 included
  uint64_t funcname_offset = 0;
  uint64_t cu_offset = 0;
  uint64_t filetab_offset = 0;
  uint64_t pctab_offset = 0;
  uint64_t functab_offset = 0;   // start of the {entry, funcoff} pairs
  uint64_t funcdata_offset = 0;  // base of funcoff values (1.16+: pclnOffset; 1.2: 0)
};

// Checks the fixed 8-byte prefix: one of the four magics read in either byte order, two zero bytes,
// a pc quantum of 1, 2 or 4 and a pointer size of 4 or 8. Fills version, endian, quantum and
// pointer_size; nullopt when `data` does not start with such a prefix.
std::optional<PclntabHeader> ProbePclntabHeader(Bytes data);

// Parses and bounds-checks the whole header of the table `table` (which may run past the table's
// end, as when found by a search). kInvalidInput when an offset or count points outside `table`;
// kLimitExceeded when a count exceeds base/limits.hpp.
Result<PclntabHeader> ParsePclntabHeader(Bytes table);

// Everything the table alone gives.
struct PclntabContents {
  PclntabHeader header;
  std::vector<std::string> package_paths;                  // as RecoveredGoBinary::package_paths
  std::map<std::string, std::string> package_directories;  // as RecoveredGoBinary's
  std::string main_source_file;
  std::vector<ModuleCachePath> module_cache_paths;
  uint64_t main_function_count = 0;  // functions named main.main (1 in a program)
};

// Parses the table: every function name (package paths), the source file of main.main (pcfile
// stream through the file table or, 1.16+, the compilation unit table) and every file name
// (module cache roots). Pure; kInvalidInput for any offset past the data, malformed varint or
// unterminated stream, kLimitExceeded past base/limits.hpp.
Result<PclntabContents> ParsePclntab(Bytes table);

// The module root of a source file path in the module cache: ".../pkg/mod/<path>@<version>/..." or
// (-trimpath) "<path>@<version>/...", unescaped ("!b" -> "B"). nullopt for other paths.
std::optional<ModuleCachePath> ModuleCachePathOfFile(std::string_view file_name);

// Undoes the linker's escaping of package paths in symbol names ("%2e" -> "."; see
// cmd/internal/objabi.PathToPrefix). nullopt for a malformed escape.
std::optional<std::string> UnescapeSymbolPath(std::string_view path);

// True for runtime.buildVersion values: go1.N[.M][(rc|beta)K][ <anything>] or "devel <anything>",
// 4 to 128 printable ASCII characters.
bool LooksLikeGoVersion(std::string_view text);

// A range of the address space backed by file bytes.
struct Region {
  uint64_t address = 0;
  Bytes bytes;
};

// Finds runtime.buildVersion without symbols: Go string headers {ptr, len} at pointer-aligned
// addresses of `data_regions` whose pointer leads, through `readable_regions`, to exactly `len`
// bytes satisfying LooksLikeGoVersion (a version inside longer text does not count). Of several
// distinct values the most release-like wins (release, then rc/beta, then devel), then the most
// referenced, then the one whose first header comes first. Empty when there is none. One pass
// over the data; cost linear in its size.
std::string FindGoVersionInData(const std::vector<Region>& data_regions,
                                const std::vector<Region>& readable_regions, unsigned pointer_size,
                                Endian endian);

// A possible function table: its address, parsed header and bytes (to the end of its region).
struct TableCandidate {
  uint64_t address = 0;
  PclntabHeader header;
  Bytes bytes;
};

// For each candidate, whether `data_regions` hold the runtime's moduledata for it: a
// pointer-aligned word equal to the table address, followed (1.16+) by the funcnametab pointer
// (address + funcname_offset) or (1.2-1.15) by a non-zero length, an equal capacity and the ftab
// pointer (address + functab_offset). One pass over the data per pointer size and byte order.
std::vector<bool> FindModuledataReferences(const std::vector<Region>& data_regions,
                                           const std::vector<TableCandidate>& candidates);

// Searches `regions` (read-only data) for table headers (ProbePclntabHeader, then
// ParsePclntabHeader on the rest of the region), in region order, each byte looked at a bounded
// number of times. At most limits::kMaxPclntabCandidates are returned.
std::vector<TableCandidate> FindTableCandidates(const std::vector<Region>& regions);

}  // namespace scry::binary::go::internal
