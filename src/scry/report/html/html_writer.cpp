#include "scry/report/html/html_writer.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <map>

#include "scry/base/sha256.hpp"
#include "scry/base/strings.hpp"
#include "scry/report/document_ids.hpp"

namespace scry::report {
namespace {

using model::Severity;

// Highest first, as the page lists them.
constexpr std::array<Severity, 5> kSeverities = {
    Severity::kCritical, Severity::kHigh, Severity::kMedium, Severity::kLow, Severity::kUnknown};

std::string_view SeverityColour(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
      return "#b71c1c";
    case Severity::kHigh:
      return "#e65100";
    case Severity::kMedium:
      return "#f9a825";
    case Severity::kLow:
      return "#1565c0";
    case Severity::kUnknown:
      break;
  }
  return "#757575";
}

constexpr std::string_view kStyle = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#212121;background:#fff}
h1{font-size:1.5em;margin:0 0 .5em}h2{font-size:1.2em;margin:1.5em 0 .3em}h3{font-size:1em}
dl.meta{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;margin:0}
dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;margin:.5em 0;font-size:13px}
th,td{border:1px solid #cfd8dc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eceff1}th[data-key]{cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr[hidden]{display:none}
.sev{display:inline-block;padding:0 .4em;border-radius:3px;color:#fff;font-weight:600}
.sev-CRITICAL{background:#b71c1c}.sev-HIGH{background:#e65100}.sev-MEDIUM{background:#f9a825;color:#212121}
.sev-LOW{background:#1565c0}.sev-UNKNOWN{background:#757575}
#chart{display:block}
#filter{border:1px solid #cfd8dc;padding:.3em .8em;margin:1em 0;display:inline-block}
#filter label{margin-right:1em}
.note{color:#546e7a}
)";

// Sorting and filtering of the rendered tables; the tables are complete without it.
constexpr std::string_view kScript = R"(
(function () {
  "use strict";
  var RANK = {CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, UNKNOWN: 0};
  function boxes() { return document.querySelectorAll("#filter input[name=severity]"); }
  function applyFilter() {
    var shown = {};
    boxes().forEach(function (box) { if (box.checked) shown[box.value] = true; });
    document.querySelectorAll("tr[data-severity]").forEach(function (row) {
      row.hidden = !shown[row.getAttribute("data-severity")];
    });
    document.querySelectorAll("table.vulns").forEach(function (table) {
      var rows = table.tBodies[0].rows, visible = 0;
      for (var i = 0; i < rows.length; i++) if (!rows[i].hidden) visible++;
      var note = document.getElementById(table.id + "-shown");
      if (note) note.textContent = visible + " of " + rows.length + " shown";
    });
  }
  function sortTable(table, key, dir) {
    var headers = table.tHead.rows[0].cells, column = -1, type = "text";
    for (var i = 0; i < headers.length; i++) {
      if (headers[i].getAttribute("data-key") === key) {
        column = i;
        type = headers[i].getAttribute("data-type") || "text";
        headers[i].setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      } else {
        headers[i].removeAttribute("aria-sort");
      }
    }
    if (column < 0) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    function value(row) {
      if (type === "severity") return RANK[row.getAttribute("data-severity")] || 0;
      return row.cells[column].textContent;
    }
    rows.sort(function (a, b) {
      var x = value(a), y = value(b);
      if (x < y) return -dir;
      if (x > y) return dir;
      return a.getAttribute("data-index") - b.getAttribute("data-index");
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  function fromFragment() {
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq > 0) params[part.slice(0, eq)] = decodeURIComponent(part.slice(eq + 1));
    });
    if (params.severity !== undefined) {
      var wanted = params.severity.toUpperCase().split(",");
      boxes().forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
    }
    applyFilter();
    if (params.sort) {
      var dir = params.dir === "desc" ? -1 : 1;
      document.querySelectorAll("table.sortable").forEach(function (t) { sortTable(t, params.sort, dir); });
    }
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) rows[i].setAttribute("data-index", i);
    var headers = table.tHead.rows[0].cells;
    for (var j = 0; j < headers.length; j++) {
      headers[j].addEventListener("click", function (event) {
        var th = event.currentTarget;
        sortTable(table, th.getAttribute("data-key"),
                  th.getAttribute("aria-sort") === "ascending" ? -1 : 1);
      });
    }
  });
  boxes().forEach(function (box) { box.addEventListener("change", applyFilter); });
  window.addEventListener("hashchange", fromFragment);
  fromFragment();
  document.body.setAttribute("data-ready", "1");
})();
)";

// An href for `url`, or empty when it is not a plain http(s) URL (an advisory could carry
// "javascript:").
std::string SafeUrl(std::string_view url) {
  std::string lower;
  for (char c : url.substr(0, 8)) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (!lower.starts_with("https://") && !lower.starts_with("http://")) return {};
  for (char c : url) {
    if (static_cast<uint8_t>(c) <= 0x20 || c == 0x7F) return {};
  }
  return HtmlEscape(url);
}

std::string Base64(std::string_view bytes) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<uint8_t>(bytes[k])); };
    uint32_t chunk = byte(i) << 16;
    if (i + 1 < bytes.size()) chunk |= byte(i + 1) << 8;
    if (i + 2 < bytes.size()) chunk |= byte(i + 2);
    out += kAlphabet[(chunk >> 18) & 63];
    out += kAlphabet[(chunk >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[chunk & 63] : '=';
  }
  return out;
}

// A Content-Security-Policy source for an inline block: "'sha256-<base64>'".
std::string CspHash(std::string_view block) {
  std::string hex = Sha256Hex(Bytes(reinterpret_cast<const uint8_t*>(block.data()), block.size()));
  std::string raw;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    auto nibble = [](char c) { return static_cast<unsigned>(c >= 'a' ? c - 'a' + 10 : c - '0'); };
    raw += static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1]));
  }
  return "'sha256-" + Base64(raw) + "'";
}

using Counts = std::map<Severity, size_t>;

Counts CountSeverities(const model::ScanResult& result) {
  Counts counts;
  for (const auto& vulnerability : result.vulnerabilities) ++counts[vulnerability.severity];
  return counts;
}

std::string TargetTitle(const model::ScanResult& result) {
  // An OS result's target already names the OS: "image (debian 12.5)".
  if (result.result_class == model::ResultClass::kOsPackages) return result.target;
  return fmt::format("{} ({})", result.target, result.type);
}

std::string CountCells(const Counts& counts) {
  std::string out;
  size_t total = 0;
  for (Severity severity : kSeverities) {
    size_t count = counts.count(severity) ? counts.at(severity) : 0;
    total += count;
    out += fmt::format("<td class=\"num\" data-severity=\"{}\">{}</td>",
                       model::SeverityName(severity), count);
  }
  return out + fmt::format("<td class=\"num\" data-total>{}</td>", total);
}

void WriteSummary(const model::Report& report, const Counts& overall, std::string& out) {
  out += "<h2>Summary</h2>\n<table id=\"summary\"><thead><tr><th>Target</th>";
  for (Severity severity : kSeverities) {
    out += fmt::format("<th>{}</th>", model::SeverityName(severity));
  }
  out += "<th>Total</th></tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < report.results.size(); ++i) {
    const auto& result = report.results[i];
    out +=
        fmt::format("<tr data-target-index=\"{}\"><td><a href=\"#target-{}\">{}</a></td>{}</tr>\n",
                    i, i, HtmlEscape(TargetTitle(result)), CountCells(CountSeverities(result)));
  }
  out += fmt::format("<tr id=\"summary-total\"><th>All targets</th>{}</tr>\n", CountCells(overall));
  out += "</tbody></table>\n";
}

// Horizontal bars, one per severity, scaled to the largest count (integer geometry, so that the
// same counts give the same bytes).
void WriteChart(const Counts& overall, std::string& out) {
  constexpr int kRow = 26, kLabel = 90, kWidth = 300;
  size_t max = 0;
  for (const auto& [severity, count] : overall) max = std::max(max, count);
  int height = static_cast<int>(kSeverities.size()) * kRow + 4;
  out += fmt::format(
      "<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"Findings by severity\">\n",
      kLabel + kWidth + 60, height, kLabel + kWidth + 60, height);
  int y = 2;
  for (Severity severity : kSeverities) {
    size_t count = overall.count(severity) ? overall.at(severity) : 0;
    int width = max == 0 ? 0 : static_cast<int>(count * kWidth / max);
    if (count > 0 && width < 2) width = 2;
    std::string_view name = model::SeverityName(severity);
    out += fmt::format(
        "<g class=\"bar\" data-severity=\"{0}\" data-count=\"{1}\">"
        "<text x=\"{2}\" y=\"{3}\" text-anchor=\"end\" font-size=\"12\">{0}</text>"
        "<rect x=\"{4}\" y=\"{5}\" width=\"{6}\" height=\"{7}\" fill=\"{8}\"/>"
        "<text x=\"{9}\" y=\"{3}\" font-size=\"12\">{1}</text></g>\n",
        name, count, kLabel - 6, y + 16, kLabel, y + 2, width, kRow - 6, SeverityColour(severity),
        kLabel + width + 6);
    y += kRow;
  }
  out += "</svg>\n";
}

void WriteFilter(std::string& out) {
  out += "<fieldset id=\"filter\"><legend>Show severities</legend>";
  for (Severity severity : kSeverities) {
    out += fmt::format(
        "<label><input type=\"checkbox\" name=\"severity\" value=\"{0}\" checked> {0}</label>",
        model::SeverityName(severity));
  }
  out += "</fieldset>\n";
}

void WriteFindings(const model::ScanResult& result, size_t index, std::string& out) {
  out += fmt::format("<p class=\"note\" id=\"vulns-{}-shown\">{} of {} shown</p>\n", index,
                     result.vulnerabilities.size(), result.vulnerabilities.size());
  out += fmt::format(
      "<table class=\"vulns sortable\" id=\"vulns-{}\"><thead><tr>"
      "<th data-key=\"library\">Library</th><th data-key=\"vulnerability\">Vulnerability</th>"
      "<th data-key=\"severity\" data-type=\"severity\">Severity</th>"
      "<th data-key=\"status\">Status</th><th data-key=\"installed\">Installed Version</th>"
      "<th data-key=\"fixed\">Fixed Version</th><th data-key=\"title\">Title</th>"
      "</tr></thead>\n<tbody>\n",
      index);
  for (const auto& vulnerability : result.vulnerabilities) {
    std::string_view severity = model::SeverityName(vulnerability.severity);
    std::string id = HtmlEscape(vulnerability.vulnerability_id);
    std::string url = SafeUrl(vulnerability.Details().primary_url);
    if (!url.empty())
      id = fmt::format("<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>", url, id);
    out += fmt::format(
        "<tr data-severity=\"{0}\"><td>{1}</td><td>{2}</td>"
        "<td><span class=\"sev sev-{0}\">{0}</span></td><td>{3}</td><td>{4}</td><td>{5}</td>"
        "<td>{6}</td></tr>\n",
        severity, HtmlEscape(vulnerability.pkg_name), id, HtmlEscape(vulnerability.status),
        HtmlEscape(vulnerability.installed_version), HtmlEscape(vulnerability.fixed_version),
        HtmlEscape(vulnerability.Details().title));
  }
  out += "</tbody></table>\n";
}

void WritePackages(const model::ScanResult& result, size_t index, std::string& out) {
  bool os_packages = result.result_class == model::ResultClass::kOsPackages;
  out += fmt::format("<h3>{}</h3>\n<table class=\"pkgs sortable\" id=\"pkgs-{}\"><thead><tr>",
                     HtmlEscape(TargetTitle(result)), index);
  if (os_packages) {
    out +=
        "<th data-key=\"package\">Package</th><th data-key=\"version\">Version</th>"
        "<th data-key=\"source\">Source package</th>";
  } else {
    out +=
        "<th data-key=\"package\">Package</th><th data-key=\"version\">Version</th>"
        "<th data-key=\"relationship\">Relationship</th>"
        "<th data-key=\"from\">Version from</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const model::Package& package : result.packages) {
    if (os_packages) {
      std::string source = package.src_name.empty() ? package.name : package.src_name;
      std::string source_version = model::FullVersion(package, true);
      if (source_version != model::FullVersion(package)) source += " " + source_version;
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", HtmlEscape(package.name),
                         HtmlEscape(model::FullVersion(package)), HtmlEscape(source));
      continue;
    }
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", HtmlEscape(package.name),
        HtmlEscape(package.version.empty() ? "unknown" : package.version),
        model::RelationshipName(package.relationship),
        package.version_source ? model::VersionSourceName(*package.version_source) : "");
  }
  out += "</tbody></table>\n";
}

void WriteTarget(const model::ScanResult& result, size_t index, bool vulnerabilities,
                 std::string& out) {
  out += fmt::format("<section class=\"target\" id=\"target-{}\">\n<h2>{}</h2>\n", index,
                     HtmlEscape(TargetTitle(result)));
  out += fmt::format("<p>Packages: {}", result.packages.size());
  if (vulnerabilities)
    out += fmt::format(" &middot; Vulnerabilities: {}", result.vulnerabilities.size());
  out += "</p>\n";
  if (result.go_binary) {
    const auto& go = *result.go_binary;
    out += fmt::format("<p>Go: {}</p>\n",
                       HtmlEscape(go.go_version.empty() ? "unknown" : go.go_version));
    if (!go.source_repository.empty()) {
      out += fmt::format("<p>Source: probably {}; scan it with: <code>{}</code></p>\n",
                         HtmlEscape(go.source_repository), HtmlEscape(go.source_command));
    }
  }
  if (!result.unmatched_packages.empty()) {
    out += "<ul class=\"unmatched\">\n";
    for (const auto& unmatched : result.unmatched_packages) {
      out += fmt::format("<li>Not matched: {}: {}</li>\n", HtmlEscape(unmatched.pkg_name),
                         HtmlEscape(unmatched.reason));
    }
    out += "</ul>\n";
  }
  if (!result.vulnerabilities.empty()) WriteFindings(result, index, out);
  if (!result.filtered_vulnerabilities.empty()) {
    out += fmt::format("<details class=\"filtered\"><summary>Suppressed: {}</summary><ul>\n",
                       result.filtered_vulnerabilities.size());
    for (const auto& filtered : result.filtered_vulnerabilities) {
      out += fmt::format("<li>{} in {} {}: {}</li>\n", HtmlEscape(filtered.vulnerability_id),
                         HtmlEscape(filtered.pkg_name), HtmlEscape(filtered.installed_version),
                         HtmlEscape(filtered.reason));
    }
    out += "</ul></details>\n";
  }
  out += "</section>\n";
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    strings::Utf8CodePoint decoded = strings::DecodeUtf8At(text, i);
    size_t length = decoded.length;
    if (decoded.code_point == strings::Utf8CodePoint::kInvalid) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (length > 1) {
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    ++i;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if ((static_cast<uint8_t>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
          out += "\xEF\xBF\xBD";
        } else {
          out += c;
        }
    }
  }
  return out;
}

Status HtmlWriter::Write(const model::Report& report, std::ostream& out) const {
  Counts overall;
  bool any_findings = false;
  for (const auto& result : report.results) {
    for (const auto& vulnerability : result.vulnerabilities) ++overall[vulnerability.severity];
    any_findings = any_findings || !result.vulnerabilities.empty();
  }
  bool vulnerabilities = options_.vulnerabilities || any_findings;
  std::string name = HtmlEscape(report.artifact_name);

  std::string page;
  page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += fmt::format(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src {}; script-src {}; base-uri 'none'; form-action 'none'\">\n",
      CspHash(kStyle), CspHash(kScript));
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += fmt::format("<meta name=\"generator\" content=\"scry {}\">\n",
                      HtmlEscape(options_.tool_version));
  page += fmt::format("<title>scry report: {}</title>\n", name);
  page += fmt::format("<style>{}</style>\n</head>\n<body>\n", kStyle);
  page += fmt::format("<h1>scry report: {}</h1>\n<dl class=\"meta\">\n", name);
  page += fmt::format("<dt>Artifact</dt><dd id=\"artifact-name\">{}</dd>\n", name);
  page += fmt::format("<dt>Type</dt><dd id=\"artifact-type\">{}</dd>\n",
                      model::ArtifactTypeName(report.artifact_type));
  if (report.metadata.os && !report.metadata.os->empty()) {
    page += fmt::format("<dt>OS</dt><dd>{} {}{}</dd>\n", HtmlEscape(report.metadata.os->family),
                        HtmlEscape(report.metadata.os->name),
                        report.metadata.os->eosl ? " (end of life)" : "");
  }
  const model::Metadata& metadata = report.metadata;
  auto fact = [&page](std::string_view label, const std::string& value) {
    if (!value.empty()) page += fmt::format("<dt>{}</dt><dd>{}</dd>\n", label, HtmlEscape(value));
  };
  fact("Image ID", metadata.image_id);
  fact("Repo tags", strings::Join(metadata.repo_tags, ", "));
  fact("Repository", metadata.repo_url);
  fact("Branch", metadata.branch);
  fact("Tags", strings::Join(metadata.tags, ", "));
  fact("Commit", metadata.commit);
  if (report.created_at || options_.source_date_epoch) {
    page += fmt::format("<dt>Scanned</dt><dd id=\"scan-time\">{}</dd>\n",
                        HtmlEscape(DocumentTime(report, options_)));
  }
  page += fmt::format("<dt>Tool</dt><dd>scry {}</dd>\n</dl>\n", HtmlEscape(options_.tool_version));

  if (report.results.empty()) {
    page += fmt::format("<p>No packages found in {}</p>\n", name);
  }
  if (vulnerabilities && !report.results.empty()) {
    WriteSummary(report, overall, page);
    WriteChart(overall, page);
    page += "\n";
    if (any_findings) WriteFilter(page);
  }
  for (size_t i = 0; i < report.results.size(); ++i) {
    WriteTarget(report.results[i], i, vulnerabilities, page);
  }
  if (options_.list_all_packages) {
    bool any_packages = false;
    for (const auto& result : report.results) any_packages |= !result.packages.empty();
    if (any_packages) {
      page += "<section id=\"packages\">\n<h2>Packages</h2>\n";
      for (size_t i = 0; i < report.results.size(); ++i) {
        if (!report.results[i].packages.empty()) WritePackages(report.results[i], i, page);
      }
      page += "</section>\n";
    }
  }
  page += fmt::format("<script>{}</script>\n</body>\n</html>\n", kScript);
  out << page;
  if (!out.good()) return Fail(ErrorCode::kIo, "writing the HTML report failed");
  return Ok();
}

}  // namespace scry::report
