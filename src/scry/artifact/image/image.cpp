#include "scry/artifact/image/image.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <set>
#include <system_error>

#include "scry/archive/decompressor.hpp"
#include "scry/archive/stream.hpp"
#include "scry/archive/tar_index.hpp"
#include "scry/base/sha256.hpp"

namespace scry::artifact::image {
namespace {

using archive::Compression;
using archive::RandomAccessFile;

constexpr std::string_view kRefNameAnnotation = "org.opencontainers.image.ref.name";

// Where a blob's bytes lie.
struct BlobLocation {
  std::shared_ptr<const RandomAccessFile> file;
  uint64_t offset = 0;
  uint64_t size = 0;
};

// The files of an image: an OCI layout folder or a tarball.
class Store {
 public:
  virtual ~Store() = default;
  // `path` is relative to the layout or tarball root ("index.json", "blobs/sha256/ab...").
  virtual Result<BlobLocation> Locate(const std::string& path) const = 0;
  virtual bool Exists(const std::string& path) const = 0;
  // For messages: "the OCI layout /x" or "the tarball /y.tar".
  virtual const std::string& description() const = 0;
};

class DirectoryStore final : public Store {
 public:
  explicit DirectoryStore(std::filesystem::path root)
      : root_(std::move(root)), description_("OCI layout " + root_.string()) {}
  Result<BlobLocation> Locate(const std::string& path) const override {
    auto clean = archive::CleanTarPath(path);
    if (!clean || clean->empty()) {
      return Fail(ErrorCode::kInvalidInput, "{}: {} points outside the layout", description_, path);
    }
    auto file = archive::PosixFile::Open(root_ / *clean);
    if (!file) {
      if (file.error().code() == ErrorCode::kNotFound) {
        return Fail(ErrorCode::kNotFound, "{} has no file {}", description_, *clean);
      }
      return tl::unexpected(std::move(file).error());
    }
    uint64_t size = (*file)->size();
    return BlobLocation{std::shared_ptr<const RandomAccessFile>(std::move(*file)), 0, size};
  }
  bool Exists(const std::string& path) const override {
    std::error_code error;
    return std::filesystem::exists(root_ / path, error);
  }
  const std::string& description() const override { return description_; }

 private:
  std::filesystem::path root_;
  std::string description_;
};

class TarStore final : public Store {
 public:
  TarStore(std::shared_ptr<const RandomAccessFile> file, archive::TarIndex index,
           std::string description)
      : file_(std::move(file)), index_(std::move(index)), description_(std::move(description)) {}
  Result<BlobLocation> Locate(const std::string& path) const override {
    auto entry = index_.Resolve(path);
    if (!entry) {
      if (entry.error().code() == ErrorCode::kNotFound) {
        return Fail(ErrorCode::kNotFound, "{} has no file {}", description_, path);
      }
      return tl::unexpected(std::move(entry).error());
    }
    return BlobLocation{file_, (*entry)->offset, (*entry)->size};
  }
  bool Exists(const std::string& path) const override {
    auto clean = archive::CleanTarPath(path);
    return clean && index_.Find(*clean) != nullptr;
  }
  const std::string& description() const override { return description_; }

 private:
  std::shared_ptr<const RandomAccessFile> file_;
  archive::TarIndex index_;
  std::string description_;
};

std::string BlobPath(const std::string& digest) {
  size_t colon = digest.find(':');
  return "blobs/" + digest.substr(0, colon) + "/" + digest.substr(colon + 1);
}

Result<std::string> ReadWhole(const BlobLocation& location, std::string_view what) {
  if (location.size > limits::kMaxImageJsonSize) {
    return Fail(ErrorCode::kLimitExceeded, "{} is {} bytes; metadata documents are limited to {}",
                what, location.size, limits::kMaxImageJsonSize);
  }
  std::string text(location.size, '\0');
  SCRY_TRY(size_t read,
           location.file->ReadAt(location.offset,
                                 {reinterpret_cast<uint8_t*>(text.data()), text.size()}));
  if (read != text.size()) {
    return Fail(ErrorCode::kInvalidInput, "{} is truncated ({} of {} bytes)", what, read,
                text.size());
  }
  return text;
}

std::string DigestOf(std::string_view text) {
  return "sha256:" + Sha256Hex({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

// Reads a metadata blob by descriptor and verifies its size and digest.
Result<std::string> ReadBlob(const Store& store, const Descriptor& descriptor,
                             std::string_view role) {
  std::string what = fmt::format("{} blob {}", role, descriptor.digest);
  auto location = store.Locate(BlobPath(descriptor.digest));
  if (!location) {
    if (location.error().code() == ErrorCode::kNotFound) {
      return Fail(ErrorCode::kNotFound, "{}: {} is missing (no {})", store.description(), what,
                  BlobPath(descriptor.digest));
    }
    return tl::unexpected(std::move(location).error());
  }
  if (descriptor.size != 0 && descriptor.size != location->size) {
    return Fail(ErrorCode::kInvalidInput, "{}: {} is {} bytes but its descriptor says {}",
                store.description(), what, location->size, descriptor.size);
  }
  SCRY_TRY(std::string text, ReadWhole(*location, what));
  std::string actual = DigestOf(text);
  if (actual != descriptor.digest) {
    return Fail(ErrorCode::kInvalidInput, "{}: {} is corrupt: its content hashes to {}",
                store.description(), what, actual);
  }
  return text;
}

std::string SniffedMediaType(Compression compression) {
  switch (compression) {
    case Compression::kGzip:
      return "application/vnd.docker.image.rootfs.diff.tar.gzip";
    case Compression::kZstd:
      return "application/vnd.oci.image.layer.v1.tar+zstd";
    case Compression::kNone:
      break;
  }
  return "application/vnd.docker.image.rootfs.diff.tar";
}

struct LayerSource {
  BlobLocation location;
  std::string expected_digest;  // empty: nothing to compare the blob's digest with
  std::optional<Compression> expected_compression;
};

class ImageImpl final : public Image {
 public:
  ImageImpl(ImageInfo info, std::vector<LayerSource> sources, uint64_t max_layer_bytes,
            std::unique_ptr<Store> store)
      : sources_(std::move(sources)), max_layer_bytes_(max_layer_bytes), store_(std::move(store)) {
    info_ = std::move(info);
  }

  Status WalkLayer(size_t index, const archive::TarCallback& cb,
                   archive::TarWalkReport* report) const override {
    if (index >= sources_.size()) {
      return Fail(ErrorCode::kInternal, "layer {} requested; the image has {}", index,
                  sources_.size());
    }
    const LayerSource& source = sources_[index];
    const LayerInfo& layer = info_.layers[index];
    std::string name =
        fmt::format("layer {} ({})", index, layer.digest.empty() ? layer.diff_id : layer.digest);
    Status status = Walk(source, layer, cb, report);
    if (!status) return tl::unexpected(std::move(status).error().Wrap(name));
    return Ok();
  }

 private:
  Status Walk(const LayerSource& source, const LayerInfo& layer, const archive::TarCallback& cb,
              archive::TarWalkReport* report) const {
    archive::RangeStream raw(source.location.file, source.location.offset, source.location.size);
    archive::HashingStream stored(raw);
    archive::DecompressOptions options;
    options.name = "the layer";  // WalkLayer adds which layer
    options.expected = source.expected_compression;
    options.max_output = max_layer_bytes_;
    SCRY_TRY(archive::Decompressed decompressed, archive::OpenDecompressed(stored, options));
    archive::HashingStream plain(*decompressed.stream);
    Status walked = archive::WalkTar(plain, cb, report);
    if (!walked && walked.error().code() != ErrorCode::kInvalidInput) return walked;
    // Read what follows the tar's end so both digests cover every byte.
    Status drained = walked ? archive::Drain(plain).map([](uint64_t) {}) : walked;
    if (!drained) {
      // The layer is corrupt or truncated. If its stored bytes do not hash to the digest the
      // manifest gives, that is the root cause to report; the decoding error is the detail.
      if (source.expected_digest.empty()) return drained;
      SCRY_CHECK(archive::Drain(stored));
      std::string stored_digest = stored.Digest();
      if (stored_digest != source.expected_digest) {
        return Fail(ErrorCode::kInvalidInput,
                    "digest mismatch: the blob hashes to {} but the manifest says {} ({})",
                    stored_digest, source.expected_digest, drained.error().ToString());
      }
      return drained;
    }
    std::string stored_digest = stored.Digest();
    if (stored.bytes() != source.location.size) {
      return Fail(ErrorCode::kInternal, "read {} of the layer's {} bytes", stored.bytes(),
                  source.location.size);
    }
    if (!source.expected_digest.empty() && stored_digest != source.expected_digest) {
      return Fail(ErrorCode::kInvalidInput,
                  "digest mismatch: the blob hashes to {} but the manifest says {}", stored_digest,
                  source.expected_digest);
    }
    std::string diff_id = plain.Digest();
    if (diff_id != layer.diff_id) {
      return Fail(ErrorCode::kInvalidInput,
                  "diffID mismatch: the uncompressed layer hashes to {} but the image config says "
                  "{}",
                  diff_id, layer.diff_id);
    }
    return Ok();
  }

  std::vector<LayerSource> sources_;
  uint64_t max_layer_bytes_;
  std::unique_ptr<Store> store_;
};

// ---- Opening -----------------------------------------------------------------------------

Result<Compression> SniffAt(const BlobLocation& location) {
  std::array<uint8_t, 4> head{};
  auto want = static_cast<size_t>(std::min<uint64_t>(head.size(), location.size));
  SCRY_TRY(size_t read, location.file->ReadAt(location.offset, std::span(head).first(want)));
  return archive::SniffCompression(std::span<const uint8_t>(head).first(read));
}

// Decompresses a compressed tarball once into an unlinked file in `temp_dir`.
Result<std::shared_ptr<const RandomAccessFile>> Decompress(
    std::shared_ptr<const RandomAccessFile> file, const OpenOptions& options) {
  if (options.temp_dir.empty()) {
    return Fail(ErrorCode::kInvalidInput,
                "{} is compressed; reading it needs a temporary folder (none was given)",
                file->name());
  }
  std::string pattern = (options.temp_dir / "scry-image-XXXXXX").string();
  int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) {
    return Fail(ErrorCode::kIo, "cannot create a temporary file in {}: {}",
                options.temp_dir.string(), std::strerror(errno));
  }
  ::unlink(pattern.c_str());  // the descriptor keeps it; nothing is left behind
  auto fail = [&](Error error) -> Result<std::shared_ptr<const RandomAccessFile>> {
    ::close(fd);
    return tl::unexpected(std::move(error));
  };
  archive::RangeStream raw(file, 0, file->size());
  archive::DecompressOptions decompress;
  decompress.name = file->name();
  decompress.max_output = options.max_layer_bytes;
  auto decompressed = archive::OpenDecompressed(raw, decompress);
  if (!decompressed) return fail(std::move(decompressed).error());
  std::vector<uint8_t> buffer(1u << 20);
  while (true) {
    auto read = decompressed->stream->Read(buffer);
    if (!read) return fail(std::move(read).error());
    if (*read == 0) break;
    size_t done = 0;
    while (done < *read) {
      ssize_t written = ::write(fd, buffer.data() + done, *read - done);
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) {
        return fail(Error(ErrorCode::kIo,
                          fmt::format("cannot write the decompressed {} into {}: {}", file->name(),
                                      options.temp_dir.string(), std::strerror(errno))));
      }
      done += static_cast<size_t>(written);
    }
  }
  SCRY_TRY(auto adopted, archive::PosixFile::Adopt(fd, file->name() + " (decompressed)"));
  return std::shared_ptr<const RandomAccessFile>(std::move(adopted));
}

// A manifest found while resolving an index, with what selects it.
struct Candidate {
  Descriptor descriptor;
  std::string ref_name;  // the tag annotation of the top-level descriptor it came from
};

class LayoutResolver {
 public:
  LayoutResolver(const Store& store) : store_(store) {}

  // Adds the manifests reachable from `descriptor` (following nested indexes) to `out`.
  Status Collect(const Descriptor& descriptor, const std::string& ref_name, int depth,
                 std::vector<Candidate>& out) {
    std::string media_type = descriptor.media_type;
    std::optional<std::string> text;
    if (media_type.empty()) {
      SCRY_TRY(text, ReadBlob(store_, descriptor, "manifest"));
      SCRY_TRY(media_type, DocumentMediaType(*text, "blob " + descriptor.digest));
    }
    if (IsManifestMediaType(media_type)) {
      Candidate candidate{descriptor, ref_name};
      candidate.descriptor.media_type = media_type;
      out.push_back(std::move(candidate));
      return Ok();
    }
    if (!IsIndexMediaType(media_type)) return Ok();  // not an image (e.g. an artifact)
    if (depth >= limits::kMaxIndexDepth) {
      return Fail(ErrorCode::kLimitExceeded, "{}: indexes nested deeper than {} levels at {}",
                  store_.description(), limits::kMaxIndexDepth, descriptor.digest);
    }
    if (!text) {
      SCRY_TRY(text, ReadBlob(store_, descriptor, "index"));
    }
    SCRY_TRY(OciIndex index, ParseOciIndex(*text, "index blob " + descriptor.digest));
    for (const Descriptor& child : index.manifests) {
      SCRY_CHECK(Collect(child, ref_name, depth + 1, out));
    }
    return Ok();
  }

  // Finds `digest` among the descriptors reachable from `index` (or nullopt).
  Result<std::optional<Descriptor>> FindDigest(const OciIndex& index, const std::string& digest,
                                               int depth) {
    for (const Descriptor& child : index.manifests) {
      if (child.digest == digest) return std::optional<Descriptor>(child);
    }
    if (depth >= limits::kMaxIndexDepth) return std::optional<Descriptor>();
    for (const Descriptor& child : index.manifests) {
      if (!IsIndexMediaType(child.media_type)) continue;
      SCRY_TRY(std::string text, ReadBlob(store_, child, "index"));
      SCRY_TRY(OciIndex nested, ParseOciIndex(text, "index blob " + child.digest));
      SCRY_TRY(auto found, FindDigest(nested, digest, depth + 1));
      if (found) return found;
    }
    return std::optional<Descriptor>();
  }

 private:
  const Store& store_;
};

struct Selection {
  std::string tag;
  std::string digest;
};

// The store stays alive with the image: its files back the layer sources.
Result<std::unique_ptr<Image>> Assemble(ImageInfo info, std::vector<LayerSource> sources,
                                        const OpenOptions& options, std::unique_ptr<Store> store) {
  return std::unique_ptr<Image>(new ImageImpl(std::move(info), std::move(sources),
                                              options.max_layer_bytes, std::move(store)));
}

Status CheckLayerCount(size_t layers, const ImageConfig& config, std::string_view what) {
  if (layers != config.diff_ids.size()) {
    return Fail(ErrorCode::kInvalidInput, "{} lists {} layers but the image config has {} diff_ids",
                what, layers, config.diff_ids.size());
  }
  return Ok();
}

Result<std::unique_ptr<Image>> OpenLayout(std::unique_ptr<Store> store, const Selection& selection,
                                          const OpenOptions& options) {
  LayoutResolver resolver(*store);
  SCRY_TRY(BlobLocation index_location, store->Locate("index.json"));
  std::string index_what = store->description() + ": index.json";
  SCRY_TRY(std::string index_text, ReadWhole(index_location, index_what));
  SCRY_TRY(OciIndex index, ParseOciIndex(index_text, index_what));

  std::vector<Candidate> candidates;
  if (!selection.digest.empty()) {
    SCRY_CHECK(ValidateDigest(selection.digest, "the requested digest"));
    SCRY_TRY(auto found, resolver.FindDigest(index, selection.digest, 0));
    Descriptor descriptor;
    if (found) {
      descriptor = *found;
    } else if (store->Exists(BlobPath(selection.digest))) {
      descriptor.digest = selection.digest;  // media type read from the blob itself
    } else {
      return Fail(ErrorCode::kNotFound, "{} has no manifest or index {}", store->description(),
                  selection.digest);
    }
    SCRY_CHECK(resolver.Collect(descriptor, "", 0, candidates));
  } else {
    std::set<std::string> tags;
    for (const Descriptor& descriptor : index.manifests) {
      auto ref = descriptor.annotations.find(std::string(kRefNameAnnotation));
      std::string ref_name = ref == descriptor.annotations.end() ? "" : ref->second;
      if (!ref_name.empty()) tags.insert(ref_name);
      if (!selection.tag.empty() && ref_name != selection.tag) continue;
      SCRY_CHECK(resolver.Collect(descriptor, ref_name, 0, candidates));
    }
    if (!selection.tag.empty() && candidates.empty()) {
      std::string known;
      for (const auto& tag : tags) known += (known.empty() ? "" : ", ") + tag;
      return Fail(ErrorCode::kNotFound, "{} has no image tagged {} (tags: {})",
                  store->description(), selection.tag, known.empty() ? "none" : known);
    }
  }
  if (candidates.empty()) {
    return Fail(ErrorCode::kInvalidInput, "{}: index.json points to no image manifest",
                store->description());
  }

  // Attestation manifests (BuildKit) say unknown/unknown: never the image.
  std::erase_if(candidates, [&](const Candidate& candidate) {
    return candidates.size() > 1 && candidate.descriptor.platform &&
           candidate.descriptor.platform->os == "unknown";
  });
  std::optional<Platform> wanted;
  if (!options.platform.empty()) {
    SCRY_TRY(wanted, ParsePlatform(options.platform));
  }
  const Candidate* chosen = &candidates.front();
  if (candidates.size() > 1) {
    Platform target = wanted.value_or(HostPlatform());
    std::vector<const Candidate*> matching;
    std::string available;
    std::set<std::string> distinct;
    for (const Candidate& candidate : candidates) {
      Platform platform;
      if (candidate.descriptor.platform) {
        platform = *candidate.descriptor.platform;
      } else {
        SCRY_TRY(std::string text, ReadBlob(*store, candidate.descriptor, "manifest"));
        SCRY_TRY(OciManifest manifest,
                 ParseOciManifest(text, "manifest blob " + candidate.descriptor.digest));
        SCRY_TRY(std::string config_text, ReadBlob(*store, manifest.config, "config"));
        SCRY_TRY(ImageConfig config,
                 ParseImageConfig(config_text, "config blob " + manifest.config.digest));
        platform = {config.os, config.architecture, config.variant};
      }
      std::string label = platform.ToString();
      if (!candidate.ref_name.empty()) label += " (" + candidate.ref_name + ")";
      available += (available.empty() ? "" : ", ") + label;
      if (PlatformMatches(target, platform)) {
        matching.push_back(&candidate);
        distinct.insert(candidate.descriptor.digest);
      }
    }
    if (matching.empty()) {
      return Fail(ErrorCode::kNotFound, "{} has no image for platform {}; available: {}",
                  store->description(), target.ToString(), available);
    }
    if (distinct.size() > 1) {
      return Fail(ErrorCode::kInvalidInput,
                  "{} holds {} images for platform {}; pick one with DIR:tag or DIR@digest "
                  "(images: {})",
                  store->description(), distinct.size(), target.ToString(), available);
    }
    chosen = matching.front();
  }

  SCRY_TRY(std::string manifest_text, ReadBlob(*store, chosen->descriptor, "manifest"));
  std::string manifest_what = "manifest blob " + chosen->descriptor.digest;
  SCRY_TRY(OciManifest manifest, ParseOciManifest(manifest_text, manifest_what));
  SCRY_TRY(std::string config_text, ReadBlob(*store, manifest.config, "config"));
  SCRY_TRY(ImageConfig config,
           ParseImageConfig(config_text, "config blob " + manifest.config.digest));
  SCRY_CHECK(CheckLayerCount(manifest.layers.size(), config, manifest_what));
  if (wanted && !config.os.empty() &&
      !PlatformMatches(*wanted, {config.os, config.architecture, config.variant})) {
    return Fail(ErrorCode::kNotFound, "{}: the image is {}, not the requested platform {}",
                store->description(),
                Platform{config.os, config.architecture, config.variant}.ToString(),
                wanted->ToString());
  }

  ImageInfo info;
  info.name = options.input;
  info.image_id = manifest.config.digest;
  info.config_json = std::move(config_text);
  info.os = config.os;
  info.architecture = config.architecture;
  info.variant = config.variant;
  std::vector<LayerSource> sources;
  for (size_t i = 0; i < manifest.layers.size(); ++i) {
    const Descriptor& layer = manifest.layers[i];
    std::string what = fmt::format("layer {} ({})", i, layer.digest);
    auto compression = LayerCompression(layer.media_type);
    if (!compression) return tl::unexpected(std::move(compression).error().Wrap(what));
    auto location = store->Locate(BlobPath(layer.digest));
    if (!location) {
      if (location.error().code() == ErrorCode::kNotFound) {
        return Fail(ErrorCode::kNotFound, "{}: {} is missing (no {})", store->description(), what,
                    BlobPath(layer.digest));
      }
      return tl::unexpected(std::move(location).error());
    }
    if (layer.size != 0 && layer.size != location->size) {
      return Fail(ErrorCode::kInvalidInput, "{}: {} is {} bytes but the manifest says {}",
                  store->description(), what, location->size, layer.size);
    }
    info.layers.push_back({layer.digest, config.diff_ids[i], layer.media_type, location->size});
    sources.push_back({std::move(*location), layer.digest, *compression});
  }
  info.config = std::move(config);
  return Assemble(std::move(info), std::move(sources), options, std::move(store));
}

// "blobs/sha256/<hex>" or "<hex>.json" / "<hex>/layer.tar" style names carry the digest.
std::string DigestInPath(const std::string& path) {
  auto clean = archive::CleanTarPath(path).value_or("");
  if (clean.starts_with("blobs/sha256/")) return "sha256:" + clean.substr(13);
  return "";
}

// The OCI manifest of a Docker >= 25 tarball whose config is `image_id`, if there is one.
// Anything wrong here only means falling back to sniffed media types.
std::optional<OciManifest> FindOciManifest(const Store& store, const std::string& image_id,
                                           size_t layer_count) {
  auto location = store.Locate("index.json");
  if (!location) return std::nullopt;
  auto text = ReadWhole(*location, "index.json");
  if (!text) return std::nullopt;
  auto index = ParseOciIndex(*text, "index.json");
  if (!index) return std::nullopt;
  for (const Descriptor& descriptor : index->manifests) {
    if (!IsManifestMediaType(descriptor.media_type)) continue;
    auto manifest_text = ReadBlob(store, descriptor, "manifest");
    if (!manifest_text) continue;
    auto manifest = ParseOciManifest(*manifest_text, "manifest");
    if (manifest && manifest->config.digest == image_id && manifest->layers.size() == layer_count) {
      return std::move(*manifest);
    }
  }
  return std::nullopt;
}

Result<std::unique_ptr<Image>> OpenDockerSave(std::unique_ptr<Store> store,
                                              const OpenOptions& options) {
  std::string what = store->description() + ": manifest.json";
  SCRY_TRY(BlobLocation location, store->Locate("manifest.json"));
  SCRY_TRY(std::string text, ReadWhole(location, what));
  SCRY_TRY(std::vector<DockerSaveEntry> entries, ParseDockerSaveManifest(text, what));
  if (entries.size() > 1) {
    std::string tags;
    for (const auto& entry : entries) {
      tags += (tags.empty() ? "" : "; ") +
              (entry.repo_tags.empty() ? entry.config
                                       : fmt::format("{}", fmt::join(entry.repo_tags, ", ")));
    }
    return Fail(ErrorCode::kUnsupported,
                "{} holds {} images ({}); scry reads one image per file: save them one by one",
                store->description(), entries.size(), tags);
  }
  const DockerSaveEntry& entry = entries.front();
  auto config_location = store->Locate(entry.config);
  if (!config_location) {
    return tl::unexpected(
        std::move(config_location)
            .error()
            .Wrap(fmt::format("manifest.json names the config {}", entry.config)));
  }
  SCRY_TRY(std::string config_text, ReadWhole(*config_location, "config " + entry.config));
  std::string image_id = DigestOf(config_text);
  std::string named = DigestInPath(entry.config);
  std::string base = std::filesystem::path(entry.config).filename().string();
  if (named.empty() && base.size() == 64 + 5 && base.ends_with(".json")) {
    named = "sha256:" + base.substr(0, 64);
  }
  if (!named.empty() && named != image_id) {
    return Fail(ErrorCode::kInvalidInput, "{}: the config {} is corrupt: its content hashes to {}",
                store->description(), entry.config, image_id);
  }
  SCRY_TRY(ImageConfig config, ParseImageConfig(config_text, "config " + entry.config));
  SCRY_CHECK(CheckLayerCount(entry.layers.size(), config, what));

  ImageInfo info;
  info.name = options.input;
  info.image_id = image_id;
  info.repo_tags = entry.repo_tags;
  info.config_json = std::move(config_text);
  info.os = config.os;
  info.architecture = config.architecture;
  info.variant = config.variant;
  // Docker >= 25 also writes an OCI layout: its manifest gives the layers' real media types.
  std::optional<OciManifest> oci = FindOciManifest(*store, image_id, entry.layers.size());
  std::vector<LayerSource> sources;
  for (size_t i = 0; i < entry.layers.size(); ++i) {
    const std::string& path = entry.layers[i];
    auto layer_location = store->Locate(path);
    if (!layer_location) {
      return tl::unexpected(std::move(layer_location)
                                .error()
                                .Wrap(fmt::format("layer {} ({})", i, config.diff_ids[i])));
    }
    SCRY_TRY(Compression compression, SniffAt(*layer_location));
    std::string digest = DigestInPath(path);
    if (digest.empty() && compression == Compression::kNone) digest = config.diff_ids[i];
    std::string media_type = SniffedMediaType(compression);
    if (oci && oci->layers[i].digest == digest) media_type = oci->layers[i].media_type;
    info.layers.push_back({digest, config.diff_ids[i], media_type, layer_location->size});
    // The blob's own digest is checked only where its name states it; the diffID always is.
    sources.push_back({std::move(*layer_location), DigestInPath(path), compression});
  }
  info.config = std::move(config);
  return Assemble(std::move(info), std::move(sources), options, std::move(store));
}

Result<std::unique_ptr<Image>> OpenTarball(const std::filesystem::path& path,
                                           const OpenOptions& options) {
  SCRY_TRY(auto opened, archive::PosixFile::Open(path));
  std::shared_ptr<const RandomAccessFile> file(std::move(opened));
  SCRY_TRY(Compression compression, SniffAt({file, 0, file->size()}));
  if (compression != Compression::kNone) {
    SCRY_TRY(file, Decompress(file, options));
  }
  auto index = archive::TarIndex::Build(*file);
  if (!index) {
    return tl::unexpected(std::move(index).error().Wrap(
        fmt::format("{} is not a docker-save or OCI archive tarball", path.string())));
  }
  bool docker = index->Find("manifest.json") != nullptr;
  bool oci = index->Find("index.json") != nullptr;
  auto store = std::make_unique<TarStore>(file, std::move(*index), "tarball " + path.string());
  if (docker) return OpenDockerSave(std::move(store), options);
  if (oci) return OpenLayout(std::move(store), Selection{}, options);
  return Fail(ErrorCode::kInvalidInput,
              "{} has neither manifest.json (docker save) nor index.json (OCI archive)",
              path.string());
}

bool IsDirectory(const std::string& path) {
  std::error_code error;
  return !path.empty() && std::filesystem::is_directory(path, error);
}

}  // namespace

Result<std::unique_ptr<Image>> Image::Open(const OpenOptions& options) {
  const std::string& input = options.input;
  std::error_code error;
  auto status = std::filesystem::status(input, error);
  if (!error && std::filesystem::is_directory(status)) {
    return OpenLayout(std::make_unique<DirectoryStore>(input), Selection{}, options);
  }
  if (!error && std::filesystem::is_regular_file(status)) return OpenTarball(input, options);
  if (!error && std::filesystem::exists(status)) {
    return Fail(ErrorCode::kInvalidInput, "{} is neither a file nor a folder", input);
  }
  // DIR@sha256:... or DIR:tag
  size_t at = input.rfind('@');
  if (at != std::string::npos && IsDirectory(input.substr(0, at))) {
    return OpenLayout(std::make_unique<DirectoryStore>(input.substr(0, at)),
                      Selection{"", input.substr(at + 1)}, options);
  }
  size_t colon = input.rfind(':');
  if (colon != std::string::npos && IsDirectory(input.substr(0, colon))) {
    std::string tag = input.substr(colon + 1);
    if (tag.empty()) return Fail(ErrorCode::kInvalidInput, "{}: empty tag after ':'", input);
    return OpenLayout(std::make_unique<DirectoryStore>(input.substr(0, colon)), Selection{tag, ""},
                      options);
  }
  return Fail(ErrorCode::kNotFound,
              "{} does not exist (expected a docker-save or OCI archive tarball, or an OCI "
              "layout folder, optionally with :tag or @sha256:digest)",
              input);
}

}  // namespace scry::artifact::image
