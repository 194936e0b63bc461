// Alpine's security database ("secdb", https://secdb.alpinelinux.org/, YAML or JSON, one file per
// release and repository) converted into OSV records with ecosystems "Alpine:v3.11", keyed by
// origin (source) package, as osv.dev's own Alpine records are.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/osv/record.hpp"

namespace scry::db {

// One secfixes entry: every version of `package` below `fixed` in `release` is affected by `ids`.
struct AlpineSecfix {
  std::string package;
  std::string fixed;             // an apk version; "0" means the IDs never affected the release
  std::vector<std::string> ids;  // the first is the advisory ID, the rest its aliases
};

struct AlpineSecdb {
  std::string release;     // distroversion, e.g. "v3.11"
  std::string repository;  // reponame, e.g. "main"
  std::vector<AlpineSecfix> fixes;
  size_t packages = 0;
  size_t malformed = 0;                         // entries skipped (no name, bad version or ID)
  std::vector<std::string> malformed_examples;  // "line N: reason", the first few
};

// Parses one secdb document (YAML or JSON). An ID is the first whitespace-separated token that is
// an advisory ID (typos such as "CVE_2019-2426", "CVE-2017-8073.patch" and "CVE-2017-17434-1"
// are read as the CVE they name; placeholders such as "CVE-????-?????" are skipped in favour of
// the next token); further tokens that are IDs become aliases. kInvalidInput when the document is
// not YAML or has no distroversion; malformed entries are counted and skipped. Pure.
Result<AlpineSecdb> ParseAlpineSecdb(std::string_view text);

// Records for the fixes of several secdb files: one record per advisory ID ("ALPINE-" + ID, the
// ID and the line's non-CVE IDs as aliases; each CVE of a line is its own record), one affected
// entry per (release, package, fixed version) with introduced 0 and that fix; "0" fixes give no
// entry (not affected). Sorted by ID. Pure.
std::vector<osv::Record> AlpineSecdbRecords(const std::vector<AlpineSecdb>& files);

}  // namespace scry::db
