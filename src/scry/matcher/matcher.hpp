// Matching packages against the advisory database with OSV semantics
// (https://ossf.github.io/osv-schema/#evaluation): SEMVER and ECOSYSTEM ranges with introduced,
// fixed, last_affected and limit events ordered by the ecosystem's version scheme, explicit
// version lists, several ranges and affected entries per record; GIT ranges are not package
// ranges and are ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "scry/base/error.hpp"
#include "scry/db/advisory_store.hpp"
#include "scry/model/report.hpp"
#include "scry/version/scheme.hpp"

namespace scry::matcher {

struct MatchOptions {
  // Report packages of unknown version as possibly affected by every advisory for them
  // (status "unknown"), instead of only listing them as not matched.
  bool include_unknown = false;
};

// The OSV ecosystem and version scheme of a result type ("gobinary" -> Go); nullopt for types
// without advisories.
struct EcosystemScheme {
  std::string ecosystem;
  version::SchemeKind scheme;
};
std::optional<EcosystemScheme> EcosystemForResultType(std::string_view type);

// Fills every result's vulnerabilities (one per package and vulnerability, aliases merged),
// filtered vulnerabilities (with the reason) and unmatched packages (with the reason), sorted.
// Fails only when the database cannot be read.
Status MatchReport(const db::AdvisoryStore& store, const MatchOptions& options,
                   model::Report& report);

}  // namespace scry::matcher
