// Pure parsers for Go module files: go.mod and go.work (https://go.dev/ref/mod#go-mod-file,
// https://go.dev/ref/mod#go-work-file; every directive of Go 1.22 including block forms, quoted
// paths and comments), go.sum (https://go.dev/ref/mod#go-sum-files) and vendor/modules.txt (the
// format `go mod vendor` writes since Go 1.14: `# path version [=> new [version]]`, `## explicit`,
// package lines). No I/O; errors name the line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"

namespace scry::analyzer::lang::golang {

struct GoRequire {
  std::string path;
  std::string version;
  bool indirect = false;  // marked `// indirect`
};

// `replace old [version] => new [version]`. A new path without a version is a local directory
// (./x, ../x, /x): the module is built from that folder and has no version.
struct GoReplace {
  std::string old_path;
  std::string old_version;  // empty: every version of old_path
  std::string new_path;
  std::string new_version;  // empty: new_path is a directory
};

struct GoModuleVersion {
  std::string path;
  std::string version;
};

struct GoModFile {
  std::string module;     // the module path; empty when the file has no module line
  std::string go;         // the go directive: "1.19", "1.22.5", "1.21rc1"; empty when absent
  std::string toolchain;  // "go1.22.5"; empty when absent
  std::vector<GoRequire> require;
  std::vector<GoReplace> replaces;
  std::vector<GoModuleVersion> excludes;
  std::vector<std::string> retracts;  // "v1.0.1" or "[v1.0.0, v1.0.5]" as written
};

// Parses a go.mod. kInvalidInput with the line number for malformed directives; unknown
// directives are skipped, as the go command does for forward compatibility.
Result<GoModFile> ParseGoMod(std::string_view content);

struct GoWorkFile {
  std::string go;
  std::string toolchain;
  std::vector<std::string> uses;  // directories as written ("./api", "tools")
  std::vector<GoReplace> replaces;
};

// Parses a go.work. Same errors as ParseGoMod.
Result<GoWorkFile> ParseGoWork(std::string_view content);

struct GoSumEntry {
  std::string path;
  std::string version;       // without the "/go.mod" suffix
  bool go_mod_only = false;  // the hash covers only the module's go.mod
};

// Parses a go.sum: `path version[/go.mod] h1:hash` lines; blank lines are allowed.
Result<std::vector<GoSumEntry>> ParseGoSum(std::string_view content);

struct VendoredModule {
  std::string path;
  std::string version;      // empty for a module replaced by a directory without a version
  std::string new_path;     // replacement target, empty when not replaced
  std::string new_version;  // empty when replaced by a directory
  bool explicit_requirement = false;  // `## explicit`: required in go.mod
  std::vector<std::string> packages;  // vendored package import paths
};

// Parses vendor/modules.txt. Replacement-only lines (`# path => ./dir` with no version), which
// the go command writes for replacements of modules that contribute no package, are merged into
// the module of the same path or kept as a module without version.
Result<std::vector<VendoredModule>> ParseVendorModules(std::string_view content);

// Orders two module versions by semantic versioning as the go command does (v1.2.10 > v1.2.9,
// v1.0.0-rc.1 < v1.0.0, +build metadata ignored); strings that are not valid semver sort before
// valid ones and among themselves lexically. <0, 0 or >0.
int CompareModuleVersions(std::string_view a, std::string_view b);

// True when a go directive ("1.16", "1.16.3", "1.21rc1") names a language version older than
// major.minor; an empty directive counts as 1.16, the go command's default for go.mod files
// without one.
bool GoDirectiveBefore(std::string_view go, int major, int minor);

// "v1.22.5" for a full Go release named by a toolchain line ("go1.22.5") or a go directive
// ("1.22.5"); empty for a language version alone ("1.22"), a pre-release ("1.21rc1") or
// anything else, because only full releases say which standard library is used.
std::string StdlibVersion(std::string_view go_or_toolchain);

}  // namespace scry::analyzer::lang::golang
