// Recovery of a Go binary's make-up from its function table (pclntab) when build info is gone:
// the Go version, the package paths behind function names, and the source files they came from.
// Table layouts follow the Go runtime (runtime/symtab.go, cmd/link/internal/ld/pcln.go):
//   Go 1.2-1.15 (magic 0xfffffffb), 1.16-1.17 (0xfffffffa), 1.18-1.19 (0xfffffff0),
//   1.20+ (0xfffffff1).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"
#include "scry/binary/executable.hpp"

namespace scry::binary::go {

enum class PclntabVersion { kGo12, kGo116, kGo118, kGo120 };
std::string_view PclntabVersionName(PclntabVersion version);  // "1.2", "1.16", "1.18", "1.20"

// A module root seen in source file paths of the module cache ("<GOMODCACHE>/<path>@<version>/"
// or, with -trimpath, "<path>@<version>/"), with the path unescaped ("!b" -> "B").
struct ModuleCachePath {
  std::string path;
  std::string version;
  auto operator<=>(const ModuleCachePath&) const = default;
};

struct RecoveredGoBinary {
  PclntabVersion pclntab_version = PclntabVersion::kGo120;
  uint64_t pclntab_address = 0;
  bool moduledata_found = false;  // the runtime's moduledata points at the table
  // runtime.buildVersion, e.g. "go1.19.8"; empty when it could not be found.
  std::string go_version;
  // Sorted, unique import paths of non-standard-library packages that own functions
  // ("github.com/pkg/errors"). Standard library packages, "main", vendored standard library
  // copies ("vendor/...", "cmd/vendor/...") and compiler-generated names are left out.
  std::vector<std::string> package_paths;
  // For each of package_paths, the directory of the source file of its first function, as
  // recorded by the compiler ("/home/u/src/app/internal/x", or "example.com/app/internal/x" with
  // -trimpath). It places the main module when main.main's file path does not name it.
  std::map<std::string, std::string> package_directories;
  // Source file of main.main, as recorded by the compiler (absolute, or module-relative with
  // -trimpath); empty when unknown.
  std::string main_source_file;
  // Sorted, unique module roots found in source file paths.
  std::vector<ModuleCachePath> module_cache_paths;
};

// Finds the function table of `executable` (section .gopclntab / __gopclntab, the runtime.pclntab
// symbol, or a search for the table header in read-only data, confirmed through moduledata) and
// recovers what it can. nullopt when there is no Go function table (not a Go binary).
// kInvalidInput when a table is found but is corrupt. Bounded by base/limits.hpp.
Result<std::optional<RecoveredGoBinary>> RecoverFromPclntab(const Executable& executable);

// The package path a Go function symbol belongs to: "github.com/a/b.(*T).M" -> "github.com/a/b",
// "main.main" -> "main", "type:.eq.[2]string" -> "" (compiler generated). The path is spelled as
// in the symbol, where the linker escapes the last element's dots ("gopkg.in/yaml%2ev2"). Pure.
std::string_view PackageOfFunction(std::string_view function_name);

// True for import paths of the standard library (no dot in the first element, or a vendored copy
// under "vendor/" or "cmd/vendor/"). Pure.
bool IsStandardLibraryPackage(std::string_view package_path);

}  // namespace scry::binary::go
