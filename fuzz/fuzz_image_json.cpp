// Fuzzes the image metadata parsers: the first byte picks docker-save's manifest.json, an OCI
// index, an OCI manifest or an image config; the rest is the document.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/artifact/image/manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace scry::artifact::image;
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
      (void)ParseDockerSaveManifest(text, "manifest.json");
      break;
    case 1:
      (void)ParseOciIndex(text, "index.json");
      break;
    case 2: {
      auto manifest = ParseOciManifest(text, "manifest");
      if (manifest) {
        for (const auto& layer : manifest->layers) (void)LayerCompression(layer.media_type);
      }
      break;
    }
    case 3:
      (void)ParseImageConfig(text, "config");
      break;
    default: {
      (void)DocumentMediaType(text, "blob");
      (void)ParsePlatform(text);
      break;
    }
  }
  return 0;
}
