// Report writers: they only emit a finished report, never compute (docs/adding-a-report-format.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "scry/base/error.hpp"
#include "scry/model/report.hpp"

namespace scry::report {

enum class Format { kTable, kJson, kSarif, kCycloneDx, kSpdxJson, kGithub, kHtml };
// "table", "json", "sarif", "cyclonedx", "spdx-json", "github" or "html"; nullopt otherwise.
std::optional<Format> ParseFormat(std::string_view name);

struct WriterOptions {
  // Include every package, not only vulnerable ones (always on for inventory-only scans).
  bool list_all_packages = false;
  // Vulnerabilities were looked for (the table then shows their counts even when zero).
  bool vulnerabilities = false;
  // scry's version, named as the producing tool by SARIF, CycloneDX, SPDX and GitHub snapshots.
  std::string tool_version = "dev";
  // SOURCE_DATE_EPOCH: the creation time of formats that require one when the report has none.
  std::optional<int64_t> source_date_epoch;
  // GitHub dependency snapshots: the commit and ref scanned and the job that scanned them
  // (GITHUB_SHA, GITHUB_REF, GITHUB_WORKFLOW + "_" + GITHUB_JOB, GITHUB_RUN_ID in Actions).
  std::string github_sha;
  std::string github_ref;
  std::string github_correlator;
  std::string github_job_id;
  // Table: columns available (a terminal's width; 0: unlimited, cells never wrap) and whether
  // severities are coloured with ANSI SGR codes (only for a terminal, never into pipes or files).
  size_t terminal_width = 0;
  bool color = false;
};

class Writer {
 public:
  virtual ~Writer() = default;
  // Writes the whole report; kIo when the stream fails.
  virtual Status Write(const model::Report& report, std::ostream& out) const = 0;
};

// THE list of formats: one case per format.
std::unique_ptr<Writer> MakeWriter(Format format, const WriterOptions& options);

}  // namespace scry::report
