#include "scry/report/table/table_writer.hpp"

#include <fmt/format.h>

#include <map>

#include "scry/report/table/box_table.hpp"

namespace scry::report {
namespace {

std::string GoBinarySummary(const model::GoBinaryDetails& details) {
  std::string status;
  switch (details.build_info) {
    case model::GoBinaryDetails::BuildInfo::kPresent:
      status = "build info present";
      break;
    case model::GoBinaryDetails::BuildInfo::kNoModules:
      status = "build info without modules: packages recovered from the function table";
      break;
    case model::GoBinaryDetails::BuildInfo::kMissing:
      status = "no build info: packages recovered from the function table";
      break;
  }
  std::string go_version = details.go_version.empty() ? "unknown" : details.go_version;
  return fmt::format("Go: {} ({})\n", go_version, status);
}

std::string SeverityCounts(const model::ScanResult& result) {
  std::map<model::Severity, size_t> counts;
  for (const auto& vulnerability : result.vulnerabilities) ++counts[vulnerability.severity];
  std::string out = fmt::format("Total: {} (", result.vulnerabilities.size());
  for (auto severity : {model::Severity::kUnknown, model::Severity::kLow, model::Severity::kMedium,
                        model::Severity::kHigh, model::Severity::kCritical}) {
    if (severity != model::Severity::kUnknown) out += ", ";
    out += fmt::format("{}: {}", model::SeverityName(severity), counts[severity]);
  }
  return out + ")\n";
}

std::string VulnerabilityTable(const model::ScanResult& result) {
  BoxTable table({"Library", "Vulnerability", "Severity", "Status", "Installed Version",
                  "Fixed Version", "Title"});
  for (const auto& vulnerability : result.vulnerabilities) {
    table.AddRow({vulnerability.pkg_name, vulnerability.vulnerability_id,
                  std::string(model::SeverityName(vulnerability.severity)), vulnerability.status,
                  vulnerability.installed_version, vulnerability.fixed_version,
                  vulnerability.Details().title});
  }
  return table.Render();
}

}  // namespace

Status TableWriter::Write(const model::Report& report, std::ostream& out) const {
  if (report.results.empty()) {
    out << "No packages found in " << report.artifact_name << "\n";
  }
  for (const model::ScanResult& result : report.results) {
    bool os_packages = result.result_class == model::ResultClass::kOsPackages;
    // An OS result's target already names the OS: "image (debian 12.5)".
    std::string title =
        os_packages ? result.target : fmt::format("{} ({})", result.target, result.type);
    out << "\n" << title << "\n" << std::string(DisplayWidth(title), '=') << "\n";
    if (options_.vulnerabilities) out << SeverityCounts(result);
    out << "Packages: " << result.packages.size() << "\n";
    if (result.go_binary) {
      out << GoBinarySummary(*result.go_binary);
      if (!result.go_binary->source_repository.empty()) {
        out << "Source: probably " << result.go_binary->source_repository
            << "; scan it with: " << result.go_binary->source_command << "\n";
      }
    }
    for (const auto& unmatched : result.unmatched_packages) {
      out << "Not matched: " << unmatched.pkg_name << ": " << unmatched.reason << "\n";
    }
    if (!result.vulnerabilities.empty()) out << "\n" << VulnerabilityTable(result);
    if (!options_.list_all_packages || result.packages.empty()) continue;
    if (os_packages) {
      BoxTable table({"Package", "Version", "Source package"});
      for (const model::Package& package : result.packages) {
        std::string source = package.src_name.empty() ? package.name : package.src_name;
        std::string source_version = model::FullVersion(package, true);
        if (source_version != model::FullVersion(package)) source += " " + source_version;
        table.AddRow({package.name, model::FullVersion(package), source});
      }
      out << "\n" << table.Render();
      continue;
    }
    BoxTable table({"Package", "Version", "Relationship", "Version from"});
    for (const model::Package& package : result.packages) {
      table.AddRow({package.name, package.version.empty() ? "unknown" : package.version,
                    std::string(model::RelationshipName(package.relationship)),
                    package.version_source
                        ? std::string(model::VersionSourceName(*package.version_source))
                        : std::string()});
    }
    out << "\n" << table.Render();
  }
  if (!out.good()) return Fail(ErrorCode::kIo, "writing the table report failed");
  return Ok();
}

}  // namespace scry::report
