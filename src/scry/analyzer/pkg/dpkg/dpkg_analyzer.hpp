// The dpkg analyzer: var/lib/dpkg/status and every file of var/lib/dpkg/status.d/ become package
// databases (type "dpkg"); var/lib/dpkg/info/*.md5sums and status.d/*.md5sums become the files
// each package installed. A database is reported even when it lists no installed package, so that
// a later layer's rewrite of the status file can replace an earlier one's.
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::pkg {

void RegisterDpkg(Registry& registry);

}  // namespace scry::analyzer::pkg
