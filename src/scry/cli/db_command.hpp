// `scry db ...`: build and inspect the advisory database.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "scry/base/error.hpp"
#include "scry/cli/options.hpp"
#include "scry/db/advisory_store.hpp"

namespace scry::cli {

// The cache directory from the option, $XDG_CACHE_HOME/scry or ~/.cache/scry.
std::filesystem::path CacheDirectory(const GlobalOptions& global);

// Each returns the process exit code (0, or 1 with the reason on stderr).
// `scry version`: scry's version, and the database's schema and age when there is one.
int RunVersion(const GlobalOptions& global, const std::string& format, std::string_view version);

int RunDbImport(const GlobalOptions& global, const DbImportOptions& options);
int RunDbInfo(const GlobalOptions& global, const DbInfoOptions& options);
// `scry db update`: downloads what changed, prints one summary line per ecosystem.
int RunDbUpdate(const GlobalOptions& global, const DbUpdateOptions& options);

// The database a scan matches against, made ready first: when there is none (or one of another
// schema) it is downloaded unless options.skip_update; when its next_update has passed it is
// refreshed, and a failed refresh only warns and keeps the old one. Imported databases (no
// next_update) are never refreshed. The error's ToString() is the one line to print, e.g. "no
// vulnerability database, and downloading one failed (...): run `scry db update` when online,
// or `scry db import DIR` with OSV records offline".
Result<std::unique_ptr<db::AdvisoryStore>> EnsureDatabase(const GlobalOptions& global,
                                                          const DbUpdateOptions& options);

}  // namespace scry::cli
