#include "scry/artifact/image/manifest.hpp"

#include "scry/base/limits.hpp"
#include "scry/formats/json.hpp"

namespace scry::artifact::image {
namespace {

namespace json = formats::json;

Result<json::Object> ParseRoot(json::Parser& parser, std::string_view text, std::string_view what) {
  if (text.size() > limits::kMaxImageJsonSize) {
    return Fail(ErrorCode::kLimitExceeded, "{} is {} bytes; the limit is {}", what, text.size(),
                limits::kMaxImageJsonSize);
  }
  auto root = parser.Parse(text);
  if (!root) return tl::unexpected(std::move(root).error().Wrap(fmt::format("parse {}", what)));
  auto object = json::RequiredObject(*root, what);
  if (!object) {
    return Fail(ErrorCode::kInvalidInput, "{} is not a JSON object", what);
  }
  return *object;
}

std::optional<Platform> ReadPlatform(json::Object object) {
  auto platform = json::OptionalObject(object, "platform");
  if (!platform) return std::nullopt;
  Platform result;
  result.os = std::string(json::OptionalString(*platform, "os").value_or(""));
  result.architecture = std::string(json::OptionalString(*platform, "architecture").value_or(""));
  result.variant = std::string(json::OptionalString(*platform, "variant").value_or(""));
  return result;
}

Result<Descriptor> ReadDescriptor(json::Element element, std::string_view what,
                                  std::string_view field) {
  auto object = json::RequiredObject(element, field);
  if (!object)
    return tl::unexpected(
        Error(ErrorCode::kInvalidInput, fmt::format("{}: {} is not an object", what, field)));
  Descriptor descriptor;
  descriptor.media_type = std::string(json::OptionalString(*object, "mediaType").value_or(""));
  auto digest = json::OptionalString(*object, "digest");
  if (!digest) {
    return Fail(ErrorCode::kInvalidInput, "{}: {} has no digest", what, field);
  }
  descriptor.digest = std::string(*digest);
  SCRY_CHECK(ValidateDigest(descriptor.digest, fmt::format("{}: {}.digest", what, field)));
  uint64_t size = 0;
  if (auto value = (*object)["size"]; !value.error()) {
    if (value.get(size) != simdjson::SUCCESS) {
      int64_t signed_size = 0;
      if (value.get(signed_size) == simdjson::SUCCESS) {
        return Fail(ErrorCode::kInvalidInput, "{}: {}.size is negative", what, field);
      }
      return Fail(ErrorCode::kInvalidInput, "{}: {}.size is not an integer", what, field);
    }
  }
  descriptor.size = size;
  descriptor.platform = ReadPlatform(*object);
  if (auto annotations = json::OptionalObject(*object, "annotations")) {
    for (auto [key, value] : *annotations) {
      std::string_view text;
      if (value.get(text) == simdjson::SUCCESS) {
        descriptor.annotations.emplace(std::string(key), std::string(text));
      }
    }
  }
  return descriptor;
}

bool IsHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string Platform::ToString() const {
  std::string text = os + "/" + architecture;
  if (!variant.empty()) text += "/" + variant;
  return text;
}

Result<Platform> ParsePlatform(std::string_view text) {
  Platform platform;
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = text.find('/', start);
    parts.emplace_back(text.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  bool empty_part = false;
  for (const auto& part : parts) empty_part = empty_part || part.empty();
  if (parts.size() < 2 || parts.size() > 3 || empty_part) {
    return Fail(ErrorCode::kInvalidInput,
                "--platform {}: expected os/arch or os/arch/variant, e.g. linux/amd64 or "
                "linux/arm64/v8",
                text);
  }
  platform.os = parts[0];
  platform.architecture = parts[1];
  if (parts.size() == 3) platform.variant = parts[2];
  return platform;
}

Platform HostPlatform() {
#if defined(__x86_64__)
  return {"linux", "amd64", ""};
#elif defined(__aarch64__)
  return {"linux", "arm64", ""};
#elif defined(__arm__)
  return {"linux", "arm", ""};
#elif defined(__i386__)
  return {"linux", "386", ""};
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return {"linux", "ppc64le", ""};
#elif defined(__s390x__)
  return {"linux", "s390x", ""};
#else
  return {"linux", "amd64", ""};
#endif
}

bool PlatformMatches(const Platform& wanted, const Platform& have) {
  if (wanted.os != have.os || wanted.architecture != have.architecture) return false;
  if (wanted.variant.empty()) return true;
  std::string variant = have.variant;
  if (variant.empty() && have.architecture == "arm64") variant = "v8";
  if (variant.empty() && have.architecture == "arm") variant = "v7";
  return variant == wanted.variant;
}

Status ValidateDigest(std::string_view digest, std::string_view what) {
  size_t colon = digest.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Fail(ErrorCode::kInvalidInput, "{} \"{}\" is not a digest (algorithm:hex)", what,
                digest.substr(0, 100));
  }
  std::string_view algorithm = digest.substr(0, colon), hex = digest.substr(colon + 1);
  if (algorithm != "sha256") {
    return Fail(ErrorCode::kUnsupported, "{} {} uses {}; scry verifies sha256 digests only", what,
                digest.substr(0, 100), algorithm.substr(0, 20));
  }
  if (hex.size() != 64 || !IsHex(hex)) {
    return Fail(ErrorCode::kInvalidInput,
                "{} \"{}\" is not a sha256 digest (64 lower-case hex digits)", what,
                digest.substr(0, 100));
  }
  return Ok();
}

bool IsIndexMediaType(std::string_view media_type) {
  return media_type == kOciIndexMediaType || media_type == kDockerListMediaType;
}

bool IsManifestMediaType(std::string_view media_type) {
  return media_type == kOciManifestMediaType || media_type == kDockerManifestMediaType;
}

Result<std::optional<archive::Compression>> LayerCompression(std::string_view media_type) {
  using archive::Compression;
  if (media_type.empty()) return std::nullopt;
  auto ends_with = [&](std::string_view suffix) { return media_type.ends_with(suffix); };
  bool oci = media_type.starts_with("application/vnd.oci.image.layer.");
  bool docker = media_type.starts_with("application/vnd.docker.image.rootfs.");
  if (oci || docker) {
    if (ends_with(".tar") || ends_with("tar")) {
      if (ends_with("+gzip") || ends_with(".gzip")) return Compression::kGzip;
      return Compression::kNone;
    }
    if (ends_with("+gzip") || ends_with(".gzip")) return Compression::kGzip;
    if (ends_with("+zstd")) return Compression::kZstd;
  }
  return Fail(ErrorCode::kUnsupported,
              "layer media type {} is not a tar layer scry reads (tar, tar+gzip, tar+zstd)",
              media_type.substr(0, 200));
}

Result<std::vector<DockerSaveEntry>> ParseDockerSaveManifest(std::string_view text,
                                                             std::string_view what) {
  json::Parser parser;
  if (text.size() > limits::kMaxImageJsonSize) {
    return Fail(ErrorCode::kLimitExceeded, "{} is {} bytes; the limit is {}", what, text.size(),
                limits::kMaxImageJsonSize);
  }
  SCRY_TRY(json::Element root, parser.Parse(text));
  json::Array images;
  if (root.get(images) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput, "{} is not a JSON array of images", what);
  }
  std::vector<DockerSaveEntry> entries;
  size_t index = 0;
  for (json::Element element : images) {
    auto object = json::RequiredObject(element, "image");
    if (!object)
      return Fail(ErrorCode::kInvalidInput, "{}: image {} is not an object", what, index);
    DockerSaveEntry entry;
    auto config = json::OptionalString(*object, "Config");
    if (!config || config->empty()) {
      return Fail(ErrorCode::kInvalidInput, "{}: image {} has no Config", what, index);
    }
    entry.config = std::string(*config);
    entry.repo_tags = json::StringArray(*object, "RepoTags");
    auto layers = json::OptionalArray(*object, "Layers");
    if (!layers) {
      return Fail(ErrorCode::kInvalidInput, "{}: image {} has no Layers list", what, index);
    }
    for (json::Element layer : *layers) {
      std::string_view path;
      if (layer.get(path) != simdjson::SUCCESS || path.empty()) {
        return Fail(ErrorCode::kInvalidInput, "{}: image {} has a layer that is not a path", what,
                    index);
      }
      if (entry.layers.size() >= limits::kMaxImageLayers) {
        return Fail(ErrorCode::kLimitExceeded, "{}: image {} has more than {} layers", what, index,
                    limits::kMaxImageLayers);
      }
      entry.layers.emplace_back(path);
    }
    entries.push_back(std::move(entry));
    if (++index > limits::kMaxIndexManifests) {
      return Fail(ErrorCode::kLimitExceeded, "{} lists more than {} images", what,
                  limits::kMaxIndexManifests);
    }
  }
  if (entries.empty()) return Fail(ErrorCode::kInvalidInput, "{} lists no image", what);
  return entries;
}

Result<OciIndex> ParseOciIndex(std::string_view text, std::string_view what) {
  json::Parser parser;
  SCRY_TRY(json::Object root, ParseRoot(parser, text, what));
  OciIndex index;
  index.media_type = std::string(json::OptionalString(root, "mediaType").value_or(""));
  if (!index.media_type.empty() && !IsIndexMediaType(index.media_type)) {
    return Fail(ErrorCode::kInvalidInput, "{} has media type {}, not an image index", what,
                index.media_type);
  }
  auto manifests = json::OptionalArray(root, "manifests");
  if (!manifests) return Fail(ErrorCode::kInvalidInput, "{} has no manifests list", what);
  for (json::Element element : *manifests) {
    if (index.manifests.size() >= limits::kMaxIndexManifests) {
      return Fail(ErrorCode::kLimitExceeded, "{} lists more than {} manifests", what,
                  limits::kMaxIndexManifests);
    }
    SCRY_TRY(Descriptor descriptor,
             ReadDescriptor(element, what, fmt::format("manifests[{}]", index.manifests.size())));
    index.manifests.push_back(std::move(descriptor));
  }
  return index;
}

Result<OciManifest> ParseOciManifest(std::string_view text, std::string_view what) {
  json::Parser parser;
  SCRY_TRY(json::Object root, ParseRoot(parser, text, what));
  OciManifest manifest;
  manifest.media_type = std::string(json::OptionalString(root, "mediaType").value_or(""));
  if (!manifest.media_type.empty() && !IsManifestMediaType(manifest.media_type)) {
    return Fail(ErrorCode::kInvalidInput, "{} has media type {}, not an image manifest", what,
                manifest.media_type);
  }
  auto config = root["config"];
  if (config.error()) return Fail(ErrorCode::kInvalidInput, "{} has no config", what);
  SCRY_TRY(manifest.config, ReadDescriptor(config.value_unsafe(), what, "config"));
  auto layers = json::OptionalArray(root, "layers");
  if (!layers) return Fail(ErrorCode::kInvalidInput, "{} has no layers list", what);
  for (json::Element element : *layers) {
    if (manifest.layers.size() >= limits::kMaxImageLayers) {
      return Fail(ErrorCode::kLimitExceeded, "{} has more than {} layers", what,
                  limits::kMaxImageLayers);
    }
    SCRY_TRY(Descriptor layer,
             ReadDescriptor(element, what, fmt::format("layers[{}]", manifest.layers.size())));
    manifest.layers.push_back(std::move(layer));
  }
  return manifest;
}

Result<ImageConfig> ParseImageConfig(std::string_view text, std::string_view what) {
  json::Parser parser;
  SCRY_TRY(json::Object root, ParseRoot(parser, text, what));
  ImageConfig config;
  config.os = std::string(json::OptionalString(root, "os").value_or(""));
  config.architecture = std::string(json::OptionalString(root, "architecture").value_or(""));
  config.variant = std::string(json::OptionalString(root, "variant").value_or(""));
  auto rootfs = json::OptionalObject(root, "rootfs");
  if (!rootfs) return Fail(ErrorCode::kInvalidInput, "{} has no rootfs", what);
  auto diff_ids = json::OptionalArray(*rootfs, "diff_ids");
  if (!diff_ids) return Fail(ErrorCode::kInvalidInput, "{} has no rootfs.diff_ids", what);
  for (json::Element element : *diff_ids) {
    std::string_view diff_id;
    if (element.get(diff_id) != simdjson::SUCCESS) {
      return Fail(ErrorCode::kInvalidInput, "{}: rootfs.diff_ids[{}] is not a string", what,
                  config.diff_ids.size());
    }
    SCRY_CHECK(ValidateDigest(
        diff_id, fmt::format("{}: rootfs.diff_ids[{}]", what, config.diff_ids.size())));
    if (config.diff_ids.size() >= limits::kMaxImageLayers) {
      return Fail(ErrorCode::kLimitExceeded, "{} has more than {} diff_ids", what,
                  limits::kMaxImageLayers);
    }
    config.diff_ids.emplace_back(diff_id);
  }
  if (auto history = json::OptionalArray(root, "history")) {
    for (json::Element element : *history) {
      json::Object item;
      if (element.get(item) != simdjson::SUCCESS) continue;
      HistoryEntry entry;
      entry.created = std::string(json::OptionalString(item, "created").value_or(""));
      entry.created_by = std::string(json::OptionalString(item, "created_by").value_or(""));
      entry.comment = std::string(json::OptionalString(item, "comment").value_or(""));
      entry.empty_layer = json::OptionalBool(item, "empty_layer").value_or(false);
      config.history.push_back(std::move(entry));
    }
  }
  return config;
}

Result<std::string> DocumentMediaType(std::string_view text, std::string_view what) {
  json::Parser parser;
  SCRY_TRY(json::Object root, ParseRoot(parser, text, what));
  if (auto media_type = json::OptionalString(root, "mediaType")) return std::string(*media_type);
  if (json::OptionalArray(root, "manifests")) return std::string(kOciIndexMediaType);
  if (json::OptionalArray(root, "layers")) return std::string(kOciManifestMediaType);
  return std::string();
}

}  // namespace scry::artifact::image
