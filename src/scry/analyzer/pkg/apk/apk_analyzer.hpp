// The apk analyzer: lib/apk/db/installed becomes a package database (type "apk") and the files
// each package installed. The database is reported even when empty (see dpkg_analyzer.hpp).
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::pkg {

void RegisterApk(Registry& registry);

}  // namespace scry::analyzer::pkg
