// dpkg's package database: the status file (var/lib/dpkg/status), the one-package-per-file
// status.d directory of distroless images, and the info/*.md5sums file lists. The status format
// is deb822 (Debian Policy §5.1, https://www.debian.org/doc/debian-policy/ch-controlfields.html,
// and deb822(5)): paragraphs of "Field: value" lines separated by blank lines, continuation lines
// starting with a space or tab. Fields are read as Trivy's dpkg analyzer reads them
// (pkg/fanal/analyzer/pkg/dpkg): Package, Version (epoch, upstream version and revision split into
// epoch/version/release), "Source: name [(version)]", Architecture, Maintainer, Depends.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::pkg {

// A Debian version "[epoch:]upstream[-revision]" split at the first ':' and the last '-'.
struct DebianVersion {
  int epoch = 0;
  std::string upstream;
  std::string revision;
};

// nullopt unless the version is one dpkg would write: a decimal epoch, an upstream version that
// starts with a digit and uses only alphanumerics and . + ~ - : _, a revision of alphanumerics and
// . + ~ _ (Trivy drops packages whose versions go-deb-version refuses; these are the same rules).
std::optional<DebianVersion> ParseDebianVersion(std::string_view version);

struct DpkgStatus {
  // Installed packages in file order, with id and purl set (model::SetOsPackageIdentity "deb",
  // no OS yet). depends_on holds the ids of the Depends packages found in the same file.
  std::vector<model::Package> packages;
  // Paragraphs that were skipped (malformed, no Package/Version, invalid version), one line each.
  std::vector<std::string> warnings;
};

// Parses a status file or one status.d file. A package is installed unless its Status names the
// want "deinstall" or "purge" (Trivy's rule) or the state "not-installed", "config-files" or
// "half-installed" (no files on disk); a paragraph without Status is installed (status.d).
// Lines may end in CRLF. Fails only on binary content (a NUL byte) or when the content has
// paragraphs and none of them is deb822.
Result<DpkgStatus> ParseDpkgStatus(std::string_view content);

struct DpkgMd5sums {
  std::vector<std::string> paths;  // without the leading '/', in file order
  std::vector<std::string> warnings;
};

// Parses an md5sums file: lines "<32 hex digits><spaces><path>" (dpkg writes two spaces; the path
// keeps inner spaces). Malformed lines are skipped with a warning. Fails only on a NUL byte.
Result<DpkgMd5sums> ParseDpkgMd5sums(std::string_view content);

// The package an md5sums file belongs to: "var/lib/dpkg/info/libc6:amd64.md5sums" -> "libc6".
std::string DpkgPackageOfMd5sums(std::string_view path);

}  // namespace scry::analyzer::pkg
