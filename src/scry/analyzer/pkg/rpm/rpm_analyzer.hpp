// The rpm package database analyzer: var/lib/rpm/{Packages,Packages.db,rpmdb.sqlite} and the
// same under usr/lib/sysimage/rpm/ (Trivy's list), in any of the three formats.
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::pkg {

void RegisterRpm(Registry& registry);

}  // namespace scry::analyzer::pkg
