// The Debian security tracker's advisory lists (data/DSA/list, data/DLA/list: Debian Security
// Advisories and LTS Advisories) converted into OSV records with ecosystems "Debian:<release>",
// keyed by source package, as osv.dev's own Debian records are.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/osv/record.hpp"

namespace scry::db {

// The release number of a Debian codename ("bookworm" -> "12", "sarge" -> "3.1"); nullopt for a
// codename scry does not know.
std::optional<std::string> DebianReleaseNumber(std::string_view codename);

struct DebianTrackerList {
  std::vector<osv::Record> records;  // one per advisory that names at least one package
  size_t advisories = 0;             // headers read, including announcements without packages
  size_t not_affected = 0;           // "<not-affected>" release lines (no affected entry)
  size_t malformed = 0;              // lines that could not be read, skipped
  std::vector<std::string> malformed_examples;  // "line N: reason", the first few
};

// Parses a tracker list: blocks of "[DD Mon YYYY] ID title", an optional "{CVE-... ...}" line and
// "[codename] - source-package version|<unfixed>|<end-of-life>|<not-affected> [note]" lines.
// Each release line becomes an affected entry (introduced 0, fixed version; no fix for
// <unfixed>, and also database_specific.status "end_of_life" for <end-of-life>); the CVEs become
// aliases. Malformed lines are counted and skipped. Fails only past the size limit. Pure.
Result<DebianTrackerList> ParseDebianTrackerList(std::string_view text);

}  // namespace scry::db
