#include "scry/archive/zip_reader.hpp"

#include <memory>
#include <string>
#include <system_error>

#include "scry/archive/libarchive_library.hpp"

namespace scry::archive {
namespace {

// Only used after Archive() succeeded, so the library is loaded.
const LibArchive& Api() { return **Archive(); }

struct ArchiveCloser {
  void operator()(struct archive* handle) const { Api().read_free(handle); }
};

std::string ArchiveError(struct archive* handle) {
  const char* message = Api().error_string(handle);
  return message != nullptr ? message : "unknown error";
}

}  // namespace

Status ForEachZipEntry(const std::filesystem::path& path, const ZipLimits& limits,
                       const std::function<Status(std::string_view, std::string_view)>& visit) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Fail(ErrorCode::kNotFound, "{} is not a readable file", path.string());
  }
  SCRY_CHECK(Archive());
  std::unique_ptr<struct archive, ArchiveCloser> handle(Api().read_new());
  if (!handle) return Fail(ErrorCode::kInternal, "libarchive could not allocate a reader");
  Api().read_support_format_zip(handle.get());
  if (Api().read_open_filename(handle.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    return Fail(ErrorCode::kInvalidInput, "{} is not a readable zip archive: {}", path.string(),
                ArchiveError(handle.get()));
  }
  uint64_t entries = 0;
  uint64_t total = 0;
  std::string content;
  while (true) {
    struct archive_entry* entry = nullptr;
    int status = Api().read_next_header(handle.get(), &entry);
    if (status == ARCHIVE_EOF) return Ok();
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
      return Fail(ErrorCode::kInvalidInput, "{}: corrupt zip after {} entries: {}", path.string(),
                  entries, ArchiveError(handle.get()));
    }
    if (++entries > limits.max_entries) {
      return Fail(ErrorCode::kLimitExceeded, "{}: more than {} entries", path.string(),
                  limits.max_entries);
    }
    if (Api().entry_filetype(entry) != AE_IFREG) continue;
    std::string name = Api().entry_pathname(entry) != nullptr ? Api().entry_pathname(entry) : "";
    content.clear();
    char buffer[1 << 16];
    while (true) {
      la_ssize_t read = Api().read_data(handle.get(), buffer, sizeof buffer);
      if (read == 0) break;
      if (read < 0) {
        return Fail(ErrorCode::kInvalidInput, "{}: cannot read entry {}: {}", path.string(), name,
                    ArchiveError(handle.get()));
      }
      auto size = static_cast<uint64_t>(read);
      if (content.size() + size > limits.max_entry_size) {
        return Fail(ErrorCode::kLimitExceeded, "{}: entry {} is larger than {} bytes",
                    path.string(), name, limits.max_entry_size);
      }
      total += size;
      if (total > limits.max_total_size) {
        return Fail(ErrorCode::kLimitExceeded, "{}: more than {} bytes once decompressed",
                    path.string(), limits.max_total_size);
      }
      content.append(buffer, static_cast<size_t>(read));
    }
    SCRY_CHECK(visit(name, content));
  }
}

Status ForEachZipEntryInMemory(
    Bytes data, std::string_view label, const ZipLimits& limits,
    const std::function<bool(std::string_view)>& want,
    const std::function<Status(std::string_view, std::string_view)>& visit) {
  SCRY_CHECK(Archive());
  std::unique_ptr<struct archive, ArchiveCloser> handle(Api().read_new());
  if (!handle) return Fail(ErrorCode::kInternal, "libarchive could not allocate a reader");
  Api().read_support_format_zip(handle.get());
  // The memory reader can seek, so libarchive reads the central directory as Java does.
  if (Api().read_open_memory(handle.get(), data.data(), data.size()) != ARCHIVE_OK) {
    return Fail(ErrorCode::kInvalidInput, "{} is not a readable zip archive: {}", label,
                ArchiveError(handle.get()));
  }
  uint64_t entries = 0;
  uint64_t total = 0;
  std::string content;
  while (true) {
    struct archive_entry* entry = nullptr;
    int status = Api().read_next_header(handle.get(), &entry);
    if (status == ARCHIVE_EOF) return Ok();
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
      return Fail(ErrorCode::kInvalidInput, "{}: corrupt zip after {} entries: {}", label, entries,
                  ArchiveError(handle.get()));
    }
    if (++entries > limits.max_entries) {
      return Fail(ErrorCode::kLimitExceeded, "{}: more than {} entries", label, limits.max_entries);
    }
    if (Api().entry_filetype(entry) != AE_IFREG) continue;
    std::string name = Api().entry_pathname(entry) != nullptr ? Api().entry_pathname(entry) : "";
    if (!want(name)) continue;
    content.clear();
    char buffer[1 << 16];
    while (true) {
      la_ssize_t read = Api().read_data(handle.get(), buffer, sizeof buffer);
      if (read == 0) break;
      if (read < 0) {
        return Fail(ErrorCode::kInvalidInput, "{}: cannot read entry {}: {}", label, name,
                    ArchiveError(handle.get()));
      }
      auto size = static_cast<uint64_t>(read);
      if (content.size() + size > limits.max_entry_size) {
        return Fail(ErrorCode::kLimitExceeded, "{}: entry {} inflates to more than {} bytes", label,
                    name, limits.max_entry_size);
      }
      total += size;
      if (total > limits.max_total_size) {
        return Fail(ErrorCode::kLimitExceeded, "{}: more than {} bytes once decompressed", label,
                    limits.max_total_size);
      }
      content.append(buffer, static_cast<size_t>(read));
    }
    SCRY_CHECK(visit(name, content));
  }
}

}  // namespace scry::archive
