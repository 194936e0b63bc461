// CVSS v3.0 and v3.1 base scores: the specification documents' base equations and metric values,
// and v3.1's Appendix A (Roundup).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "scry/cvss/cvss_internal.hpp"

namespace scry::cvss::internal {
namespace {

enum Metric {
  kAttackVector,
  kAttackComplexity,
  kPrivilegesRequired,
  kUserInteraction,
  kScope,
  kConfidentiality,
  kIntegrity,
  kAvailability,
};

// Base metrics first, in the order of the enum above; the temporal and environmental ones are only
// checked. The value order of the base metrics indexes the weight tables below.
constexpr MetricDef kMetrics[] = {
    {"AV", {"N", "A", "L", "P"}, true},
    {"AC", {"L", "H"}, true},
    {"PR", {"N", "L", "H"}, true},
    {"UI", {"N", "R"}, true},
    {"S", {"U", "C"}, true},
    {"C", {"H", "L", "N"}, true},
    {"I", {"H", "L", "N"}, true},
    {"A", {"H", "L", "N"}, true},
    {"E", {"X", "U", "P", "F", "H"}},
    {"RL", {"X", "O", "T", "W", "U"}},
    {"RC", {"X", "U", "R", "C"}},
    {"CR", {"X", "L", "M", "H"}},
    {"IR", {"X", "L", "M", "H"}},
    {"AR", {"X", "L", "M", "H"}},
    {"MAV", {"X", "N", "A", "L", "P"}},
    {"MAC", {"X", "L", "H"}},
    {"MPR", {"X", "N", "L", "H"}},
    {"MUI", {"X", "N", "R"}},
    {"MS", {"X", "U", "C"}},
    {"MC", {"X", "N", "L", "H"}},
    {"MI", {"X", "N", "L", "H"}},
    {"MA", {"X", "N", "L", "H"}},
};

constexpr double kAttackVectorWeight[] = {0.85, 0.62, 0.55, 0.2};
constexpr double kAttackComplexityWeight[] = {0.77, 0.44};
// Privileges Required weighs more when the scope changes: [scope changed][N, L, H].
constexpr double kPrivilegesWeight[2][3] = {{0.85, 0.62, 0.27}, {0.85, 0.68, 0.5}};
constexpr double kUserInteractionWeight[] = {0.85, 0.62};
constexpr double kImpactWeight[] = {0.56, 0.22, 0};

}  // namespace

int CeilTenths(double value) { return static_cast<int>(std::ceil(value * 10)); }

int RoundupTenths(double value) {
  int64_t scaled = std::llround(value * 100000);
  int64_t tenths = scaled / 10000;
  return static_cast<int>(scaled % 10000 == 0 ? tenths : tenths + 1);
}

Result<int> ScoreV3Tenths(std::string_view metrics, Version version) {
  std::string_view label = version == Version::kV30 ? "CVSS v3.0" : "CVSS v3.1";
  SCRY_TRY(MetricValues values, ParseMetrics(metrics, kMetrics, label));
  auto value = [&values](Metric metric) { return static_cast<size_t>(values[metric]); };
  bool scope_changed = values[kScope] == 1;

  // The operations run in the order of FIRST's calculators, so v3.0's ceiling sees the same
  // floating-point values.
  double exploitability = 8.22 * kAttackVectorWeight[value(kAttackVector)] *
                          kAttackComplexityWeight[value(kAttackComplexity)] *
                          kPrivilegesWeight[scope_changed][value(kPrivilegesRequired)] *
                          kUserInteractionWeight[value(kUserInteraction)];
  double impact_subscore =
      1 - ((1 - kImpactWeight[value(kConfidentiality)]) * (1 - kImpactWeight[value(kIntegrity)]) *
           (1 - kImpactWeight[value(kAvailability)]));
  double impact =
      scope_changed ? 7.52 * (impact_subscore - 0.029) - 3.25 * std::pow(impact_subscore - 0.02, 15)
                    : 6.42 * impact_subscore;
  if (impact <= 0) return 0;
  double raw = scope_changed ? std::min((exploitability + impact) * 1.08, 10.0)
                             : std::min(exploitability + impact, 10.0);
  return version == Version::kV30 ? CeilTenths(raw) : RoundupTenths(raw);
}

}  // namespace scry::cvss::internal
