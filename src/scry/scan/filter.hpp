// Policy applied to findings after matching (Trivy's --severity and --ignore-unfixed).
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "scry/model/report.hpp"

namespace scry::scan {

struct FilterOptions {
  std::set<model::Severity> severities;   // empty: every severity
  bool ignore_unfixed = false;            // drop findings without a fixed version
  std::set<std::string> ignore_statuses;  // --ignore-status: drop findings with these statuses
  bool os_packages = true;                // --pkg-types os: keep OS package results
  bool library_packages = true;           // --pkg-types library: keep language package results
};

// Trivy's vulnerability statuses, the values --ignore-status accepts.
bool IsKnownStatus(std::string_view status);

// Removes the results of package types not selected, then the vulnerabilities the options
// exclude from every result.
void ApplyFilters(const FilterOptions& options, model::Report& report);

// The number of vulnerabilities left in the report.
size_t CountVulnerabilities(const model::Report& report);

}  // namespace scry::scan
