// Fuzzes CVSS vector parsing and scoring (v2, v3.0, v3.1, v4.0): any text either scores within
// 0.0-10.0 with a consistent severity, or fails with kInvalidInput.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/cvss/cvss.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto score = scry::cvss::ScoreVector(text);
  if (!score) {
    if (score.error().code() != scry::ErrorCode::kInvalidInput) __builtin_trap();
    return 0;
  }
  if (!(score->base_score >= 0 && score->base_score <= 10)) __builtin_trap();
  if (score->severity != scry::cvss::SeverityOf(score->version, score->base_score)) {
    __builtin_trap();
  }
  if (score->vector != text) __builtin_trap();
  return 0;
}
