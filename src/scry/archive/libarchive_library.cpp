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
  SCRY_TRY(api.read_support_format_tar, library.Function<decltype(api.read_support_format_tar)>(
                                            "archive_read_support_format_tar"));
  SCRY_TRY(api.read_open, library.Function<decltype(api.read_open)>("archive_read_open"));
  SCRY_TRY(api.read_data_skip,
           library.Function<decltype(api.read_data_skip)>("archive_read_data_skip"));
  SCRY_TRY(api.filter_bytes, library.Function<decltype(api.filter_bytes)>("archive_filter_bytes"));
  SCRY_TRY(api.entry_mode, library.Function<decltype(api.entry_mode)>("archive_entry_mode"));
  SCRY_TRY(api.entry_size, library.Function<decltype(api.entry_size)>("archive_entry_size"));
  SCRY_TRY(api.entry_size_is_set,
           library.Function<decltype(api.entry_size_is_set)>("archive_entry_size_is_set"));
  SCRY_TRY(api.entry_symlink,
           library.Function<decltype(api.entry_symlink)>("archive_entry_symlink"));
  SCRY_TRY(api.entry_hardlink,
           library.Function<decltype(api.entry_hardlink)>("archive_entry_hardlink"));
  SCRY_TRY(api.read_open_memory,
           library.Function<decltype(api.read_open_memory)>("archive_read_open_memory"));
  return api;
}

}  // namespace

Result<const LibArchive*> Archive() {
  static const Result<LibArchive> library = Load();
  if (!library) return tl::unexpected(library.error());
  return &*library;
}

}  // namespace scry::archive
