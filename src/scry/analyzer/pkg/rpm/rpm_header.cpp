#include "scry/analyzer/pkg/rpm/rpm_header.hpp"

#include <cstring>

#include "scry/base/limits.hpp"

namespace scry::analyzer::pkg::rpm {
namespace {

constexpr uint64_t kEntrySize = 16;

uint32_t Be32(const uint8_t* p) { return static_cast<uint32_t>(DecodeUint(p, 4, Endian::kBig)); }

bool IsStringType(RpmType type) {
  return type == RpmType::kString || type == RpmType::kStringArray || type == RpmType::kI18nString;
}

// Bytes per element and alignment of fixed-size types; 0 for strings.
uint64_t ElementSize(RpmType type) {
  switch (type) {
    case RpmType::kNull:
      return 0;
    case RpmType::kChar:
    case RpmType::kInt8:
    case RpmType::kBin:
      return 1;
    case RpmType::kInt16:
      return 2;
    case RpmType::kInt32:
      return 4;
    case RpmType::kInt64:
      return 8;
    default:
      return 0;
  }
}

// Length of the `count` NUL-terminated strings at the start of `data`, or nullopt when they
// do not all end inside it.
std::optional<uint64_t> StringsLength(Bytes data, uint32_t count) {
  if (count > data.size()) return std::nullopt;  // every string takes at least its NUL
  uint64_t offset = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const void* nul = std::memchr(data.data() + offset, 0, data.size() - offset);
    if (nul == nullptr) return std::nullopt;
    offset = static_cast<uint64_t>(static_cast<const uint8_t*>(nul) - data.data()) + 1;
  }
  return offset;
}

std::vector<std::string_view> SplitStrings(const RpmHeaderEntry& entry) {
  std::vector<std::string_view> out;
  out.reserve(entry.count);
  std::string_view rest = AsChars(entry.data);
  for (uint32_t i = 0; i < entry.count; ++i) {
    size_t nul = rest.find('\0');
    if (nul == std::string_view::npos) break;  // unreachable after validation
    out.push_back(rest.substr(0, nul));
    rest.remove_prefix(nul + 1);
  }
  return out;
}

std::string Hex(Bytes data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (uint8_t byte : data) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 15]);
  }
  return out;
}

bool IsRegionTag(uint32_t tag) {
  return tag == tag::kHeaderImage || tag == tag::kHeaderSignatures || tag == tag::kHeaderImmutable;
}

}  // namespace

const RpmHeaderEntry* RpmHeader::Find(uint32_t wanted) const {
  for (const auto& entry : entries_) {
    if (entry.tag == wanted) return &entry;
  }
  return nullptr;
}

std::optional<std::string_view> RpmHeader::String(uint32_t wanted) const {
  const RpmHeaderEntry* entry = Find(wanted);
  if (entry == nullptr || !IsStringType(entry->type) || entry->count == 0) return std::nullopt;
  std::string_view text = AsChars(entry->data);
  return text.substr(0, text.find('\0'));
}

std::vector<std::string_view> RpmHeader::Strings(uint32_t wanted) const {
  const RpmHeaderEntry* entry = Find(wanted);
  if (entry == nullptr || !IsStringType(entry->type)) return {};
  return SplitStrings(*entry);
}

std::vector<uint32_t> RpmHeader::Int32s(uint32_t wanted) const {
  const RpmHeaderEntry* entry = Find(wanted);
  if (entry == nullptr || entry->type != RpmType::kInt32) return {};
  std::vector<uint32_t> out(entry->count);
  for (uint32_t i = 0; i < entry->count; ++i) out[i] = Be32(entry->data.data() + 4 * i);
  return out;
}

std::optional<Bytes> RpmHeader::Binary(uint32_t wanted) const {
  const RpmHeaderEntry* entry = Find(wanted);
  if (entry == nullptr || entry->type != RpmType::kBin) return std::nullopt;
  return entry->data;
}

Result<RpmHeader> ParseRpmHeader(Bytes blob) {
  ByteReader reader(blob, Endian::kBig);
  auto il = reader.U32();
  auto dl = reader.U32();
  if (!il || !dl)
    return Fail(ErrorCode::kInvalidInput, "header blob of {} bytes is too short", blob.size());
  if (*il == 0) return Fail(ErrorCode::kInvalidInput, "header has no index entries");
  if (*il > limits::kMaxRpmHeaderEntries) {
    return Fail(ErrorCode::kLimitExceeded, "header has {} index entries (limit {})", *il,
                limits::kMaxRpmHeaderEntries);
  }
  if (*dl > limits::kMaxRpmHeaderDataSize) {
    return Fail(ErrorCode::kLimitExceeded, "header data store of {} bytes (limit {})", *dl,
                limits::kMaxRpmHeaderDataSize);
  }
  auto index = reader.Take(uint64_t{*il} * kEntrySize);
  auto store = reader.Take(*dl);
  if (!index || !store) {
    return Fail(ErrorCode::kInvalidInput,
                "header declares {} entries and {} data bytes but the blob has only {} bytes", *il,
                *dl, blob.size());
  }

  std::vector<RpmHeaderEntry> entries;
  entries.reserve(*il);
  for (uint32_t i = 0; i < *il; ++i) {
    const uint8_t* raw = index->data() + i * kEntrySize;
    uint32_t entry_tag = Be32(raw);
    uint32_t type_value = Be32(raw + 4);
    auto offset = static_cast<int32_t>(Be32(raw + 8));
    uint32_t count = Be32(raw + 12);
    if (type_value > static_cast<uint32_t>(RpmType::kI18nString)) {
      return Fail(ErrorCode::kInvalidInput, "entry {} (tag {}) has unknown type {}", i, entry_tag,
                  type_value);
    }
    auto type = static_cast<RpmType>(type_value);
    if (offset < 0 || static_cast<uint64_t>(offset) > *dl) {
      return Fail(ErrorCode::kInvalidInput,
                  "entry {} (tag {}) has offset {} outside the {}-byte data store", i, entry_tag,
                  offset, *dl);
    }
    auto start = static_cast<uint64_t>(offset);
    uint64_t element = ElementSize(type);
    if (element > 1 && start % element != 0) {
      return Fail(ErrorCode::kInvalidInput, "entry {} (tag {}) has misaligned offset {}", i,
                  entry_tag, offset);
    }
    if (count == 0 && type != RpmType::kNull) {
      return Fail(ErrorCode::kInvalidInput, "entry {} (tag {}) has count 0", i, entry_tag);
    }
    Bytes rest = store->subspan(start);
    uint64_t length = 0;
    if (IsStringType(type)) {
      if (type == RpmType::kString && count != 1) {
        return Fail(ErrorCode::kInvalidInput, "entry {} (tag {}): a STRING with count {}", i,
                    entry_tag, count);
      }
      auto strings = StringsLength(rest, count);
      if (!strings) {
        return Fail(ErrorCode::kInvalidInput,
                    "entry {} (tag {}): {} strings do not end inside the data store", i, entry_tag,
                    count);
      }
      length = *strings;
    } else {
      length = element * count;
      if (length > rest.size()) {
        return Fail(ErrorCode::kInvalidInput,
                    "entry {} (tag {}): {} elements at offset {} run past the {}-byte data store",
                    i, entry_tag, count, offset, *dl);
      }
    }

    if (i == 0 && IsRegionTag(entry_tag)) {
      // The region trailer: {region tag, BIN, -(entries in region * 16), 16}.
      if (type != RpmType::kBin || count != kEntrySize || length != kEntrySize) {
        return Fail(ErrorCode::kInvalidInput, "region tag {} has type {} and count {}", entry_tag,
                    type_value, count);
      }
      const uint8_t* trailer = rest.data();
      uint32_t trailer_tag = Be32(trailer);
      if (entry_tag == tag::kHeaderSignatures && trailer_tag == tag::kHeaderImage) {
        trailer_tag = tag::kHeaderSignatures;  // old packages, as rpm tolerates
      }
      auto trailer_offset = static_cast<int32_t>(Be32(trailer + 8));
      if (trailer_tag != entry_tag || Be32(trailer + 4) != static_cast<uint32_t>(RpmType::kBin) ||
          Be32(trailer + 12) != kEntrySize) {
        return Fail(ErrorCode::kInvalidInput, "region tag {}: trailer does not match", entry_tag);
      }
      int64_t region_bytes = -static_cast<int64_t>(trailer_offset);
      if (region_bytes <= 0 || static_cast<uint64_t>(region_bytes) % kEntrySize != 0 ||
          static_cast<uint64_t>(region_bytes) / kEntrySize > *il) {
        return Fail(
            ErrorCode::kInvalidInput,
            "region tag {}: trailer claims {} bytes of index entries, header has {} entries",
            entry_tag, region_bytes, *il);
      }
      continue;  // the region marker itself carries no package data
    }
    entries.push_back({entry_tag, type, count, rest.first(static_cast<size_t>(length))});
  }
  return RpmHeader(std::move(entries));
}

Result<RpmPackageInfo> ParseRpmPackage(Bytes blob) {
  SCRY_TRY(RpmHeader header, ParseRpmHeader(blob));
  RpmPackageInfo info;
  auto name = header.String(tag::kName);
  if (!name || name->empty()) return Fail(ErrorCode::kInvalidInput, "header has no NAME");
  info.name = *name;
  auto version = header.String(tag::kVersion);
  if (!version) return Fail(ErrorCode::kInvalidInput, "package {} has no VERSION", info.name);
  info.version = *version;
  info.release = header.String(tag::kRelease).value_or("");
  if (auto epoch = header.Int32s(tag::kEpoch); !epoch.empty()) info.epoch = epoch.front();
  info.arch = header.String(tag::kArch).value_or("");
  info.source_rpm = header.String(tag::kSourceRpm).value_or("");
  info.vendor = header.String(tag::kVendor).value_or("");
  info.license = header.String(tag::kLicense).value_or("");
  info.modularity_label = header.String(tag::kModularityLabel).value_or("");
  if (auto md5 = header.Binary(tag::kSigMd5)) info.sig_md5 = Hex(*md5);

  auto base_names = header.Strings(tag::kBaseNames);
  if (!base_names.empty()) {
    auto dir_names = header.Strings(tag::kDirNames);
    auto dir_indexes = header.Int32s(tag::kDirIndexes);
    if (dir_indexes.size() != base_names.size()) {
      return Fail(ErrorCode::kInvalidInput, "package {}: {} BASENAMES but {} DIRINDEXES", info.name,
                  base_names.size(), dir_indexes.size());
    }
    info.files.reserve(base_names.size());
    for (size_t i = 0; i < base_names.size(); ++i) {
      if (dir_indexes[i] >= dir_names.size()) {
        return Fail(ErrorCode::kInvalidInput, "package {}: file {} has directory index {} of {}",
                    info.name, i, dir_indexes[i], dir_names.size());
      }
      std::string path(dir_names[dir_indexes[i]]);
      path += base_names[i];
      info.files.push_back(std::move(path));
    }
  } else {
    for (auto file : header.Strings(tag::kOldFilenames)) info.files.emplace_back(file);
  }
  return info;
}

std::optional<SourceRpmName> SplitSourceRpm(std::string_view file_name) {
  if (file_name.ends_with(".rpm")) file_name.remove_suffix(4);
  size_t arch = file_name.rfind('.');
  if (arch == std::string_view::npos) return std::nullopt;
  size_t release = file_name.substr(0, arch).rfind('-');
  if (release == std::string_view::npos) return std::nullopt;
  size_t version = file_name.substr(0, release).rfind('-');
  if (version == std::string_view::npos || version == 0) return std::nullopt;
  SourceRpmName out{std::string(file_name.substr(0, version)),
                    std::string(file_name.substr(version + 1, release - version - 1)),
                    std::string(file_name.substr(release + 1, arch - release - 1))};
  if (out.version.empty() || out.release.empty()) return std::nullopt;
  return out;
}

}  // namespace scry::analyzer::pkg::rpm
