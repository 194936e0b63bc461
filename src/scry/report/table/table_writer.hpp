// The human-readable report: a summary table of every target, then one section per result with
// its findings (and its packages for inventory scans or --list-all-pkgs). Fits
// WriterOptions::terminal_width when one is given and colours severities when asked; whatever
// the options, no control character from the data reaches the output.
#pragma once

#include "scry/report/writer.hpp"

namespace scry::report {

class TableWriter final : public Writer {
 public:
  explicit TableWriter(const WriterOptions& options) : options_(options) {}
  Status Write(const model::Report& report, std::ostream& out) const override;

 private:
  WriterOptions options_;
};

// The SGR parameters a severity is shown in ("1;31" for CRITICAL...).
std::string_view SeverityStyle(model::Severity severity);

}  // namespace scry::report
