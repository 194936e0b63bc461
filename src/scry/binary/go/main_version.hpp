// The version of a Go binary's main module. Build info says "(devel)" for most builds before
// Go 1.24, so the version is looked for, in order of trust: a release version in build info, a
// `-ldflags -X <pkg>.version=...` setting, the string such a setting left behind (symbol
// "<pkg>.version.str", for -trimpath builds that do not record -ldflags), a pseudo-version from
// the vcs.* build settings (or Go 1.24's own pseudo-version). Otherwise it stays unknown.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/binary/executable.hpp"
#include "scry/binary/go/modinfo.hpp"

namespace scry::binary::go {

enum class MainVersionSource { kBuildInfo, kLdflags, kSymbol, kVcs, kNone };

struct MainVersion {
  std::string version;  // empty when source is kNone
  MainVersionSource source = MainVersionSource::kNone;
  std::string detail;     // the -X key or symbol that gave the version, or the vcs revision
  std::string ambiguity;  // when candidates disagreed: "main.Version=v2.0.0 main.version=v1.0.0"
};

// A `-X key=value` pair whose key names a version (ends in ".version" or ".ver", any case) and
// whose value is a complete semantic version (normalised to "v1.2.3").
struct VersionCandidate {
  std::string key;
  std::string value;
};

// Candidates from the text of the -ldflags build setting. Pure.
std::vector<VersionCandidate> LdflagsVersionCandidates(std::string_view ldflags);

// Picks among candidates by the rank of their keys: "main." first, then keys under
// "<main_module>/cmd/", then keys of a package named "version", then the rest. Different values
// at the best rank are no choice: nullopt, with `ambiguity` describing them. Pure.
std::optional<VersionCandidate> ChooseVersion(const std::vector<VersionCandidate>& candidates,
                                              std::string_view main_module, std::string* ambiguity);

// Candidates from linker-set strings found through the symbol table: for a symbol
// "<key>.str" with a version key, the value of the string variable <key>.
Result<std::vector<VersionCandidate>> SymbolVersionCandidates(const Executable& executable);

// The main module's version. `executable` may be null (symbols are then not consulted).
MainVersion InferMainVersion(const ModInfo& info, const Executable* executable);

}  // namespace scry::binary::go
