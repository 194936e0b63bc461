// CVSS v2 base scores: "A Complete Guide to the Common Vulnerability Scoring System Version 2.0",
// section 2 (metrics and vectors) and 3.2.1 (base equation).
#include <cmath>

#include "scry/cvss/cvss_internal.hpp"

namespace scry::cvss::internal {
namespace {

enum Metric {
  kAccessVector,
  kAccessComplexity,
  kAuthentication,
  kConfidentiality,
  kIntegrity,
  kAvailability,
};

// Base metrics first, in the order of the enum above; the temporal and environmental ones are only
// checked. The value order of the base metrics indexes the weight tables below.
constexpr MetricDef kMetrics[] = {
    {"AV", {"L", "A", "N"}, true},       {"AC", {"H", "M", "L"}, true},
    {"Au", {"M", "S", "N"}, true},       {"C", {"N", "P", "C"}, true},
    {"I", {"N", "P", "C"}, true},        {"A", {"N", "P", "C"}, true},
    {"E", {"U", "POC", "F", "H", "ND"}}, {"RL", {"OF", "TF", "W", "U", "ND"}},
    {"RC", {"UC", "UR", "C", "ND"}},     {"CDP", {"N", "L", "LM", "MH", "H", "ND"}},
    {"TD", {"N", "L", "M", "H", "ND"}},  {"CR", {"L", "M", "H", "ND"}},
    {"IR", {"L", "M", "H", "ND"}},       {"AR", {"L", "M", "H", "ND"}},
};

constexpr double kAccessVectorWeight[] = {0.395, 0.646, 1.0};
constexpr double kAccessComplexityWeight[] = {0.35, 0.61, 0.71};
constexpr double kAuthenticationWeight[] = {0.45, 0.56, 0.704};
constexpr double kImpactWeight[] = {0.0, 0.275, 0.660};

}  // namespace

Result<int> ScoreV2Tenths(std::string_view metrics) {
  SCRY_TRY(MetricValues values, ParseMetrics(metrics, kMetrics, "CVSS v2"));
  auto value = [&values](Metric metric) { return static_cast<size_t>(values[metric]); };
  double impact = 10.41 * (1 - (1 - kImpactWeight[value(kConfidentiality)]) *
                                   (1 - kImpactWeight[value(kIntegrity)]) *
                                   (1 - kImpactWeight[value(kAvailability)]));
  double exploitability = 20 * kAccessVectorWeight[value(kAccessVector)] *
                          kAccessComplexityWeight[value(kAccessComplexity)] *
                          kAuthenticationWeight[value(kAuthentication)];
  if (impact == 0) return 0;  // f(Impact) = 0
  double raw = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * 1.176;
  // round_to_1_decimal rounds half up; no base vector scores below 0.
  return static_cast<int>(std::floor(raw * 10 + 0.5));
}

}  // namespace scry::cvss::internal
