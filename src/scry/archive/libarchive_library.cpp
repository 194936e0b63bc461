#include "scry/archive/libarchive_library.hpp"

#include "scry/base/dynamic_library.hpp"

namespace scry::archive {
namespace {

Result<LibArchive> Load() {
  SCRY_TRY(DynamicLibrary library, DynamicLibrary::Open({"libarchive.so.13"}, "libarchive13"));
  LibArchive api{};
  SCRY_TRY(api.read_new, library.Function<decltype(api.read_new)>("archive_read_new"));
  SCRY_TRY(api.read_support_format_zip, library.Function<decltype(api.read_support_format_zip)>(
                                            "archive_read_support_format_zip"));
  SCRY_TRY(api.read_open_filename,
           library.Function<decltype(api.read_open_filename)>("archive_read_open_filename"));
  SCRY_TRY(api.read_next_header,
           library.Function<decltype(api.read_next_header)>("archive_read_next_header"));
  SCRY_TRY(api.read_data, library.Function<decltype(api.read_data)>("archive_read_data"));
  SCRY_TRY(api.read_free, library.Function<decltype(api.read_free)>("archive_read_free"));
  SCRY_TRY(api.error_string, library.Function<decltype(api.error_string)>("archive_error_string"));
  SCRY_TRY(api.entry_pathname,
           library.Function<decltype(api.entry_pathname)>("archive_entry_pathname"));
  SCRY_TRY(api.entry_filetype,
           library.Function<decltype(api.entry_filetype)>("archive_entry_filetype"));
  return api;
}

}  // namespace

Result<const LibArchive*> Archive() {
  static const Result<LibArchive> library = Load();
  if (!library) return tl::unexpected(library.error());
  return &*library;
}

}  // namespace scry::archive
