// Version strings found in Go binaries: module versions (golang.org/x/mod/semver syntax), pseudo-
// versions (golang.org/x/mod/module), and Go toolchain versions ("go1.21rc2" -> "v1.21.0-rc.2").
// Syntax only; ordering lives with the matcher's version schemes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace scry::binary::go {

// A complete semantic version with the "v" prefix Go uses: vMAJOR.MINOR.PATCH[-PRE][+BUILD], no
// leading zeros, as accepted for module versions ("v1.2" shorthand is not a module version).
bool IsModuleVersion(std::string_view version);

// True for pseudo-versions such as v0.0.0-20191109021931-daa7c04131f5,
// v1.2.4-0.20191109021931-daa7c04131f5 and v1.2.3-pre.0.20191109021931-daa7c04131f5.
bool IsPseudoVersion(std::string_view version);

// "1.2.3" or "v1.2.3" (a -X value, perhaps still quoted) as a module version with "v"; nullopt when
// it is not a complete semantic version.
std::optional<std::string> NormalizeModuleVersion(std::string_view value);

struct ToolchainVersion {
  std::string semver;  // "v1.22.5", "v1.21.0-rc.2"
  std::string suffix;  // whatever followed the release name, e.g. " X:boringcrypto"; else empty
};

// Maps runtime.buildVersion to the semantic version of the standard library: "go1.22.5" ->
// v1.22.5, "go1.20" -> v1.20.0, "go1.21rc2" -> v1.21.0-rc.2, "go1.9beta1" -> v1.9.0-beta.1.
// nullopt for development toolchains ("devel go1.23-abcdef ...") and anything unrecognised.
std::optional<ToolchainVersion> ParseToolchainVersion(std::string_view go_version);

// The pseudo-version Go (>= 1.24) stamps for a VCS checkout without a tag:
// v0.0.0-<UTC time as yyyymmddhhmmss>-<first 12 characters of the revision>. `time` is the
// RFC 3339 vcs.time setting. nullopt when the revision or time is malformed.
std::optional<std::string> PseudoVersionFromVcs(std::string_view revision, std::string_view time);

}  // namespace scry::binary::go
