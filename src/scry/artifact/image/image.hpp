// Container images read from files, layer by layer, without a daemon: docker-save tarballs (the
// legacy `<id>/layer.tar` layout and Docker >= 25's embedded OCI layout, also gzip- or
// zstd-compressed as a whole), OCI archive tarballs, and OCI layout folders (`DIR`, `DIR:tag`,
// `DIR@sha256:...`, nested indexes, a platform picked from multi-platform indexes).
//
// Layers are streamed: file -> SHA-256 (the layer digest) -> gzip/zstd decompression -> SHA-256
// (the diffID) -> tar walker, in one pass, and both digests are checked against the manifest and
// the image config once the stream ends. Nothing is extracted; blobs inside tarballs are read in
// place. Only a compressed tarball is decompressed once, into OpenOptions::temp_dir.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "scry/archive/tar_reader.hpp"
#include "scry/artifact/image/manifest.hpp"
#include "scry/base/error.hpp"
#include "scry/base/limits.hpp"

namespace scry::artifact::image {

struct LayerInfo {
  // "sha256:..." of the stored blob. For a docker-save layer stored uncompressed under a name
  // that is not a digest (`<id>/layer.tar`) it equals diff_id; it is empty for a compressed
  // layer stored under such a name (nothing names its digest).
  std::string digest;
  std::string diff_id;  // from the image config: the digest of the uncompressed tar
  // As the manifest gives it; for docker-save layers, what the bytes are (sniffed):
  // application/vnd.docker.image.rootfs.diff.tar, ...tar.gzip, or the OCI +zstd type.
  std::string media_type;
  uint64_t size = 0;  // stored (compressed) bytes
};

struct ImageInfo {
  std::string name;                       // the input as given
  std::string image_id;                   // the config digest, "sha256:..."
  std::vector<std::string> repo_tags;     // docker-save RepoTags
  std::vector<std::string> repo_digests;  // none of the file inputs records any yet
  std::string config_json;                // the image config as stored (digest-verified)
  ImageConfig config;                     // parsed: diff_ids, platform, history
  std::vector<LayerInfo> layers;          // base first, one per diff_id
  std::string os, architecture, variant;
};

struct OpenOptions {
  // A file (docker-save or OCI archive tarball, maybe gzip/zstd-compressed) or an OCI layout
  // folder with an optional ":tag" (the org.opencontainers.image.ref.name annotation) or
  // "@sha256:..." (a manifest or index digest).
  std::string input;
  // "os/arch[/variant]" to pick from a multi-platform index; empty means the host platform, and
  // an image that is not multi-platform is then taken whatever its platform.
  std::string platform;
  // Where a compressed tarball is decompressed (to an unlinked temporary file). Nothing is ever
  // written elsewhere; required only for compressed tarballs.
  std::filesystem::path temp_dir;
  // Cap on each layer's decompressed bytes (kLimitExceeded past it).
  uint64_t max_layer_bytes = limits::kMaxLayerDecompressedSize;
};

class Image {
 public:
  // Finds the image, reads and verifies its manifest and config and checks that every layer
  // blob exists. Errors name the file or blob and what is wrong: kNotFound (input, blob, tag or
  // digest missing), kInvalidInput (bad JSON, digest mismatch of a metadata blob, a manifest
  // pointing to nothing, layer count differing from the diff_ids, no image for the platform:
  // the message lists those available), kUnsupported (a media type or digest algorithm scry
  // does not read), kIo.
  static Result<std::unique_ptr<Image>> Open(const OpenOptions& options);

  virtual ~Image() = default;
  const ImageInfo& info() const { return info_; }

  // Streams layer `index` (0 = base) through `cb` (see archive::WalkTar), then reads the rest of
  // the blob and checks its digest and diffID. Thread-safe for concurrent calls (on different
  // layers or the same). Errors carry the context "layer N (sha256:...)": a digest or diffID
  // mismatch (kInvalidInput, both digests named), a media type that the bytes contradict, a
  // corrupt or truncated layer, kLimitExceeded past max_layer_bytes, or `cb`'s own error.
  // `report` may be null.
  virtual Status WalkLayer(size_t index, const archive::TarCallback& cb,
                           archive::TarWalkReport* report) const = 0;

 protected:
  Image() = default;
  ImageInfo info_;
};

}  // namespace scry::artifact::image
