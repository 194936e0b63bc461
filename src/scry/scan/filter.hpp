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

// --exit-on-eol: `exit_on_eol` when it is non-zero and the report's OS is marked end-of-life,
// else 0. `note` (may be null) gets why: the OS is end-of-life, or scry has no end-of-life data
// saying it is (an OS that is not marked is not known to be supported either).
int EndOfLifeExitCode(const model::Report& report, int exit_on_eol, std::string* note);

// The number of vulnerabilities left in the report.
size_t CountVulnerabilities(const model::Report& report);

}  // namespace scry::scan
