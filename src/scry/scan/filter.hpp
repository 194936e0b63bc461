// Policy applied to findings after matching (Trivy's --severity and --ignore-unfixed).
#pragma once

#include <set>

#include "scry/model/report.hpp"

namespace scry::scan {

struct FilterOptions {
  std::set<model::Severity> severities;  // empty: every severity
  bool ignore_unfixed = false;           // drop findings without a fixed version
};

// Removes the vulnerabilities the options exclude from every result.
void ApplyFilters(const FilterOptions& options, model::Report& report);

// The number of vulnerabilities left in the report.
size_t CountVulnerabilities(const model::Report& report);

}  // namespace scry::scan
