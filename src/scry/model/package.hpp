// What scry found: packages and the applications (binaries, lockfiles) that hold them.
// Plain data, no I/O; field meanings follow Trivy's JSON report (docs/cli.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scry/model/os.hpp"

namespace scry::model {

// How a package relates to the application that contains it.
enum class Relationship { kUnknown, kRoot, kWorkspace, kDirect, kIndirect };
std::string_view RelationshipName(Relationship relationship);

// Where a package's version came from, so users can judge how far to trust it.
enum class VersionSource {
  kBuildInfo,  // Go build info written by the toolchain
  kLdflags,    // a -ldflags "-X pkg.version=..." setting recorded in build info
  kSymbol,     // a linker-set string found through the symbol table (-trimpath builds)
  kVcs,        // a pseudo-version made from the vcs.revision/vcs.time build settings
  kRuntime,    // the Go runtime's own version string (binaries without build info)
  kSource,     // what the binary's source repository requires (--follow-source)
  kUnknown,    // no trustworthy version: reported, never matched against advisories
};
std::string_view VersionSourceName(VersionSource source);

// The image layer a file came from; empty for file system scans.
struct Layer {
  std::string digest;
  std::string diff_id;
  bool empty() const { return digest.empty() && diff_id.empty(); }
};

struct Package {
  std::string id;  // name@version, or name when the version is unknown
  std::string name;
  std::string version;  // empty when unknown
  Relationship relationship = Relationship::kUnknown;
  std::string purl;
  std::vector<std::string> depends_on;  // IDs of packages in the same application
  Layer layer;
  std::string file_path;  // the file that holds the package when it differs from the target
  std::optional<VersionSource> version_source;
  // Facts that support the package's name and version ("BuildInfoVersion" -> "(devel)"),
  // sorted by key for deterministic output.
  std::map<std::string, std::string> evidence;

  // OS packages (dpkg, apk, rpm), as Trivy splits them. dpkg: version is the upstream version,
  // release the Debian revision, epoch the epoch ("1:2.3-4" -> 1, "2.3", "4"); apk: version is
  // the whole pkgver-rN, release and epoch unused; rpm: version, release and epoch as in the
  // header. FullVersion() joins them for matching.
  int epoch = 0;
  std::string release;
  std::string arch;
  std::string src_name;  // the source package OS advisories are keyed by; empty: same as name
  std::string src_version;
  std::string src_release;
  int src_epoch = 0;
  std::vector<std::string> licenses;
  std::string maintainer;

  // A development-only dependency (npm devDependencies, poetry dev groups, Gemfile :development,
  // Maven test scope...): reported only with --include-dev-deps.
  bool dev = false;
};

// The version OS advisories compare: "[epoch:]version[-release]" (rpm/dpkg style) for the binary
// package or, with `source`, for its source package (falling back to the binary's fields).
std::string FullVersion(const Package& package, bool source = false);

// Fills id and purl from name and version. `purl_type` is a purl type such as "golang", "npm",
// "pypi", "maven", "cargo", "gem", "composer", "nuget". The purl follows each type's rules:
// Maven "group:artifact" names become namespace/name, PyPI names are lower-cased with '_' as '-';
// the id keeps the name as written ("group:artifact@1.0").
void SetIdentity(Package& package, std::string_view purl_type);

// Fills id ("name@" + FullVersion) and purl of an OS package, as Trivy does: `purl_type` is "deb",
// "apk" or "rpm"; the purl version is version[-release], qualifiers arch, epoch (when not 0) and,
// when `os` is given, distro ("debian-12.5"; apk: "3.19.1") with the OS family as namespace
// (SUSE families: "suse"/"opensuse"). Analyzers call it without `os` (they see one file); the
// applier calls it again once the image's OS is known.
void SetOsPackageIdentity(Package& package, std::string_view purl_type, const OsInfo* os = nullptr);

// Go binary facts that are not packages.
struct GoBinaryDetails {
  enum class BuildInfo {
    kPresent,    // module information as `go version -m` shows it
    kNoModules,  // build info without a main module (GOPATH build, or modinfo emptied)
    kMissing,    // no build info blob (section removed, magic destroyed) or unreadable
  };
  std::string go_version;         // raw runtime version string, e.g. "go1.22.5 X:boringcrypto"
  std::string main_package_path;  // the "path" line: import path of package main
  std::vector<std::pair<std::string, std::string>> build_settings;  // in build info order
  std::string format;                                               // "elf", "pe" or "macho"
  std::vector<std::string> architectures;  // one per slice of a universal Mach-O
  BuildInfo build_info = BuildInfo::kPresent;
  // For binaries without module information: where their source probably lives.
  std::string source_module;      // e.g. github.com/evanw/esbuild
  std::string source_repository;  // e.g. https://github.com/evanw/esbuild
  std::string source_command;     // the scry command that scans it
  std::string source_tag;         // the version tag that command checks out, if one is known
};
std::string_view BuildInfoStatusName(GoBinaryDetails::BuildInfo status);

// One application found in a target: a binary or a lockfile with its packages.
struct Application {
  std::string type;       // Trivy's type name: "gobinary", "gomod", "npm", ...
  std::string file_path;  // path inside the target
  std::vector<Package> packages;
  std::optional<GoBinaryDetails> go_binary;
};

}  // namespace scry::model
