#include "scry/report/sarif/sarif_writer.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "scry/report/document_ids.hpp"

namespace scry::report {
namespace {

using nlohmann::ordered_json;

constexpr std::string_view kSchema =
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/"
    "sarif-schema-2.1.0.json";

// Trivy's mapping: code scanning shows error/warning/note and sorts by security-severity.
std::string_view Level(model::Severity severity) {
  switch (severity) {
    case model::Severity::kCritical:
    case model::Severity::kHigh:
      return "error";
    case model::Severity::kMedium:
      return "warning";
    default:
      return "note";
  }
}

// GitHub ranks alerts by this score: the CVSS of the source the severity came from, or, without
// one, Trivy's stand-in per severity (its ranges' midpoints as GitHub defines them).
std::string SecuritySeverity(const model::DetectedVulnerability& vulnerability) {
  const auto& cvss = vulnerability.Details().cvss;
  if (auto it = cvss.find(vulnerability.severity_source); it != cvss.end()) {
    if (!it->second.v3_vector.empty() && it->second.v3_score > 0) {
      return fmt::format("{:.1f}", it->second.v3_score);
    }
    if (!it->second.v40_vector.empty() && it->second.v40_score > 0) {
      return fmt::format("{:.1f}", it->second.v40_score);
    }
  }
  switch (vulnerability.severity) {
    case model::Severity::kCritical:
      return "9.5";
    case model::Severity::kHigh:
      return "8.0";
    case model::Severity::kMedium:
      return "5.5";
    case model::Severity::kLow:
      return "2.0";
    default:
      return "0.0";
  }
}

std::string Link(const model::DetectedVulnerability& vulnerability) {
  const std::string& url = vulnerability.Details().primary_url;
  if (url.empty()) return vulnerability.vulnerability_id;
  return fmt::format("[{}]({})", vulnerability.vulnerability_id, url);
}

std::string Fixed(const model::DetectedVulnerability& vulnerability) {
  return vulnerability.fixed_version.empty() ? "none" : vulnerability.fixed_version;
}

ordered_json Rule(const model::ScanResult& result,
                  const model::DetectedVulnerability& vulnerability) {
  const model::VulnerabilityDetails& details = vulnerability.Details();
  std::string_view severity = model::SeverityName(vulnerability.severity);
  std::string title = details.title.empty() ? vulnerability.vulnerability_id : details.title;
  std::string description = details.description.empty() ? title : details.description;
  ordered_json rule;
  rule["id"] = vulnerability.vulnerability_id;
  rule["name"] = result.result_class == model::ResultClass::kOsPackages
                     ? "OsPackageVulnerability"
                     : "LanguageSpecificPackageVulnerability";
  rule["shortDescription"] = {{"text", title}};
  rule["fullDescription"] = {{"text", description}};
  rule["defaultConfiguration"] = {{"level", Level(vulnerability.severity)}};
  if (!details.primary_url.empty()) rule["helpUri"] = details.primary_url;
  rule["help"] = {
      {"text", fmt::format("Vulnerability {}\nSeverity: {}\nPackage: {}\nFixed Version: {}\n"
                           "Link: {}\n{}",
                           vulnerability.vulnerability_id, severity, vulnerability.pkg_name,
                           Fixed(vulnerability), Link(vulnerability), description)},
      {"markdown",
       fmt::format("**Vulnerability {}**\n| Severity | Package | Fixed Version | Link |\n"
                   "| --- | --- | --- | --- |\n|{}|{}|{}|{}|\n\n{}",
                   vulnerability.vulnerability_id, severity, vulnerability.pkg_name,
                   Fixed(vulnerability), Link(vulnerability), description)}};
  rule["properties"] = {{"precision", "very-high"},
                        {"security-severity", SecuritySeverity(vulnerability)},
                        {"tags", {"vulnerability", "security", severity}}};
  return rule;
}

}  // namespace

Status SarifWriter::Write(const model::Report& report, std::ostream& out) const {
  ordered_json rules = ordered_json::array();
  ordered_json results = ordered_json::array();
  std::map<std::string, size_t> rule_index;
  for (const model::ScanResult& result : report.results) {
    // Trivy locates OS package findings at the image: they have no file of their own.
    const std::string& uri = result.result_class == model::ResultClass::kOsPackages
                                 ? report.artifact_name
                                 : result.target;
    for (const model::DetectedVulnerability& vulnerability : result.vulnerabilities) {
      auto [it, added] = rule_index.emplace(vulnerability.vulnerability_id, rules.size());
      if (added) rules.push_back(Rule(result, vulnerability));
      ordered_json entry;
      entry["ruleId"] = vulnerability.vulnerability_id;
      entry["ruleIndex"] = it->second;
      entry["level"] = Level(vulnerability.severity);
      entry["message"] = {
          {"text",
           fmt::format("Package: {}\nInstalled Version: {}\nVulnerability {}\n"
                       "Severity: {}\nFixed Version: {}\nLink: {}",
                       vulnerability.pkg_name, vulnerability.installed_version,
                       vulnerability.vulnerability_id, model::SeverityName(vulnerability.severity),
                       Fixed(vulnerability), Link(vulnerability))}};
      ordered_json location;
      location["physicalLocation"] = {
          {"artifactLocation", {{"uri", uri}, {"uriBaseId", "ROOTPATH"}}},
          {"region", {{"startLine", 1}, {"startColumn", 1}, {"endLine", 1}, {"endColumn", 1}}}};
      location["message"] = {{"text", fmt::format("{}: {}@{}", uri, vulnerability.pkg_name,
                                                  vulnerability.installed_version)}};
      entry["locations"] = ordered_json::array({std::move(location)});
      results.push_back(std::move(entry));
    }
  }

  ordered_json driver;
  driver["fullName"] = "scry vulnerability scanner";
  driver["informationUri"] = kScryUri;
  driver["name"] = "scry";
  driver["rules"] = std::move(rules);
  driver["version"] = options_.tool_version;
  ordered_json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["results"] = std::move(results);
  run["columnKind"] = "utf16CodeUnits";
  // File system targets are relative to the scanned folder; an absolute one is its root.
  std::string root = "file:///";
  if ((report.artifact_type == model::ArtifactType::kFilesystem ||
       report.artifact_type == model::ArtifactType::kRepository) &&
      report.artifact_name.starts_with('/')) {
    root = "file://" + report.artifact_name;
    if (!root.ends_with('/')) root += '/';
  }
  run["originalUriBaseIds"] = {{"ROOTPATH", {{"uri", root}}}};
  run["properties"] = {{"artifactName", report.artifact_name},
                       {"artifactType", model::ArtifactTypeName(report.artifact_type)}};

  ordered_json root_json;
  root_json["version"] = "2.1.0";
  root_json["$schema"] = kSchema;
  root_json["runs"] = ordered_json::array({std::move(run)});
  out << root_json.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
  if (!out.good()) return Fail(ErrorCode::kIo, "writing the SARIF report failed");
  return Ok();
}

}  // namespace scry::report
