#include "scry/scan/filter.hpp"

namespace scry::scan {

bool IsKnownStatus(std::string_view status) {
  static constexpr std::string_view kStatuses[] = {
      "unknown",      "not_affected", "affected",   "fixed", "under_investigation",
      "will_not_fix", "fix_deferred", "end_of_life"};
  for (std::string_view known : kStatuses) {
    if (known == status) return true;
  }
  return false;
}

void ApplyFilters(const FilterOptions& options, model::Report& report) {
  std::erase_if(report.results, [&options](const model::ScanResult& result) {
    return result.result_class == model::ResultClass::kOsPackages ? !options.os_packages
                                                                  : !options.library_packages;
  });
  for (model::ScanResult& result : report.results) {
    std::erase_if(result.vulnerabilities, [&options](const model::DetectedVulnerability& found) {
      if (!options.severities.empty() && options.severities.count(found.severity) == 0) return true;
      if (options.ignore_statuses.count(found.status) != 0) return true;
      return options.ignore_unfixed && found.fixed_version.empty();
    });
  }
}

int EndOfLifeExitCode(const model::Report& report, int exit_on_eol, std::string* note) {
  if (exit_on_eol == 0 || !report.metadata.os || report.metadata.os->empty()) return 0;
  const model::OsInfo& os = *report.metadata.os;
  if (os.eosl) {
    if (note != nullptr) {
      *note = os.family + " " + os.name + " is end-of-life: it no longer gets security updates";
    }
    return exit_on_eol;
  }
  if (note != nullptr) {
    *note = "--exit-on-eol: scry has no end-of-life data marking " + os.family + " " + os.name +
            " as end-of-life";
  }
  return 0;
}

size_t CountVulnerabilities(const model::Report& report) {
  size_t count = 0;
  for (const model::ScanResult& result : report.results) count += result.vulnerabilities.size();
  return count;
}

}  // namespace scry::scan
