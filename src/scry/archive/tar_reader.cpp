#include "scry/archive/tar_reader.hpp"

#include <memory>
#include <vector>

#include "scry/archive/libarchive_library.hpp"
#include "scry/base/limits.hpp"

namespace scry::archive {
namespace {

const LibArchive& Api() { return **Archive(); }

struct ArchiveCloser {
  void operator()(struct archive* handle) const { Api().read_free(handle); }
};

// What libarchive's read callback reads from, and the first error our stream gave.
struct Feed {
  ByteStream* input;
  std::vector<uint8_t> buffer;
  std::optional<Error> error;
  uint64_t bytes = 0;   // read from the input
  uint64_t padded = 0;  // zeros added at its end
};

constexpr uint64_t kTarBlock = 512;
const uint8_t kZeros[kTarBlock] = {};

la_ssize_t ReadCallback(struct archive* /*handle*/, void* data, const void** out) {
  auto* feed = static_cast<Feed*>(data);
  auto read = feed->input->Read(feed->buffer);
  if (!read) {
    feed->error = std::move(read).error();
    return -1;
  }
  if (*read == 0 && feed->bytes % kTarBlock != 0 && feed->padded == 0) {
    // `umoci insert` ends its layers right after the last entry's data, without the padding to
    // a whole block: complete the block so that libarchive sees a clean entry boundary.
    feed->padded = kTarBlock - feed->bytes % kTarBlock;
    *out = kZeros;
    return static_cast<la_ssize_t>(feed->padded);
  }
  feed->bytes += *read;
  *out = feed->buffer.data();
  return static_cast<la_ssize_t>(*read);
}

std::string ArchiveError(struct archive* handle) {
  const char* message = Api().error_string(handle);
  return message != nullptr ? message : "unknown error";
}

void Warn(TarWalkReport* report, std::string message) {
  if (report == nullptr) return;
  if (report->warnings.size() < TarWalkReport::kMaxWarnings) {
    report->warnings.push_back(std::move(message));
  } else if (report->warnings.size() == TarWalkReport::kMaxWarnings) {
    report->warnings.push_back("more warnings left out");
  }
}

}  // namespace

std::optional<std::string> CleanTarPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string clean;
  for (std::string_view part : parts) {
    if (!clean.empty()) clean.push_back('/');
    clean.append(part);
  }
  return clean;
}

Result<size_t> EntryReader::Read(std::span<uint8_t> buffer) {
  if (buffer.empty()) return size_t{0};
  la_ssize_t read = Api().read_data(handle_, buffer.data(), buffer.size());
  if (read < 0) {
    if (*input_error_) return tl::unexpected(**input_error_);
    return Fail(ErrorCode::kInvalidInput, "cannot read the content of {}: {}", *path_,
                ArchiveError(handle_));
  }
  return static_cast<size_t>(read);
}

Status WalkTar(ByteStream& input, const TarCallback& cb, TarWalkReport* report) {
  SCRY_CHECK(Archive());
  std::unique_ptr<struct archive, ArchiveCloser> handle(Api().read_new());
  if (!handle) return Fail(ErrorCode::kInternal, "libarchive could not allocate a reader");
  Api().read_support_format_tar(handle.get());
  Feed feed{&input, std::vector<uint8_t>(256u << 10), std::nullopt, 0};
  auto fail = [&](std::string what) -> Status {
    if (feed.error) return tl::unexpected(*feed.error);
    return Fail(ErrorCode::kInvalidInput, "{}: {}", what, ArchiveError(handle.get()));
  };
  if (Api().read_open(handle.get(), &feed, nullptr, ReadCallback, nullptr) != ARCHIVE_OK) {
    if (!feed.error && feed.bytes == 0) {
      Warn(report, "the tar stream is empty");
      return Ok();
    }
    return fail("cannot start reading the tar stream");
  }
  uint64_t seen = 0;
  std::string last_path = "(none)";
  TarEntry entry;
  while (true) {
    int64_t before = Api().filter_bytes(handle.get(), -1);
    struct archive_entry* header = nullptr;
    int status = Api().read_next_header(handle.get(), &header);
    if (status == ARCHIVE_EOF) {
      bool marker = Api().filter_bytes(handle.get(), -1) > before;
      if (report != nullptr) report->end_marker = marker;
      if (!marker) {
        Warn(report, seen == 0 && feed.bytes == 0
                         ? std::string("the tar stream is empty")
                         : fmt::format("the tar stream ends without end-of-archive blocks; read {} "
                                       "entries",
                                       seen));
      }
      if (feed.padded != 0) {
        Warn(report, fmt::format("the tar stream ends {} bytes short of a whole block (the last "
                                 "entry's padding is missing)",
                                 feed.padded));
      }
      return Ok();
    }
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
      if (!feed.error && seen == 0 && feed.bytes == 0) {
        Warn(report, "the tar stream is empty");
        return Ok();
      }
      return fail(fmt::format("corrupt tar stream after {} entries (last: {})", seen, last_path));
    }
    if (status == ARCHIVE_WARN) Warn(report, ArchiveError(handle.get()));
    if (++seen > limits::kMaxTarEntries) {
      return Fail(ErrorCode::kLimitExceeded, "the tar stream has more than {} entries",
                  limits::kMaxTarEntries);
    }
    const char* raw_path = Api().entry_pathname(header);
    std::string_view raw = raw_path != nullptr ? raw_path : "";
    auto skip = [&](std::string why) {
      Warn(report, std::move(why));
      if (report != nullptr) ++report->skipped;
    };
    if (raw.size() > limits::kMaxTarPathLength) {
      skip(fmt::format("skipped an entry whose path is longer than {} bytes",
                       limits::kMaxTarPathLength));
      continue;
    }
    auto clean = CleanTarPath(raw);
    if (!clean) {
      skip(fmt::format("skipped {}: the path escapes the root", raw));
      continue;
    }
    if (clean->empty()) {
      if (report != nullptr) ++report->skipped;  // the root directory itself
      continue;
    }
    entry.path = std::move(*clean);
    last_path = entry.path;
    entry.mode = static_cast<uint32_t>(Api().entry_mode(header));
    entry.size = Api().entry_size_is_set(header) != 0
                     ? static_cast<uint64_t>(std::max<int64_t>(0, Api().entry_size(header)))
                     : 0;
    entry.link_target.clear();
    const char* hardlink = Api().entry_hardlink(header);
    if (hardlink != nullptr) {
      auto target = CleanTarPath(hardlink);
      if (!target || target->empty() || hardlink[0] == '\0' ||
          std::string_view(hardlink).size() > limits::kMaxTarPathLength) {
        skip(fmt::format("skipped {}: its hard-link target {} escapes the root", entry.path,
                         hardlink));
        continue;
      }
      entry.type = TarEntry::Type::kHardlink;
      // libarchive leaves the type bits of a hard link unset; it links to a regular file.
      if ((entry.mode & 0170000) == 0) entry.mode |= 0100000;
      entry.link_target = std::move(*target);
    } else {
      switch (Api().entry_filetype(header)) {
        case AE_IFREG:
          entry.type = TarEntry::Type::kRegular;
          break;
        case AE_IFDIR:
          entry.type = TarEntry::Type::kDirectory;
          break;
        case AE_IFLNK: {
          entry.type = TarEntry::Type::kSymlink;
          const char* target = Api().entry_symlink(header);
          entry.link_target = target != nullptr ? target : "";
          break;
        }
        default:
          entry.type = TarEntry::Type::kOther;
          break;
      }
    }
    if (report != nullptr) ++report->entries;
    EntryReader reader(handle.get(), &entry.path, &feed.error);
    SCRY_CHECK(cb(entry, reader));
    if (Api().read_data_skip(handle.get()) != ARCHIVE_OK) {
      return fail(fmt::format("truncated or corrupt tar stream in the content of {}", entry.path));
    }
  }
}

}  // namespace scry::archive
