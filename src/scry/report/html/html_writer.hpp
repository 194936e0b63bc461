// One self-contained HTML page: summary counts by severity (overall and per target), an inline SVG
// bar chart, one table of findings per target with a severity filter and sortable columns, and
// with --list-all-pkgs the packages. No external assets and no network: CSS and JavaScript are
// inline and a Content-Security-Policy allows only those two blocks (by hash). Everything taken
// from the report is HTML-escaped (advisory titles are untrusted); only http(s) URLs become links.
// Deterministic: the same report gives the same bytes; the scan time is the report's CreatedAt,
// else SOURCE_DATE_EPOCH, else none.
//
// The page honours a URL fragment so that a link (or a test) can open it filtered and sorted:
// "#severity=CRITICAL,HIGH&sort=severity&dir=desc" (sort keys: library, vulnerability, severity,
// status, installed, fixed, title).
#pragma once

#include <string>
#include <string_view>

#include "scry/report/writer.hpp"

namespace scry::report {

class HtmlWriter final : public Writer {
 public:
  explicit HtmlWriter(const WriterOptions& options) : options_(options) {}
  Status Write(const model::Report& report, std::ostream& out) const override;

 private:
  WriterOptions options_;
};

// `text` escaped for HTML text and quoted attribute values (& < > " '); invalid UTF-8 and control
// characters other than tab and newline become U+FFFD.
std::string HtmlEscape(std::string_view text);

}  // namespace scry::report
