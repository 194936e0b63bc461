// The Open Source Vulnerability format (https://ossf.github.io/osv-schema/, schema 1.0 to 1.7):
// the parts scry matches on and reports. Unknown fields are ignored, as the schema asks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/formats/json.hpp"

namespace scry::osv {

struct Event {
  enum class Kind { kIntroduced, kFixed, kLastAffected, kLimit };
  Kind kind = Kind::kIntroduced;
  std::string version;  // "0" for introduced means "since the first version"
};
std::string_view EventKindName(Event::Kind kind);  // "introduced", "fixed", ...

struct Range {
  enum class Type { kSemver, kEcosystem, kGit };
  Type type = Type::kEcosystem;
  std::vector<Event> events;  // in record order; the matcher sorts them by its scheme
};

struct Severity {
  std::string type;   // "CVSS_V3", "CVSS_V4", "CVSS_V2", "Ubuntu"...
  std::string score;  // a vector such as "CVSS:3.1/AV:N/AC:L/..."
};

// Go vulndb's ecosystem_specific.imports: the packages (and platforms) a vulnerability is in.
struct GoImport {
  std::string path;
  std::vector<std::string> goos;    // empty: every GOOS
  std::vector<std::string> goarch;  // empty: every GOARCH
  std::vector<std::string> symbols;
};

struct Affected {
  std::string ecosystem;  // as written, e.g. "Go", "PyPI", "Debian:12", "AlmaLinux:9"
  std::string name;
  std::string purl;
  std::vector<Range> ranges;
  std::vector<std::string> versions;  // explicit list of affected versions
  std::vector<Severity> severity;     // per-package severity (schema 1.4+)
  std::vector<GoImport> go_imports;
  std::string database_severity;  // database_specific.severity, e.g. "HIGH"
  // database_specific.status: why a vulnerable package has no fix, in Trivy's status names
  // ("will_not_fix", "fix_deferred", "end_of_life"); scry's converters of distribution data
  // write it. Empty: "fixed" or "affected" follow from the ranges.
  std::string status;
};

struct Reference {
  std::string type;  // "ADVISORY", "FIX", "WEB", ...
  std::string url;
};

struct Record {
  std::string id;
  std::string modified;   // RFC 3339
  std::string published;  // RFC 3339 or empty
  std::string withdrawn;  // RFC 3339 or empty: a withdrawn record never matches
  std::vector<std::string> aliases;
  std::vector<std::string> related;
  std::string summary;
  std::string details;
  std::vector<Severity> severity;
  std::vector<Affected> affected;
  std::vector<Reference> references;
  std::vector<std::string> cwe_ids;  // database_specific.cwe_ids (GitHub advisories)
  std::string database_severity;     // database_specific.severity (GitHub advisories)
  std::string source_url;            // database_specific.url (Go vulndb)
};

// Parses one "affected" object of an OSV record (as the database stores them). Pure.
Result<Affected> ParseAffected(std::string_view json);
// The same with a caller's parser (a parser's buffers cost more to set up than a small entry
// costs to parse). Without `symbols`, Go vulndb's per-import symbol lists, which matching does not
// use, are skipped.
Result<Affected> ParseAffected(std::string_view json, formats::json::Parser& parser,
                               bool symbols = true);

// Parses one OSV record. kInvalidInput when the JSON is malformed or `id`/`modified` are missing,
// or an affected entry, range or event is malformed; kLimitExceeded past the JSON size or depth
// limits. Pure.
Result<Record> ParseRecord(std::string_view json);

}  // namespace scry::osv
