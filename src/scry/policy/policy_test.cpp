#include "scry/policy/policy.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "golden.hpp"
#include "scry/base/strings.hpp"
#include "scry/formats/txtar.hpp"

namespace scry::policy {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

// Each testdata/<case>.txtar holds "report.json" (Trivy-style Results: Target, Class, Packages
// with ID/Name/Version/PURL/FilePath, Vulnerabilities with VulnerabilityID/VendorIDs/PkgID/
// PkgName/InstalledVersion/PkgPURL/Status), "today" (YYYY-MM-DD), ignore files named
// "ignore:<path>" (YAML when the path ends in .yaml) and VEX documents named "vex:<path>", applied
// in archive order. <case>.golden.json holds what remains, what was filtered (reason and
// evidence) and the warnings.
model::Report ReadReport(const std::string& text) {
  auto json = ordered_json::parse(text);
  model::Report report;
  for (const auto& entry : json.at("Results")) {
    model::ScanResult result;
    result.target = entry.at("Target").get<std::string>();
    result.result_class = entry.value("Class", "lang-pkgs") == "os-pkgs"
                              ? model::ResultClass::kOsPackages
                              : model::ResultClass::kLanguagePackages;
    result.type = entry.value("Type", "");
    for (const auto& item : entry.value("Packages", ordered_json::array())) {
      model::Package package;
      package.id = item.at("ID").get<std::string>();
      package.name = item.at("Name").get<std::string>();
      package.version = item.value("Version", "");
      package.purl = item.value("PURL", "");
      package.file_path = item.value("FilePath", "");
      result.packages.push_back(std::move(package));
    }
    for (const auto& item : entry.value("Vulnerabilities", ordered_json::array())) {
      model::DetectedVulnerability finding;
      finding.vulnerability_id = item.at("VulnerabilityID").get<std::string>();
      finding.pkg_id = item.value("PkgID", "");
      finding.pkg_name = item.at("PkgName").get<std::string>();
      finding.installed_version = item.value("InstalledVersion", "");
      finding.pkg_purl = item.value("PkgPURL", "");
      finding.status = item.value("Status", "affected");
      auto details = std::make_shared<model::VulnerabilityDetails>();
      details->vendor_ids = item.value("VendorIDs", std::vector<std::string>{});
      finding.details = std::move(details);
      result.vulnerabilities.push_back(std::move(finding));
    }
    report.results.push_back(std::move(result));
  }
  return report;
}

ordered_json Outcome(const model::Report& report, const PolicyOutcome& outcome) {
  ordered_json out;
  ordered_json results = ordered_json::array();
  for (const auto& result : report.results) {
    ordered_json entry;
    entry["Target"] = result.target;
    entry["Vulnerabilities"] = ordered_json::array();
    for (const auto& finding : result.vulnerabilities) {
      entry["Vulnerabilities"].push_back(finding.vulnerability_id + " " + finding.pkg_name);
    }
    entry["Filtered"] = ordered_json::array();
    for (const auto& filtered : result.filtered_vulnerabilities) {
      ordered_json item{{"ID", filtered.vulnerability_id + " " + filtered.pkg_name},
                        {"Reason", filtered.reason}};
      ordered_json evidence = ordered_json::object();
      for (const auto& [key, value] : filtered.evidence) evidence[key] = value;
      item["Evidence"] = std::move(evidence);
      entry["Filtered"].push_back(std::move(item));
    }
    results.push_back(std::move(entry));
  }
  out["Results"] = std::move(results);
  out["Warnings"] = outcome.warnings;
  out["Ignored"] = outcome.ignored;
  out["SuppressedByVex"] = outcome.suppressed_by_vex;
  return out;
}

TEST(PolicyGoldenTest, Cases) {
  fs::path directory = fs::path(SCRY_MODULE_DIR) / "testdata";
  auto cases = scry::testing::ListFiles(directory, ".txtar");
  ASSERT_FALSE(cases.empty());
  for (const fs::path& path : cases) {
    SCOPED_TRACE(path.filename().string());
    formats::Txtar archive = formats::ParseTxtar(scry::testing::ReadTextFile(path));
    const std::string* report_text = archive.Find("report.json");
    ASSERT_NE(report_text, nullptr);
    model::Report report = ReadReport(*report_text);
    Policy policy;
    if (const std::string* today = archive.Find("today")) {
      policy.today = std::string(strings::TrimSpace(*today));
    }
    for (const auto& file : archive.files) {
      if (file.name.rfind("ignore:", 0) == 0) {
        std::string name = file.name.substr(7);
        auto parsed = IsYamlIgnoreFile(name) ? ParseYamlIgnoreFile(file.content)
                                             : ParsePlainIgnoreFile(file.content);
        ASSERT_TRUE(parsed.has_value()) << name << ": " << parsed.error().ToString();
        policy.ignore_files.push_back({name, std::move(*parsed)});
      } else if (file.name.rfind("vex:", 0) == 0) {
        auto parsed = ParseVex(file.content);
        ASSERT_TRUE(parsed.has_value()) << file.name << ": " << parsed.error().ToString();
        policy.vex.push_back({file.name.substr(4), std::move(*parsed)});
      }
    }
    PolicyOutcome outcome = ApplyPolicy(policy, report);
    fs::path golden = path;
    golden.replace_extension(".golden.json");
    EXPECT_TRUE(scry::testing::MatchesGolden(golden, Outcome(report, outcome).dump(2) + "\n"));
  }
}

}  // namespace
}  // namespace scry::policy
