// Pure parsers of container image metadata: docker-save's manifest.json, OCI image indexes (and
// Docker manifest lists), OCI / Docker schema 2 image manifests and image configs. Bytes in,
// typed result out; no I/O. Errors say which document and which field is wrong.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/archive/decompressor.hpp"
#include "scry/base/error.hpp"

namespace scry::artifact::image {

struct Platform {
  std::string os;
  std::string architecture;
  std::string variant;
  // "os/arch" or "os/arch/variant".
  std::string ToString() const;
  bool operator==(const Platform&) const = default;
};

// "os/arch[/variant]" as --platform takes it. kInvalidInput otherwise.
Result<Platform> ParsePlatform(std::string_view text);
// The platform scry runs on (linux/amd64, linux/arm64...): the default choice in an index.
Platform HostPlatform();
// Whether an image built for `have` satisfies a request for `wanted`. OS and architecture must be
// equal; a wanted variant must equal the image's, where arm64's missing variant means v8 and
// arm's means v7 (as containerd normalises them); an empty wanted variant takes any.
bool PlatformMatches(const Platform& wanted, const Platform& have);

// Checks "sha256:<64 lower-case hex>". kUnsupported for other algorithms (sha512:...),
// kInvalidInput for anything malformed; `what` names the field in the message.
Status ValidateDigest(std::string_view digest, std::string_view what);

struct Descriptor {
  std::string media_type;
  std::string digest;
  uint64_t size = 0;
  std::optional<Platform> platform;
  std::map<std::string, std::string> annotations;
};

// An OCI image index (index.json, or a nested index blob) or a Docker manifest list.
struct OciIndex {
  std::string media_type;
  std::vector<Descriptor> manifests;
};

// An OCI image manifest or a Docker schema 2 manifest.
struct OciManifest {
  std::string media_type;
  Descriptor config;
  std::vector<Descriptor> layers;  // base first
};

// One image of docker-save's manifest.json. Paths are relative to the tarball's root.
struct DockerSaveEntry {
  std::string config;
  std::vector<std::string> repo_tags;
  std::vector<std::string> layers;  // base first
};

struct HistoryEntry {
  std::string created;
  std::string created_by;
  std::string comment;
  bool empty_layer = false;
};

struct ImageConfig {
  std::string os;
  std::string architecture;
  std::string variant;
  std::vector<std::string> diff_ids;  // base first, each validated
  std::vector<HistoryEntry> history;
};

// Media types.
inline constexpr std::string_view kOciIndexMediaType = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view kOciManifestMediaType =
    "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view kDockerListMediaType =
    "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view kDockerManifestMediaType =
    "application/vnd.docker.distribution.manifest.v2+json";
bool IsIndexMediaType(std::string_view media_type);
bool IsManifestMediaType(std::string_view media_type);
// The compression a layer media type promises: nullopt for an empty media type (docker-save
// layers have none). kUnsupported for media types that are not tar layers (or not compressed
// with gzip or zstd), naming the media type.
Result<std::optional<archive::Compression>> LayerCompression(std::string_view media_type);

// The parsers. Each fails with kInvalidInput naming the document (`what`, e.g. "index.json" or
// "blob sha256:ab12...") and the field; every digest is validated; list lengths are bounded by
// limits::kMaxIndexManifests and limits::kMaxImageLayers (kLimitExceeded).
Result<std::vector<DockerSaveEntry>> ParseDockerSaveManifest(std::string_view json,
                                                             std::string_view what);
Result<OciIndex> ParseOciIndex(std::string_view json, std::string_view what);
Result<OciManifest> ParseOciManifest(std::string_view json, std::string_view what);
Result<ImageConfig> ParseImageConfig(std::string_view json, std::string_view what);
// The "mediaType" field of a manifest or index document, or "" when absent (old documents and
// index.json written before the field was required). Fails only on malformed JSON.
Result<std::string> DocumentMediaType(std::string_view json, std::string_view what);

}  // namespace scry::artifact::image
