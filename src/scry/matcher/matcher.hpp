// Matching packages against the advisory database with OSV semantics
// (https://ossf.github.io/osv-schema/#evaluation): SEMVER and ECOSYSTEM ranges with introduced,
// fixed, last_affected and limit events ordered by the ecosystem's version scheme, explicit
// version lists, several ranges and affected entries per record; GIT ranges are not package
// ranges and are ignored.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/db/advisory_store.hpp"
#include "scry/model/report.hpp"
#include "scry/version/scheme.hpp"

namespace scry::matcher {

struct MatchOptions {
  // Report packages of unknown version as possibly affected by every advisory for them
  // (status "unknown"), instead of only listing them as not matched.
  bool include_unknown = false;
  // Threads for database lookups and results (each extra lookup thread opens its own read-only
  // connection to the database file); 0: one per hardware thread.
  size_t threads = 0;
};

// The OSV ecosystem and version scheme of a result type ("gobinary" -> Go); nullopt for types
// without advisories.
struct EcosystemScheme {
  std::string ecosystem;
  version::SchemeKind scheme;
};
std::optional<EcosystemScheme> EcosystemForResultType(std::string_view type);

// Where the advisories of an operating system's packages are: the OSV ecosystems of its release
// (tried in order), the version scheme, and whether advisories name the source package (Debian,
// Ubuntu, Alpine, Wolfi, Chainguard) or the binary package (AlmaLinux, Rocky: their OSV records
// list binary RPMs). Keys: Debian "Debian:<major>"; Ubuntu "Ubuntu:<YY.MM>:LTS" and
// "Ubuntu:<YY.MM>", plus "Ubuntu:Pro:<YY.MM>:LTS" only when the release name ends in "-ESM"
// (Trivy's mark for an image with Ubuntu Pro/ESM enabled: ESM fixes cannot be installed without
// a subscription); Alpine "Alpine:v<major>.<minor>"; AlmaLinux "AlmaLinux:<major>"; Rocky
// "Rocky Linux:<major>"; Wolfi "Wolfi"; Chainguard "Chainguard". nullopt for other families
// (Red Hat's OSV ecosystems name CPE repositories, not releases).
struct OsEcosystems {
  std::vector<std::string> ecosystems;
  version::SchemeKind scheme;
  bool by_source = false;
  std::string data_source;  // Trivy's vendor name for severities: "debian", "alma", ...
};
std::optional<OsEcosystems> EcosystemsForOs(const model::OsInfo& os);

// Fills every result's vulnerabilities (OS package results through the report's metadata.os,
// matched by source or binary name and the full [epoch:]version[-release], see EcosystemsForOs)
// (one per package and vulnerability, aliases merged), filtered vulnerabilities (with the reason)
// and unmatched packages (with the reason), sorted. Fails only when the database cannot be read.
Status MatchReport(const db::AdvisoryStore& store, const MatchOptions& options,
                   model::Report& report);

}  // namespace scry::matcher
