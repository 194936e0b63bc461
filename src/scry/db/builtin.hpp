// The database built into the scry executable: OSV records chosen at build time
// (SCRY_BUILTIN_DB_SOURCES), gzip-compressed, so that a first scan works offline. Scans install it
// in the cache directory when no database is there; `scry db update` replaces it with fresh data.
#pragma once

#include <filesystem>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"

namespace scry::db {

// The compressed built-in database; empty when this executable was built without one.
Bytes BuiltinDatabase();

// Decompresses `compressed` into a database at `path` with the writers' lock and the
// write-new-then-rename protocol, so readers never see a partial file. Does nothing when a
// database appeared at `path` in the meantime.
Status InstallDatabase(const std::filesystem::path& path, Bytes compressed);

}  // namespace scry::db
