#include "scry/archive/tar_index.hpp"

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "scry/archive/tar_reader.hpp"
#include "scry/base/limits.hpp"

namespace scry::archive {
namespace {

constexpr uint64_t kBlock = 512;
constexpr uint64_t kMaxPaxSize = 1u << 20;

std::string_view Field(const std::array<uint8_t, 512>& header, size_t offset, size_t length) {
  std::string_view field(reinterpret_cast<const char*>(header.data()) + offset, length);
  return field.substr(0, field.find('\0'));
}

// Octal (space or NUL terminated, leading spaces allowed) or GNU base-256.
std::optional<uint64_t> Number(const std::array<uint8_t, 512>& header, size_t offset,
                               size_t length) {
  if (header[offset] & 0x80) {
    if (header[offset] != 0x80) return std::nullopt;  // negative or absurdly large
    uint64_t value = 0;
    for (size_t i = 1; i < length; ++i) {
      if (value >> 56) return std::nullopt;
      value = (value << 8) | header[offset + i];
    }
    return value;
  }
  uint64_t value = 0;
  size_t i = 0;
  while (i < length && header[offset + i] == ' ') ++i;
  bool any = false;
  for (; i < length; ++i) {
    uint8_t c = header[offset + i];
    if (c == 0 || c == ' ') break;
    if (c < '0' || c > '7' || (value >> 60)) return std::nullopt;
    value = value * 8 + (c - '0');
    any = true;
  }
  if (!any) return uint64_t{0};
  return value;
}

bool ChecksumOk(const std::array<uint8_t, 512>& header) {
  auto stored = Number(header, 148, 8);
  if (!stored) return false;
  uint64_t unsigned_sum = 0;
  int64_t signed_sum = 0;
  for (size_t i = 0; i < header.size(); ++i) {
    uint8_t byte = (i >= 148 && i < 156) ? uint8_t{' '} : header[i];
    unsigned_sum += byte;
    signed_sum += static_cast<int8_t>(byte);
  }
  return *stored == unsigned_sum || static_cast<int64_t>(*stored) == signed_sum;
}

// Applies the pax records of `data` ("<len> key=value\n"...) to `path`, `link` and `size`.
bool ParsePax(std::string_view data, std::optional<std::string>& path,
              std::optional<std::string>& link, std::optional<uint64_t>& size) {
  while (!data.empty()) {
    size_t space = data.find(' ');
    if (space == std::string_view::npos || space == 0 || space > 20) return false;
    uint64_t length = 0;
    for (char c : data.substr(0, space)) {
      if (c < '0' || c > '9') return false;
      length = length * 10 + static_cast<uint64_t>(c - '0');
    }
    if (length <= space + 1 || length > data.size() || data[length - 1] != '\n') return false;
    std::string_view record = data.substr(space + 1, length - space - 2);
    data.remove_prefix(length);
    size_t equals = record.find('=');
    if (equals == std::string_view::npos) return false;
    std::string_view key = record.substr(0, equals), value = record.substr(equals + 1);
    if (key == "path") {
      path = std::string(value);
    } else if (key == "linkpath") {
      link = std::string(value);
    } else if (key == "size") {
      uint64_t parsed = 0;
      if (value.empty() || value.size() > 19) return false;
      for (char c : value) {
        if (c < '0' || c > '9') return false;
        parsed = parsed * 10 + static_cast<uint64_t>(c - '0');
      }
      size = parsed;
    }
  }
  return true;
}

std::string Parent(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

}  // namespace

Result<TarIndex> TarIndex::Build(const RandomAccessFile& file) {
  TarIndex index;
  index.name_ = file.name();
  uint64_t offset = 0;
  uint64_t count = 0;
  std::optional<std::string> next_path, next_link;
  // The size a pax header gives the next member (a plain pair: g++ 12 at -O3 reports an
  // optional here as maybe-uninitialized, a false positive).
  uint64_t next_size = 0;
  bool has_next_size = false;
  std::array<uint8_t, 512> header{};
  while (true) {
    if (offset == file.size()) return index;  // no end-of-archive blocks: tolerated
    SCRY_TRY(size_t read, file.ReadAt(offset, header));
    if (read < kBlock) {
      return Fail(ErrorCode::kInvalidInput, "{} is truncated: a tar header at offset {} is cut off",
                  file.name(), offset);
    }
    bool zero = true;
    for (uint8_t byte : header) zero = zero && byte == 0;
    if (zero) return index;
    if (!ChecksumOk(header)) {
      return Fail(ErrorCode::kInvalidInput,
                  "{} is not a tar file or is corrupt: bad header checksum at offset {}",
                  file.name(), offset);
    }
    if (++count > limits::kMaxTarEntries) {
      return Fail(ErrorCode::kLimitExceeded, "{} has more than {} tar entries", file.name(),
                  limits::kMaxTarEntries);
    }
    auto header_size = Number(header, 124, 12);
    if (!header_size) {
      return Fail(ErrorCode::kInvalidInput, "{}: bad size field in the tar header at offset {}",
                  file.name(), offset);
    }
    uint64_t size = has_next_size ? next_size : *header_size;
    uint64_t data = offset + kBlock;
    if (size > file.size() || data > file.size() - size) {
      return Fail(ErrorCode::kInvalidInput,
                  "{} is truncated: the member at offset {} needs {} bytes past the end",
                  file.name(), offset, data + size - file.size());
    }
    uint64_t next = data + (size + kBlock - 1) / kBlock * kBlock;
    char type = static_cast<char>(header[156]);
    if (type == 'x' || type == 'L' || type == 'K') {
      if (*header_size > kMaxPaxSize) {
        return Fail(ErrorCode::kLimitExceeded, "{}: extended header at offset {} is {} bytes",
                    file.name(), offset, *header_size);
      }
      std::string text(*header_size, '\0');
      SCRY_TRY(size_t got,
               file.ReadAt(data, {reinterpret_cast<uint8_t*>(text.data()), text.size()}));
      if (got != text.size()) {
        return Fail(ErrorCode::kInvalidInput, "{} is truncated inside an extended header",
                    file.name());
      }
      if (type == 'x') {
        std::optional<uint64_t> pax_size;
        if (has_next_size) pax_size = next_size;
        bool parsed = ParsePax(text, next_path, next_link, pax_size);
        if (pax_size) {
          next_size = *pax_size;
          has_next_size = true;
        }
        if (!parsed) {
          return Fail(ErrorCode::kInvalidInput, "{}: malformed pax header at offset {}",
                      file.name(), offset);
        }
      } else {
        std::string value = text.substr(0, text.find('\0'));
        (type == 'L' ? next_path : next_link) = std::move(value);
      }
      offset = next;
      continue;
    }
    if (type == 'g') {  // global pax header: nothing we need
      offset = next;
      continue;
    }
    std::string path;
    if (next_path) {
      path = *next_path;
    } else {
      std::string_view name = Field(header, 0, 100);
      std::string_view magic = Field(header, 257, 6);
      std::string_view prefix = magic == "ustar" ? Field(header, 345, 155) : std::string_view();
      path = prefix.empty() ? std::string(name) : std::string(prefix) + "/" + std::string(name);
    }
    std::string link = next_link ? *next_link : std::string(Field(header, 157, 100));
    next_path.reset();
    next_link.reset();
    has_next_size = false;
    offset = next;
    if (path.size() > limits::kMaxTarPathLength) continue;
    auto clean = CleanTarPath(path);
    if (!clean || clean->empty()) continue;
    TarIndexEntry entry;
    entry.offset = data;
    entry.size = size;
    switch (type) {
      case '0':
      case '\0':
      case '7':
        entry.type = TarIndexEntry::Type::kRegular;
        break;
      case '5':
        entry.type = TarIndexEntry::Type::kDirectory;
        entry.size = 0;
        break;
      case '2':
        entry.type = TarIndexEntry::Type::kSymlink;
        entry.link_target = link;
        break;
      case '1': {
        auto target = CleanTarPath(link);
        if (!target || target->empty()) continue;
        entry.type = TarIndexEntry::Type::kHardlink;
        entry.link_target = std::move(*target);
        break;
      }
      default:
        entry.type = TarIndexEntry::Type::kOther;
        break;
    }
    index.entries_[std::move(*clean)] = std::move(entry);
  }
}

const TarIndexEntry* TarIndex::Find(const std::string& path) const {
  auto it = entries_.find(path);
  return it == entries_.end() ? nullptr : &it->second;
}

Result<const TarIndexEntry*> TarIndex::Resolve(const std::string& path) const {
  auto clean = CleanTarPath(path);
  if (!clean) {
    return Fail(ErrorCode::kInvalidInput, "{}: {} points outside the archive", name_, path);
  }
  std::string current = std::move(*clean);
  for (int hop = 0; hop <= limits::kMaxTarLinkHops; ++hop) {
    const TarIndexEntry* entry = Find(current);
    if (entry == nullptr) {
      return Fail(ErrorCode::kNotFound, "{} has no file {}", name_, current);
    }
    switch (entry->type) {
      case TarIndexEntry::Type::kRegular:
        return entry;
      case TarIndexEntry::Type::kHardlink:
        current = entry->link_target;
        break;
      case TarIndexEntry::Type::kSymlink: {
        std::string joined = !entry->link_target.empty() && entry->link_target[0] == '/'
                                 ? entry->link_target
                                 : Parent(current) + "/" + entry->link_target;
        auto target = CleanTarPath(joined);
        if (!target || target->empty()) {
          return Fail(ErrorCode::kInvalidInput, "{}: the link {} -> {} points outside the archive",
                      name_, current, entry->link_target);
        }
        current = std::move(*target);
        break;
      }
      default:
        return Fail(ErrorCode::kInvalidInput, "{}: {} is not a regular file", name_, current);
    }
  }
  return Fail(ErrorCode::kInvalidInput, "{}: too many links (or a link loop) resolving {}", name_,
              path);
}

}  // namespace scry::archive
