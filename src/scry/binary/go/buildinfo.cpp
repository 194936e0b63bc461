#include "scry/binary/go/buildinfo.hpp"

#include <algorithm>
#include <string_view>

#include "scry/base/limits.hpp"
#include "scry/base/strings.hpp"

namespace scry::binary::go {
namespace {

constexpr std::string_view kMagic = "\xff Go buildinf:";
constexpr size_t kHeaderSize = 32;
constexpr size_t kAlignment = 16;
constexpr uint8_t kFlagBigEndian = 1;
constexpr uint8_t kFlagInlineStrings = 2;
// Sentinels that cmd/go wraps around modinfo (modload.infoStart / infoEnd), 16 bytes each.
constexpr size_t kSentinelSize = 16;

Result<std::string> CheckVersion(std::string_view version) {
  if (version.size() > limits::kMaxGoVersionLength) {
    return Fail(ErrorCode::kLimitExceeded, "Go version string of {} bytes exceeds {} bytes",
                version.size(), limits::kMaxGoVersionLength);
  }
  if (!strings::IsPrintableUtf8(version)) {
    return Fail(ErrorCode::kInvalidInput, "Go version string is not printable text");
  }
  return std::string(version);
}

// A varint-length-prefixed string as cmd/link writes it for Go >= 1.18. Like Go's decodeString,
// it requires at least one byte to follow the string.
Result<std::string_view> DecodeInlineString(ByteReader& reader, std::string_view what,
                                            uint64_t max_length) {
  auto length = reader.Uvarint();
  if (!length) return Fail(ErrorCode::kInvalidInput, "{} length is not a valid varint", what);
  if (*length > max_length) {
    return Fail(ErrorCode::kLimitExceeded, "{} of {} bytes exceeds the limit of {} bytes", what,
                *length, max_length);
  }
  if (*length >= reader.remaining()) {
    return Fail(ErrorCode::kInvalidInput, "{} of {} bytes runs past the build info data", what,
                *length);
  }
  return *reader.TakeString(*length);
}

// Reads the Go string header {data pointer, length} at `address` and then the string itself.
Result<std::string_view> ReadStringAt(const ReadFunction& read, uint64_t address,
                                      unsigned pointer_size, Endian endian, std::string_view what,
                                      uint64_t max_length) {
  auto header = read(address, 2ULL * pointer_size);
  if (!header || header->size() < 2ULL * pointer_size) {
    return Fail(ErrorCode::kInvalidInput, "{} string header at {:#x} is outside the file", what,
                address);
  }
  uint64_t data = DecodeUint(header->data(), pointer_size, endian);
  uint64_t length = DecodeUint(header->data() + pointer_size, pointer_size, endian);
  if (length > max_length) {
    return Fail(ErrorCode::kLimitExceeded, "{} of {} bytes exceeds the limit of {} bytes", what,
                length, max_length);
  }
  if (length == 0) return std::string_view();
  auto bytes = read(data, length);
  if (!bytes || bytes->size() < length) {
    return Fail(ErrorCode::kInvalidInput, "{} ({} bytes at {:#x}) is outside the file", what,
                length, data);
  }
  return AsChars(bytes->first(static_cast<size_t>(length)));
}

std::string StripSentinels(std::string_view modinfo) {
  if (modinfo.size() >= 2 * kSentinelSize + 1 &&
      modinfo[modinfo.size() - kSentinelSize - 1] == '\n') {
    return std::string(modinfo.substr(kSentinelSize, modinfo.size() - 2 * kSentinelSize));
  }
  return {};
}

// The virtual address where Go's linker puts build info, as debug/buildinfo's DataStart.
std::optional<uint64_t> DataStart(const Executable& executable) {
  switch (executable.format()) {
    case Format::kElf: {
      if (const Section* section = executable.FindSection(".go.buildinfo")) {
        return section->address;
      }
      for (const Segment& segment : executable.segments()) {
        if (segment.loadable && segment.writable && !segment.executable) return segment.address;
      }
      return std::nullopt;
    }
    case Format::kPe: {
      for (const Section& section : executable.sections()) {
        if (section.address != executable.image_base() && section.size != 0 &&
            section.file_size != 0 && section.writable && !section.executable) {
          return section.address;
        }
      }
      return std::nullopt;
    }
    case Format::kMachO: {
      if (const Section* section = executable.FindSection("__go_buildinfo")) {
        return section->address;
      }
      constexpr uint32_t kReadWrite = 3;
      constexpr uint32_t kReadWriteExecute = 7;
      for (const Segment& segment : executable.segments()) {
        bool read_write = segment.readable && segment.writable && !segment.executable;
        if (segment.address != 0 && segment.file_size != 0 && read_write &&
            (segment.max_protection == kReadWrite || segment.max_protection == kReadWriteExecute)) {
          return segment.address;
        }
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<RawBuildInfo> DecodeBuildInfoBlob(Bytes blob, const ReadFunction& read) {
  if (blob.size() < kHeaderSize || AsChars(blob.first(kMagic.size())) != kMagic) {
    return Fail(ErrorCode::kInvalidInput, "build info header is truncated");
  }
  RawBuildInfo info;
  info.pointer_size = blob[14];
  uint8_t flags = blob[15];
  std::string_view version;
  std::string_view modinfo;
  if (flags & kFlagInlineStrings) {
    info.inline_strings = true;
    info.endian = (flags & kFlagBigEndian) ? Endian::kBig : Endian::kLittle;
    ByteReader reader(blob);
    reader.Seek(kHeaderSize);
    SCRY_TRY(version, DecodeInlineString(reader, "Go version", limits::kMaxGoVersionLength));
    SCRY_TRY(modinfo, DecodeInlineString(reader, "module info", limits::kMaxGoModinfoLength));
  } else {
    if (info.pointer_size != 4 && info.pointer_size != 8) {
      return Fail(ErrorCode::kInvalidInput, "build info pointer size is {}, expected 4 or 8",
                  info.pointer_size);
    }
    info.endian = flags == 0 ? Endian::kLittle : Endian::kBig;
    uint64_t version_address = DecodeUint(blob.data() + 16, info.pointer_size, info.endian);
    uint64_t modinfo_address =
        DecodeUint(blob.data() + 16 + info.pointer_size, info.pointer_size, info.endian);
    SCRY_TRY(version, ReadStringAt(read, version_address, info.pointer_size, info.endian,
                                   "Go version", limits::kMaxGoVersionLength));
    SCRY_TRY(modinfo, ReadStringAt(read, modinfo_address, info.pointer_size, info.endian,
                                   "module info", limits::kMaxGoModinfoLength));
  }
  if (version.empty()) return Fail(ErrorCode::kInvalidInput, "build info has an empty Go version");
  SCRY_TRY(info.go_version, CheckVersion(version));
  info.modinfo = StripSentinels(modinfo);
  return info;
}

Result<std::optional<RawBuildInfo>> ReadBuildInfo(const Executable& executable) {
  auto start = DataStart(executable);
  if (!start) return std::nullopt;
  // Search the first 64 KiB like Go, but hand the decoder everything up to the end of the
  // region: the module list of a large binary can outgrow the search window.
  auto window = executable.ReadAt(*start, limits::kGoBuildInfoSearchWindow);
  if (!window) return std::nullopt;
  std::string_view text = AsChars(*window);
  for (size_t at = text.find(kMagic); at != std::string_view::npos;
       at = text.find(kMagic, at + 1)) {
    if (at % kAlignment != 0) continue;
    if (text.size() - at < kHeaderSize) break;
    uint64_t blob_limit = limits::kGoBuildInfoSearchWindow + limits::kMaxGoModinfoLength + 64;
    auto blob = executable.ReadAt(*start + at, blob_limit);
    if (!blob) break;
    auto read = [&executable](uint64_t address, uint64_t size) {
      return executable.ReadAt(address, size);
    };
    auto decoded = DecodeBuildInfoBlob(*blob, read);
    if (!decoded) {
      return tl::unexpected(
          std::move(decoded.error()).Wrap(fmt::format("Go build info at {:#x}", *start + at)));
    }
    return std::optional<RawBuildInfo>(std::move(*decoded));
  }
  return std::nullopt;
}

}  // namespace scry::binary::go
