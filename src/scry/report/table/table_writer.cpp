#include "scry/report/table/table_writer.hpp"

#include <fmt/format.h>

#include <array>
#include <map>

#include "scry/report/table/box_table.hpp"
#include "scry/report/table/terminal_text.hpp"

namespace scry::report {
namespace {

constexpr std::array kSeveritiesDescending = {model::Severity::kCritical, model::Severity::kHigh,
                                              model::Severity::kMedium, model::Severity::kLow,
                                              model::Severity::kUnknown};
// Floors the vulnerability table's columns shrink to before any other gives way.
constexpr size_t kTitleFloor = 20;
constexpr size_t kVersionFloor = 10;
constexpr size_t kLibraryFloor = 12;
// Identifiers stay whole down to this width (GHSA IDs are 19 columns).
constexpr size_t kIdentifierMinimum = 19;

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
  return fmt::format("Go: {} ({})", go_version, status);
}

std::map<model::Severity, size_t> CountBySeverity(const model::ScanResult& result) {
  std::map<model::Severity, size_t> counts;
  for (const auto& vulnerability : result.vulnerabilities) ++counts[vulnerability.severity];
  return counts;
}

std::string SeverityCounts(const model::ScanResult& result) {
  auto counts = CountBySeverity(result);
  std::string out = fmt::format("Total: {} (", result.vulnerabilities.size());
  for (auto severity : {model::Severity::kUnknown, model::Severity::kLow, model::Severity::kMedium,
                        model::Severity::kHigh, model::Severity::kCritical}) {
    if (severity != model::Severity::kUnknown) out += ", ";
    out += fmt::format("{}: {}", model::SeverityName(severity), counts[severity]);
  }
  return out + ")";
}

// The section title: an OS result's target already names the OS ("image (debian 12.5)").
std::string SectionTitle(const model::ScanResult& result) {
  if (result.result_class == model::ResultClass::kOsPackages) return result.target;
  return fmt::format("{} ({})", result.target, result.type);
}

class Printer {
 public:
  Printer(const WriterOptions& options, std::ostream& out) : options_(options), out_(out) {}

  // Free text, made safe and wrapped to the width.
  void Text(std::string_view text) {
    for (const auto& line : WrapText(TerminalSafe(text), options_.terminal_width)) {
      out_ << line << '\n';
    }
  }
  void Blank() { out_ << '\n'; }
  void Heading(std::string_view title) {
    std::string safe = TerminalSafe(title);
    size_t underline = 0;
    for (const auto& line : WrapText(safe, options_.terminal_width)) {
      out_ << Styled(line, "1") << '\n';
      underline = std::max(underline, DisplayWidth(line));
    }
    out_ << std::string(underline, '=') << '\n';
  }
  void Table(const BoxTable& table, bool row_separators = false) {
    out_ << table.Render({.max_width = options_.terminal_width,
                          .color = options_.color,
                          .row_separators = row_separators});
  }

 private:
  std::string Styled(const std::string& text, std::string_view style) const {
    if (!options_.color || text.empty()) return text;
    return fmt::format("\033[{}m{}\033[0m", style, text);
  }

  const WriterOptions& options_;
  std::ostream& out_;
};

// One row per target: what was found where, before the details.
BoxTable SummaryTable(const model::Report& report, const WriterOptions& options) {
  std::vector<std::string> headers = {"Target", "Type"};
  if (options.list_all_packages) headers.emplace_back("Packages");
  if (options.vulnerabilities) {
    // "Vulns": "Vulnerabilities" and five counts leave no room for targets on 80 columns.
    headers.emplace_back("Vulns");
    for (auto severity : kSeveritiesDescending) {
      std::string name(model::SeverityName(severity));
      // "Critical": the counts' headers read as words, not as shouted labels.
      for (size_t i = 1; i < name.size(); ++i) name[i] = static_cast<char>(name[i] - 'A' + 'a');
      headers.push_back(name);
    }
  }
  BoxTable table(headers);
  for (const model::ScanResult& result : report.results) {
    std::vector<std::string> cells = {result.target, result.type};
    std::vector<std::string> styles(2);
    if (options.list_all_packages) {
      cells.push_back(std::to_string(result.packages.size()));
      styles.emplace_back();
    }
    if (options.vulnerabilities) {
      cells.push_back(std::to_string(result.vulnerabilities.size()));
      styles.emplace_back();
      auto counts = CountBySeverity(result);
      for (auto severity : kSeveritiesDescending) {
        cells.push_back(std::to_string(counts[severity]));
        styles.emplace_back(counts[severity] > 0 ? SeverityStyle(severity) : "");
      }
    }
    table.AddRow(std::move(cells), std::move(styles));
  }
  for (size_t i = 2; i < headers.size(); ++i) table.AlignRight(i);
  table.PreferShrinking(0, 16);
  return table;
}

BoxTable VulnerabilityTable(const model::ScanResult& result) {
  BoxTable table({"Library", "Vulnerability", "Severity", "Status", "Installed Version",
                  "Fixed Version", "Title"});
  for (const auto& vulnerability : result.vulnerabilities) {
    const auto& details = vulnerability.Details();
    // The title, and where to read more on a line of its own (wrapped rather than cut: the
    // whole of both stays readable, as Trivy's "...-->URL" does not).
    std::string title = details.title;
    if (!details.primary_url.empty()) {
      title += title.empty() ? details.primary_url : "\n" + details.primary_url;
    }
    std::string_view style = SeverityStyle(vulnerability.severity);
    table.AddRow({vulnerability.pkg_name, vulnerability.vulnerability_id,
                  std::string(model::SeverityName(vulnerability.severity)), vulnerability.status,
                  vulnerability.installed_version, vulnerability.fixed_version, title},
                 {"", "", std::string(style), "", "", "", ""});
  }
  table.PreferShrinking(0, kLibraryFloor);
  table.PreferShrinking(4, kVersionFloor);
  table.PreferShrinking(5, kVersionFloor);
  table.PreferShrinking(6, kTitleFloor);
  table.SetMinimumWidth(1, kIdentifierMinimum);
  table.SpanWhenNarrow(6);
  return table;
}

BoxTable PackageTable(const model::ScanResult& result) {
  if (result.result_class == model::ResultClass::kOsPackages) {
    BoxTable table({"Package", "Version", "Source package"});
    for (const model::Package& package : result.packages) {
      std::string source = package.src_name.empty() ? package.name : package.src_name;
      std::string source_version = model::FullVersion(package, true);
      if (source_version != model::FullVersion(package)) source += " " + source_version;
      table.AddRow({package.name, model::FullVersion(package), source});
    }
    table.PreferShrinking(2, kLibraryFloor);
    return table;
  }
  BoxTable table({"Package", "Version", "Relationship", "Version from"});
  for (const model::Package& package : result.packages) {
    table.AddRow({package.name, package.version.empty() ? "unknown" : package.version,
                  std::string(model::RelationshipName(package.relationship)),
                  package.version_source
                      ? std::string(model::VersionSourceName(*package.version_source))
                      : std::string()});
  }
  table.PreferShrinking(0, kLibraryFloor);
  return table;
}

}  // namespace

std::string_view SeverityStyle(model::Severity severity) {
  switch (severity) {
    case model::Severity::kCritical:
      return "1;31";  // bold red
    case model::Severity::kHigh:
      return "91";  // bright red
    case model::Severity::kMedium:
      return "33";  // yellow
    case model::Severity::kLow:
      return "34";  // blue
    case model::Severity::kUnknown:
      return "36";  // cyan
  }
  return "";
}

Status TableWriter::Write(const model::Report& report, std::ostream& out) const {
  Printer print(options_, out);
  if (report.results.empty()) {
    print.Text("No packages found in " + report.artifact_name);
  } else {
    print.Heading("Report Summary");
    print.Blank();
    print.Table(SummaryTable(report, options_));
  }
  for (const model::ScanResult& result : report.results) {
    print.Blank();
    print.Heading(SectionTitle(result));
    if (options_.vulnerabilities) print.Text(SeverityCounts(result));
    print.Text(fmt::format("Packages: {}", result.packages.size()));
    if (result.go_binary) {
      print.Text(GoBinarySummary(*result.go_binary));
      if (!result.go_binary->source_repository.empty()) {
        print.Text(fmt::format("Source: probably {}; scan it with: {}",
                               result.go_binary->source_repository,
                               result.go_binary->source_command));
      }
    }
    for (const auto& unmatched : result.unmatched_packages) {
      print.Text(fmt::format("Not matched: {}: {}", unmatched.pkg_name, unmatched.reason));
    }
    if (!result.vulnerabilities.empty()) {
      print.Blank();
      print.Table(VulnerabilityTable(result), /*row_separators=*/true);
    }
    if (options_.list_all_packages && !result.packages.empty()) {
      print.Blank();
      print.Table(PackageTable(result));
    }
  }
  if (!out.good()) return Fail(ErrorCode::kIo, "writing the table report failed");
  return Ok();
}

}  // namespace scry::report
