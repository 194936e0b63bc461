// libarchive's entry points, resolved from libarchive.so.13 on first use
// (base/dynamic_library.hpp): fs scans never need it, and it pulls in libxml2 and ICU.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include "scry/base/error.hpp"

namespace scry::archive {

struct LibArchive {
  struct archive* (*read_new)();
  int (*read_support_format_zip)(struct archive*);
  int (*read_open_filename)(struct archive*, const char*, size_t);
  int (*read_next_header)(struct archive*, struct archive_entry**);
  la_ssize_t (*read_data)(struct archive*, void*, size_t);
  int (*read_free)(struct archive*);
  const char* (*error_string)(struct archive*);
  const char* (*entry_pathname)(struct archive_entry*);
  __LA_MODE_T (*entry_filetype)(struct archive_entry*);
  // Tar streams fed from our own decompressors (tar_reader.cpp).
  int (*read_support_format_tar)(struct archive*);
  int (*read_open)(struct archive*, void*, archive_open_callback*, archive_read_callback*,
                   archive_close_callback*);
  int (*read_data_skip)(struct archive*);
  la_int64_t (*filter_bytes)(struct archive*, int);
  __LA_MODE_T (*entry_mode)(struct archive_entry*);
  la_int64_t (*entry_size)(struct archive_entry*);
  int (*entry_size_is_set)(struct archive_entry*);
  const char* (*entry_symlink)(struct archive_entry*);
  const char* (*entry_hardlink)(struct archive_entry*);
  // Zips held in memory (nested jars, zip_reader.cpp).
  int (*read_open_memory)(struct archive*, const void*, size_t);
};

// The loaded library; thread-safe. kNotFound when libarchive.so.13 is not installed.
Result<const LibArchive*> Archive();

}  // namespace scry::archive
