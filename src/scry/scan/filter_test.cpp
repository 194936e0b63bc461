#include "scry/scan/filter.hpp"

#include <gtest/gtest.h>

namespace scry::scan {
namespace {

model::DetectedVulnerability Finding(std::string id, std::string status, std::string fixed,
                                     model::Severity severity) {
  model::DetectedVulnerability out;
  out.vulnerability_id = std::move(id);
  out.status = std::move(status);
  out.fixed_version = std::move(fixed);
  out.severity = severity;
  return out;
}

model::Report TwoResults() {
  model::Report report;
  model::ScanResult os;
  os.target = "debian 12";
  os.result_class = model::ResultClass::kOsPackages;
  os.vulnerabilities = {Finding("CVE-1", "fixed", "1.1", model::Severity::kHigh),
                        Finding("CVE-2", "will_not_fix", "", model::Severity::kLow),
                        Finding("CVE-3", "end_of_life", "", model::Severity::kCritical)};
  model::ScanResult lang;
  lang.target = "app/go.mod";
  lang.vulnerabilities = {Finding("CVE-4", "affected", "", model::Severity::kMedium),
                          Finding("CVE-5", "fixed", "2.0", model::Severity::kCritical)};
  report.results = {os, lang};
  return report;
}

std::vector<std::string> Ids(const model::Report& report) {
  std::vector<std::string> out;
  for (const auto& result : report.results) {
    for (const auto& finding : result.vulnerabilities) out.push_back(finding.vulnerability_id);
  }
  return out;
}

TEST(FilterTest, IgnoreStatus) {
  model::Report report = TwoResults();
  FilterOptions options;
  options.ignore_statuses = {"will_not_fix", "end_of_life"};
  ApplyFilters(options, report);
  EXPECT_EQ(Ids(report), (std::vector<std::string>{"CVE-1", "CVE-4", "CVE-5"}));
  EXPECT_TRUE(IsKnownStatus("fix_deferred"));
  EXPECT_FALSE(IsKnownStatus("wontfix"));
}

TEST(FilterTest, PackageTypes) {
  model::Report report = TwoResults();
  FilterOptions options;
  options.os_packages = false;
  ApplyFilters(options, report);
  ASSERT_EQ(report.results.size(), 1u);
  EXPECT_EQ(report.results[0].target, "app/go.mod");
  report = TwoResults();
  options.os_packages = true;
  options.library_packages = false;
  options.severities = {model::Severity::kCritical};
  ApplyFilters(options, report);
  EXPECT_EQ(Ids(report), std::vector<std::string>{"CVE-3"});
}

TEST(FilterTest, EndOfLifeExitCode) {
  model::Report report;
  std::string note;
  EXPECT_EQ(EndOfLifeExitCode(report, 5, &note), 0);
  EXPECT_TRUE(note.empty());
  report.metadata.os = model::OsInfo{"debian", "9.13", false};
  EXPECT_EQ(EndOfLifeExitCode(report, 5, &note), 0);
  EXPECT_NE(note.find("no end-of-life data marking debian 9.13"), std::string::npos);
  report.metadata.os->eosl = true;
  EXPECT_EQ(EndOfLifeExitCode(report, 5, &note), 5);
  EXPECT_NE(note.find("debian 9.13 is end-of-life"), std::string::npos);
  EXPECT_EQ(EndOfLifeExitCode(report, 0, &note), 0);
}

}  // namespace
}  // namespace scry::scan
