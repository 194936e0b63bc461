#include "scry/report/table/table_writer.hpp"

#include <fmt/format.h>

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

}  // namespace

Status TableWriter::Write(const model::Report& report, std::ostream& out) const {
  if (report.results.empty()) {
    out << "No packages found in " << report.artifact_name << "\n";
  }
  for (const model::ScanResult& result : report.results) {
    std::string title = fmt::format("{} ({})", result.target, result.type);
    out << "\n" << title << "\n" << std::string(DisplayWidth(title), '=') << "\n";
    out << "Packages: " << result.packages.size() << "\n";
    if (result.go_binary) {
      out << GoBinarySummary(*result.go_binary);
      if (!result.go_binary->source_repository.empty()) {
        out << "Source: probably " << result.go_binary->source_repository
            << "; scan it with: " << result.go_binary->source_command << "\n";
      }
    }
    if (!options_.list_all_packages || result.packages.empty()) continue;
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
