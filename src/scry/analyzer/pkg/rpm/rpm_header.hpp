// RPM header blobs as rpm stores them in its package database (rpmdb.sqlite, BerkeleyDB
// Packages, NDB Packages.db): the "header structure" of the RPM file format without the 8-byte
// header magic. Layout (all integers big-endian), from rpm's lib/header.c and
// https://rpm-software-management.github.io/rpm/manual/format_v4.html:
//   int32 il (index entries), int32 dl (data bytes), il x {int32 tag, type, offset, count},
//   dl bytes of data. The first entry may be a region tag (HEADERIMMUTABLE 63, HEADERIMAGE 61,
//   HEADERSIGNATURES 62) whose 16-byte trailer in the data store says how many entries the
//   signed region covers; entries after it ("dribble") were added at install time.
// Supported: rpm 4.x headers (every rpm version writes this layout since 1998).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::pkg::rpm {

// Tag numbers from rpm's include/rpm/rpmtag.h that scry reads.
namespace tag {
inline constexpr uint32_t kHeaderImage = 61;
inline constexpr uint32_t kHeaderSignatures = 62;
inline constexpr uint32_t kHeaderImmutable = 63;
inline constexpr uint32_t kSigMd5 = 261;
inline constexpr uint32_t kName = 1000;
inline constexpr uint32_t kVersion = 1001;
inline constexpr uint32_t kRelease = 1002;
inline constexpr uint32_t kEpoch = 1003;
inline constexpr uint32_t kVendor = 1011;
inline constexpr uint32_t kLicense = 1014;
inline constexpr uint32_t kArch = 1022;
inline constexpr uint32_t kOldFilenames = 1027;
inline constexpr uint32_t kSourceRpm = 1044;
inline constexpr uint32_t kDirIndexes = 1116;
inline constexpr uint32_t kBaseNames = 1117;
inline constexpr uint32_t kDirNames = 1118;
inline constexpr uint32_t kModularityLabel = 5096;
}  // namespace tag

enum class RpmType : uint32_t {
  kNull = 0,
  kChar = 1,
  kInt8 = 2,
  kInt16 = 3,
  kInt32 = 4,
  kInt64 = 5,
  kString = 6,
  kBin = 7,
  kStringArray = 8,
  kI18nString = 9,
};

// One index entry. `data` is exactly the entry's bytes inside the blob: for string types every
// one of the `count` strings is NUL-terminated inside it (checked by ParseRpmHeader).
struct RpmHeaderEntry {
  uint32_t tag = 0;
  RpmType type = RpmType::kNull;
  uint32_t count = 0;
  Bytes data;
};

// A validated header. Views into the blob, which must outlive it.
class RpmHeader {
 public:
  explicit RpmHeader(std::vector<RpmHeaderEntry> entries) : entries_(std::move(entries)) {}

  const std::vector<RpmHeaderEntry>& entries() const { return entries_; }
  // The first entry with `tag`, or nullptr.
  const RpmHeaderEntry* Find(uint32_t tag) const;
  // A STRING entry, or the first string of an I18NSTRING/STRING_ARRAY one; nullopt when the
  // tag is absent or of another type.
  std::optional<std::string_view> String(uint32_t tag) const;
  // The strings of a STRING_ARRAY/I18NSTRING (or the one of a STRING) entry; empty when absent
  // or of another type.
  std::vector<std::string_view> Strings(uint32_t tag) const;
  // The values of an INT32 entry; empty when absent or of another type.
  std::vector<uint32_t> Int32s(uint32_t tag) const;
  // The BIN bytes of an entry; nullopt when absent or of another type.
  std::optional<Bytes> Binary(uint32_t tag) const;

 private:
  std::vector<RpmHeaderEntry> entries_;
};

// Parses and validates a header blob: entry counts and data size within base/limits.hpp, types
// known, offsets aligned and inside the data store, strings terminated, the region trailer
// consistent. kInvalidInput or kLimitExceeded on any violation; never reads out of range.
Result<RpmHeader> ParseRpmHeader(Bytes blob);

// What scry takes from one installed package's header (`rpm -q --qf` field names in comments).
struct RpmPackageInfo {
  std::string name;               // NAME
  std::string version;            // VERSION
  std::string release;            // RELEASE
  std::optional<uint32_t> epoch;  // EPOCH; rpm's EPOCHNUM is this or 0
  std::string arch;               // ARCH; empty for gpg-pubkey pseudo packages
  std::string source_rpm;         // SOURCERPM, e.g. "glibc-2.34-60.el9.src.rpm"
  std::string vendor;             // VENDOR
  std::string license;            // LICENSE
  std::string modularity_label;   // MODULARITYLABEL (RHEL 8+ modules)
  std::string sig_md5;            // SIGMD5 in lower-case hex
  // Installed files as `rpm -ql` lists them (absolute paths), from DIRNAMES[DIRINDEXES[i]] +
  // BASENAMES[i], or OLDFILENAMES for headers older than rpm 4.
  std::vector<std::string> files;
};

// ParseRpmHeader plus the fields above. A header without NAME or VERSION, or with file lists
// that do not match (index out of range, counts differing), is kInvalidInput.
Result<RpmPackageInfo> ParseRpmPackage(Bytes blob);

// Splits a source rpm file name "name-version-release.arch.rpm" (yum's splitFilename, as
// Trivy does) into name, version and release; nullopt when it has not that shape.
struct SourceRpmName {
  std::string name;
  std::string version;
  std::string release;
};
std::optional<SourceRpmName> SplitSourceRpm(std::string_view file_name);

}  // namespace scry::analyzer::pkg::rpm
