// Ignore rules and VEX statements applied to a matched report: suppressed findings move to their
// result's filtered list with the reason and the rule or statement as evidence, so nothing
// disappears silently.
#pragma once

#include <string>
#include <vector>

#include "scry/model/report.hpp"
#include "scry/policy/ignore_file.hpp"
#include "scry/policy/vex.hpp"

namespace scry::policy {

struct SourcedIgnoreFile {
  std::string path;  // as given or found, for reasons and warnings
  IgnoreFile file;
};

struct SourcedVexDocument {
  std::string path;
  VexDocument document;
};

struct Policy {
  std::vector<SourcedIgnoreFile> ignore_files;
  std::vector<SourcedVexDocument> vex;
  // "YYYY-MM-DD" (UTC): a rule whose expiry day is today or earlier no longer applies, as in Trivy
  // (expiry at the start of that day).
  std::string today;
};

struct PolicyOutcome {
  std::vector<std::string> warnings;  // one per expired rule, for the caller to log
  size_t ignored = 0;                 // findings suppressed by ignore rules
  size_t suppressed_by_vex = 0;       // findings suppressed by VEX statements
};

// Applies the ignore rules first, then VEX. A rule matches a finding when its id equals the
// finding's ID or any alias (Details().vendor_ids), every path glob list is satisfied by the
// Result target or the package's file path, and the purl list (if any) has a purl the package
// satisfies (PurlMatches). For VEX, per (alias, package) the latest statement (by timestamp, then
// by order of documents and statements) wins; only not_affected and fixed suppress.
PolicyOutcome ApplyPolicy(const Policy& policy, model::Report& report);

}  // namespace scry::policy
