#include "scry/scan/filter.hpp"

namespace scry::scan {

void ApplyFilters(const FilterOptions& options, model::Report& report) {
  for (model::ScanResult& result : report.results) {
    std::erase_if(result.vulnerabilities, [&options](const model::DetectedVulnerability& found) {
      if (!options.severities.empty() && options.severities.count(found.severity) == 0) return true;
      return options.ignore_unfixed && found.fixed_version.empty();
    });
  }
}

size_t CountVulnerabilities(const model::Report& report) {
  size_t count = 0;
  for (const model::ScanResult& result : report.results) count += result.vulnerabilities.size();
  return count;
}

}  // namespace scry::scan
