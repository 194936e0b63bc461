// Shared by the version-specific scorers of the cvss module; never included outside it.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "scry/base/error.hpp"
#include "scry/cvss/cvss.hpp"

namespace scry::cvss::internal {

// One metric of a version's vector grammar: its abbreviation and its allowed values.
struct MetricDef {
  std::string_view name;
  std::array<std::string_view, 6> values;  // unused slots are empty
  bool mandatory = false;
};

inline constexpr size_t kMaxMetrics = 32;  // v4.0 has the most
inline constexpr int kAbsent = -1;

// For each metric of a table (same index), the index of its value in MetricDef::values, or kAbsent.
using MetricValues = std::array<int, kMaxMetrics>;

// Parses "AV:N/AC:L/..." (the vector without its "CVSS:x.y/" prefix) against `table`. kInvalidInput
// for an empty or malformed field, an unknown metric or value, a repeated metric, or a missing
// mandatory one; messages name the grammar by `label` (e.g. "CVSS v3.1").
Result<MetricValues> ParseMetrics(std::string_view metrics, std::span<const MetricDef> table,
                                  std::string_view label);

// Base scores in tenths (0 to 100) of the vector `metrics` without prefix.
Result<int> ScoreV2Tenths(std::string_view metrics);
Result<int> ScoreV3Tenths(std::string_view metrics, Version version);

// v3.0's "Round up" as FIRST's v3.0 calculator computes it: the ceiling of value * 10 in binary
// floating point, so a raw score a hair above a tenth (4.000000000000001) goes up a whole tenth.
int CeilTenths(double value);
// v3.1's Roundup (specification, Appendix A), which absorbs that floating-point error.
int RoundupTenths(double value);

// CVSS v4.0 in tenths: CVSS-B when `base_only`, else the score of every metric the vector gives
// (CVSS-BT, -BE or -BTE), as FIRST's calculator shows it.
Result<int> ScoreV4Tenths(std::string_view metrics, bool base_only);

}  // namespace scry::cvss::internal
