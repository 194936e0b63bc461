// The per-layer analysis as a cache blob (JSON). A blob that does not decode is a cache miss:
// the layer is analysed again and the blob replaced.
#pragma once

#include <string>
#include <string_view>

#include "scry/base/error.hpp"
#include "scry/scan/applier.hpp"

namespace scry::scan {

// Bumped whenever the blob layout changes; part of every cache key, so old blobs are never read.
inline constexpr int kLayerCodecVersion = 2;

std::string EncodeLayerAnalysis(const LayerAnalysis& layer);
// kInvalidInput naming the first field that is missing or malformed.
Result<LayerAnalysis> DecodeLayerAnalysis(std::string_view blob);

}  // namespace scry::scan
