// An rpm package database file (any of rpmdb.hpp's formats) turned into scry's OS packages,
// following Trivy's rpm analyzer (pkg/fanal/analyzer/pkg/rpm): the SOURCERPM file name gives
// the source package (its epoch is the binary's, as rpm records none), VENDOR becomes the
// maintainer, gpg-pubkey pseudo packages (imported signing keys) are left out.
#pragma once

#include <vector>

#include "scry/analyzer/analyzer.hpp"
#include "scry/analyzer/pkg/rpm/rpm_header.hpp"
#include "scry/analyzer/pkg/rpm/rpmdb.hpp"
#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::pkg::rpm {

struct ParsedRpmDatabase {
  RpmDbFormat format = RpmDbFormat::kSqlite;
  std::vector<model::Package> packages;  // in database order
  // One entry per package that installed files; source_file is left empty for the caller.
  std::vector<InstalledFiles> installed_files;
};

// Reads every header of the database. A corrupt database or header is an error; a header's
// error names its package index ("package 12: entry 3 (tag 1000) ...").
Result<ParsedRpmDatabase> ParseRpmDatabase(Bytes file);

// Trivy's package fields for one header: id "name@version-release.arch", arch "None" when
// empty, epoch 0 when absent, licenses [LICENSE], maintainer VENDOR; evidence "Digest"
// ("md5:<SIGMD5>") and "Modularitylabel" when present. The purl is left empty: its namespace
// is the OS family, which the package database does not know.
model::Package ToPackage(const RpmPackageInfo& info);

}  // namespace scry::analyzer::pkg::rpm
