// Safety limits for untrusted input. Anything larger is refused with kLimitExceeded and a message
// naming the limit, so that a hostile image can cost time proportional to its size but never
// unbounded memory, recursion or loops.
#pragma once

#include <cstdint>

namespace scry::limits {

// Largest file an analyzer maps. Go binaries of several hundred MB exist (kubelet, terraform).
inline constexpr uint64_t kMaxAnalyzedFileSize = 4ULL << 30;

// Executable headers.
inline constexpr uint32_t kMaxSections = 65535;
inline constexpr uint32_t kMaxSegments = 65535;
inline constexpr uint32_t kMaxMachOLoadCommands = 65535;
inline constexpr uint32_t kMaxFatSlices = 32;
inline constexpr uint64_t kMaxSymbolCount = 16u << 20;
inline constexpr uint64_t kMaxSymbolNameLength = 64u << 10;
inline constexpr uint64_t kMaxSectionNameLength = 4096;

// Go build info: the version string and the module list (kubernetes-sized binaries list a few
// hundred modules in ~60 KB; 16 MiB leaves ample headroom).
inline constexpr uint64_t kMaxGoVersionLength = 1024;
inline constexpr uint64_t kMaxGoModinfoLength = 16u << 20;
// Go's own reader searches the first 64 KiB of the data start for the build info magic.
inline constexpr uint64_t kGoBuildInfoSearchWindow = 64u << 10;

// Go function tables (pclntab): a very large binary has ~300k functions.
inline constexpr uint64_t kMaxGoFunctions = 8u << 20;
inline constexpr uint64_t kMaxGoFileNameLength = 4096;
inline constexpr uint64_t kMaxGoFunctionNameLength = 64u << 10;
// Entries of a pclntab file table (kubernetes-sized binaries have ~20k source files).
inline constexpr uint64_t kMaxGoFiles = 4u << 20;
// Steps decoded from one pcvalue stream (each covers at least one pc quantum of a function).
inline constexpr uint64_t kMaxGoPcvalueSteps = 1u << 20;
// Function table headers examined when searching read-only data for the pclntab magic.
inline constexpr uint32_t kMaxPclntabCandidates = 16;
// Distinct Go version strings remembered while searching data for runtime.buildVersion.
inline constexpr uint32_t kMaxGoVersionCandidates = 64;

// OS package databases (dpkg status, status.d files, info/*.md5sums, apk installed). A full
// Debian desktop's status file is ~10 MB and apk's installed file with file lists a few MB.
inline constexpr uint64_t kMaxPackageDatabaseSize = 256u << 20;
// OS release files (os-release, debian_version, ...): a few hundred bytes in practice.
inline constexpr uint64_t kMaxOsReleaseFileSize = 64u << 10;

// Directory walks.
inline constexpr int kMaxDirectoryDepth = 256;

// Version strings (package versions, advisory ranges). Real versions are well under 200 bytes;
// anything longer than this is refused before a scheme parses it.
inline constexpr uint64_t kMaxVersionLength = 4096;

// RPM package databases (analyzer/pkg/rpm). rpm itself caps a header at 256 MB; real headers
// are a few KB to a few MB (a kernel-devel header with 70k files is ~5 MB).
inline constexpr uint32_t kMaxRpmHeaderEntries = 65536;
inline constexpr uint64_t kMaxRpmHeaderDataSize = 64u << 20;
// Packages in one database (a large RHEL host has ~3,000).
inline constexpr uint64_t kMaxRpmPackages = 1u << 20;
// Container image layers. A layer that inflates past this many bytes is refused (a gzip or zstd
// bomb costs bounded time and no memory); the largest real layers are tens of GB.
inline constexpr uint64_t kMaxLayerDecompressedSize = 64ULL << 30;
// Entries of one tar stream (a layer with 100,000 files is ordinary; millions are not).
inline constexpr uint64_t kMaxTarEntries = 16u << 20;
// One tar path or link target (pax allows any length; Linux's PATH_MAX is 4096).
inline constexpr uint64_t kMaxTarPathLength = 64u << 10;
// Image metadata documents (manifest.json, index.json, OCI manifests, image configs). Real ones
// are a few KB; configs with long histories reach hundreds of KB.
inline constexpr uint64_t kMaxImageJsonSize = 64u << 20;
// Nested OCI indexes followed from index.json, layers of one image, images in one index.
inline constexpr int kMaxIndexDepth = 8;
inline constexpr uint64_t kMaxImageLayers = 4096;
inline constexpr uint64_t kMaxIndexManifests = 1u << 16;
// Symbolic links followed to resolve one name inside an outer tar (docker-save layer.tar links).
inline constexpr int kMaxTarLinkHops = 16;

// Go module files (go.mod, go.work, go.sum, vendor/modules.txt). Large monorepos have go.sum files
// of a few MB; 100 MB is the lockfile limit every ecosystem uses.
inline constexpr uint64_t kMaxGoModFileSize = 100u << 20;
// Modules one go.work may `use` (each one's go.mod is read).
inline constexpr uint64_t kMaxGoWorkspaceModules = 4096;
// Language lockfiles and manifests (pom.xml, gradle.lockfile, packages.lock.json, *.deps.json,
// ...): a 20 MB lockfile is ordinary in a large monorepo; 100 MiB leaves headroom.
inline constexpr uint64_t kMaxLockfileSize = 100u << 20;
// Java archives (jar/war/ear/par). Nested archives (WEB-INF/lib, BOOT-INF/lib, ear lib/) are
// inflated in memory, so one entry is capped (the largest real libraries are tens of MB), as is
// everything inflated for one outer archive together and the nesting depth (real: 2 or 3).
inline constexpr uint64_t kMaxJarEntrySize = 128u << 20;
inline constexpr uint64_t kMaxJarInflatedSize = 1ULL << 30;
inline constexpr int kMaxJarNestingDepth = 5;
inline constexpr uint64_t kMaxJarEntries = 1u << 20;
// Maven pom.xml: ${property} expansions nested inside one value, and parent poms followed.
inline constexpr int kMaxPomPropertyDepth = 16;
inline constexpr int kMaxPomParentDepth = 8;
// TOML nesting (open brackets plus dotted-key parts): toml++ recurses when it frees a document,
// so depth is checked before parsing. Real lockfiles nest fewer than 8 levels.
inline constexpr int kMaxTomlDepth = 64;
// requirements.txt `-r`/`-c` includes followed from one file, and their nesting.
inline constexpr int kMaxRequirementsIncludeDepth = 16;
inline constexpr int kMaxRequirementsFiles = 256;
// Decompressed cargo-auditable dependency data (.dep-v0); cargo-auditable's own reader
// (auditable-info) defaults to 8 MiB.
inline constexpr uint64_t kMaxRustAuditDataSize = 8u << 20;
// Nesting of lockfile terms (mix.lock's Elixir terms); real files nest four or five levels.
inline constexpr int kMaxLockfileDepth = 64;
// Node.js lockfiles and manifests (package-lock.json, yarn.lock, pnpm-lock.yaml): a 20 MB
// package-lock.json is ordinary in large monorepos.
inline constexpr uint64_t kMaxNodeLockfileSize = 100u << 20;
// One installed package.json (a few KB in practice) and its JSON nesting.
inline constexpr uint64_t kMaxNodeManifestSize = 16u << 20;
inline constexpr uint32_t kMaxNodeManifestDepth = 64;

// SBOMs read by `scry sbom` (CycloneDX, SPDX JSON). Image SBOMs with every file listed reach tens
// of MB; nested CycloneDX components are a few levels deep in practice.
inline constexpr uint64_t kMaxSbomSize = 256u << 20;
inline constexpr uint32_t kMaxSbomDepth = 128;
inline constexpr uint64_t kMaxSbomComponents = 4u << 20;
// Graph edges followed from all results' holders to find their packages: bounds the time a graph
// of many holders sharing one long chain or one wide package can cost.
inline constexpr uint64_t kMaxSbomMemberships = 16u << 20;

}  // namespace scry::limits
