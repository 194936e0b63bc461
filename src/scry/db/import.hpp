// `scry db import`: advisory data in any format scry reads, told apart by its layout, converted
// into OSV records and added through a DatabaseWriter.
#pragma once

#include <filesystem>
#include <string_view>

#include "scry/base/error.hpp"
#include "scry/db/writer.hpp"

namespace scry::db {

enum class ImportFormat {
  kOsv,            // OSV JSON records: a folder, a .json file or an all.zip
  kAlpineSecdb,    // Alpine secdb documents: a folder of v3.x/<repo>.yaml|json, or one file
  kDebianTracker,  // the Debian security tracker's data folder (DSA/list, DLA/list) or one list
};
std::string_view ImportFormatName(ImportFormat format);  // "osv", "alpine-secdb", ...

// Tells the formats apart by layout and a look at the first file: a folder holding DSA/list or
// DLA/list, or a file named "list", is the Debian tracker; a .yaml/.yml/.json file (the first one
// found in a folder) that has "distroversion" in its first 4 KiB is Alpine secdb; anything else
// is OSV. Only reads a little of one file.
ImportFormat DetectImportFormat(const std::filesystem::path& input);

// Imports `input` in the detected format. Malformed records, entries and lines are counted and
// named in the stats, never fatal; kNotFound when `input` does not exist, kIo when it cannot be
// read. `source` names the origin in the database's sources table.
Result<ImportStats> Import(DatabaseWriter& writer, const std::filesystem::path& input,
                           std::string_view source);

}  // namespace scry::db
