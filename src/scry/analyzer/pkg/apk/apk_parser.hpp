// Alpine's installed-package database, lib/apk/db/installed, in the format of the Alpine wiki's
// "Apk spec" (https://wiki.alpinelinux.org/wiki/Apk_spec, "Installed Database" V2; written by
// apk-tools 2.x, also by Wolfi/Chainguard): one paragraph per package, lines "X:value" with a
// one-letter key, paragraphs separated by blank lines. Read as Trivy's apk analyzer reads it
// (pkg/fanal/analyzer/pkg/apk): P name, V version (the whole pkgver-rN), A arch, L licence,
// o origin (source package), m maintainer, D/p dependencies and provides, F directory and R file
// (the package's files). Other keys (C checksum, t build time, ...) are ignored.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/analyzer/analyzer.hpp"
#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::pkg {

struct ApkInstalled {
  // In file order, one per name (a repeated name keeps its first paragraph, as Trivy does), with
  // id and purl set (model::SetOsPackageIdentity "apk", no OS yet). src_name is the origin and
  // src_version the version when o: is present; depends_on holds ids of packages in this file
  // that D: names directly or through their p: provides.
  std::vector<model::Package> packages;
  // The R: files of each package that has any, as F:dir/R:name paths; source_file is left empty.
  std::vector<InstalledFiles> installed_files;
  std::vector<std::string> warnings;  // skipped paragraphs and lines, one line each
};

// Lines may end in CRLF. Licences are split into words ("MIT AND (GPL-2.0 OR BSD)" -> MIT,
// GPL-2.0, BSD; "MPL 2.0" -> "MPL2.0", as Trivy does) without further normalisation. Fails only
// on binary content (a NUL byte) or when no line of a non-empty file has the "X:value" form.
Result<ApkInstalled> ParseApkInstalled(std::string_view content);

}  // namespace scry::analyzer::pkg
