// Reading zip archives (the OSV all.zip exports; later jar/whl/nupkg) through libarchive, with
// bounds on entry count and sizes so that a zip bomb costs bounded memory and time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"

namespace scry::archive {

struct ZipLimits {
  uint64_t max_entries = 1u << 20;
  uint64_t max_entry_size = 64u << 20;   // one decompressed file
  uint64_t max_total_size = 8ULL << 30;  // all decompressed files together
};

// Calls `visit(name, content)` for every regular file in the zip at `path`, in archive order.
// `content` is valid only during the call. Stops at the first error `visit` returns. Errors:
// kNotFound/kIo for the file, kInvalidInput for a corrupt archive (naming the entry),
// kLimitExceeded when a limit is passed.
Status ForEachZipEntry(
    const std::filesystem::path& path, const ZipLimits& limits,
    const std::function<Status(std::string_view name, std::string_view content)>& visit);

// Like ForEachZipEntry, for a zip held in memory (a jar nested in a war): `data` must stay valid
// during the call, and `label` names the archive in error messages. Only entries for which
// `want(name)` is true are inflated and visited; the others are skipped unread (a jar's class
// files cost nothing). Limits count the inflated bytes actually produced, not the sizes the
// archive declares, so an entry claiming 1 KB that inflates to 10 GB stops at max_entry_size.
Status ForEachZipEntryInMemory(
    Bytes data, std::string_view label, const ZipLimits& limits,
    const std::function<bool(std::string_view name)>& want,
    const std::function<Status(std::string_view name, std::string_view content)>& visit);

}  // namespace scry::archive
