// CVSS v4.0 scores: specification document, sections 2 to 4 (metrics), 7 (vector string) and 8
// (scoring: MacroVectors of the equivalence sets EQ1 to EQ6, their scores, and the interpolation
// by severity distance), as FIRST's reference calculator
// (github.com/FIRSTdotorg/cvss-v4-calculator) implements them.
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <span>

#include "scry/cvss/cvss_internal.hpp"

namespace scry::cvss::internal {
namespace {

enum Metric {
  kAttackVector,
  kAttackComplexity,
  kAttackRequirements,
  kPrivilegesRequired,
  kUserInteraction,
  kVulnConfidentiality,
  kVulnIntegrity,
  kVulnAvailability,
  kSubConfidentiality,
  kSubIntegrity,
  kSubAvailability,
  kExploitMaturity,
  kConfidentialityRequirement,
  kIntegrityRequirement,
  kAvailabilityRequirement,
  kScoredMetrics,                   // the metrics above take part in scoring
  kFirstModified = kScoredMetrics,  // MAV ... MSA, in the order of AV ... SA
  kBaseMetrics = kExploitMaturity,  // AV ... SA
};

// Base, threat, environmental and supplemental metrics, in the order of the enum above (the
// supplemental ones never change the score).
constexpr MetricDef kMetrics[] = {
    {"AV", {"N", "A", "L", "P"}, true},
    {"AC", {"L", "H"}, true},
    {"AT", {"N", "P"}, true},
    {"PR", {"N", "L", "H"}, true},
    {"UI", {"N", "P", "A"}, true},
    {"VC", {"H", "L", "N"}, true},
    {"VI", {"H", "L", "N"}, true},
    {"VA", {"H", "L", "N"}, true},
    {"SC", {"H", "L", "N"}, true},
    {"SI", {"H", "L", "N"}, true},
    {"SA", {"H", "L", "N"}, true},
    {"E", {"X", "A", "P", "U"}},
    {"CR", {"X", "H", "M", "L"}},
    {"IR", {"X", "H", "M", "L"}},
    {"AR", {"X", "H", "M", "L"}},
    {"MAV", {"X", "N", "A", "L", "P"}},
    {"MAC", {"X", "L", "H"}},
    {"MAT", {"X", "N", "P"}},
    {"MPR", {"X", "N", "L", "H"}},
    {"MUI", {"X", "N", "P", "A"}},
    {"MVC", {"X", "H", "L", "N"}},
    {"MVI", {"X", "H", "L", "N"}},
    {"MVA", {"X", "H", "L", "N"}},
    {"MSC", {"X", "H", "L", "N"}},
    {"MSI", {"X", "S", "H", "L", "N"}},
    {"MSA", {"X", "S", "H", "L", "N"}},
    {"S", {"X", "N", "P"}},
    {"AU", {"X", "N", "Y"}},
    {"R", {"X", "A", "U", "I"}},
    {"V", {"X", "D", "C"}},
    {"RE", {"X", "L", "M", "H"}},
    {"U", {"X", "Clear", "Green", "Amber", "Red"}},
};
static_assert(std::size(kMetrics) == kMaxMetrics);

// The value each scored metric takes (one letter; modified metrics already applied).
using Values = std::array<char, kScoredMetrics>;

// Position of a value on its metric's severity scale, most severe first; only differences of two
// positions matter (the specification's severity distances, in steps of 0.1).
int Level(Metric metric, char value) {
  std::string_view scale;
  switch (metric) {
    case kAttackVector:
      scale = "NALP";
      break;
    case kAttackComplexity:
      scale = "LH";
      break;
    case kAttackRequirements:
      scale = "NP";
      break;
    case kPrivilegesRequired:
      scale = "NLH";
      break;
    case kUserInteraction:
      scale = "NPA";
      break;
    case kVulnConfidentiality:
    case kVulnIntegrity:
    case kVulnAvailability:
      scale = "HLN";
      break;
    case kSubConfidentiality:
    case kSubIntegrity:
    case kSubAvailability:
      scale = "SHLN";  // S (safety) only through MSI and MSA
      break;
    case kConfidentialityRequirement:
    case kIntegrityRequirement:
    case kAvailabilityRequirement:
      scale = "HML";
      break;
    default:
      scale = "APU";  // E, which no distance uses
      break;
  }
  return static_cast<int>(scale.find(value));
}

// The scores of the 270 MacroVectors, transcribed from the CVSS v4.0 specification's lookup table
// (FIRST's reference calculator, cvss_lookup.js). A row holds the MacroVectors whose EQ1 to EQ4
// levels are its key, in the order EQ5 EQ6 = 00, 01, 10, 11, 20, 21; kNo marks EQ3 = 2 with
// EQ6 = 0, which cannot occur.
constexpr double kNo = -1;
struct MacroVectorRow {
  std::string_view eq1_to_eq4;
  std::array<double, 6> scores;
};
constexpr MacroVectorRow kMacroVectorScores[] = {
    {"0000", {10.0, 9.9, 9.8, 9.5, 9.5, 9.2}}, {"0001", {10.0, 9.6, 9.3, 8.7, 9.1, 8.1}},
    {"0002", {9.3, 9.0, 8.9, 8.0, 8.1, 6.8}},  {"0010", {9.8, 9.5, 9.5, 9.2, 9.0, 8.4}},
    {"0011", {9.3, 9.2, 8.9, 8.1, 8.1, 6.5}},  {"0012", {8.8, 8.0, 7.8, 7.0, 6.9, 4.8}},
    {"0020", {kNo, 9.2, kNo, 8.2, kNo, 7.2}},  {"0021", {kNo, 7.9, kNo, 6.9, kNo, 5.0}},
    {"0022", {kNo, 6.9, kNo, 5.5, kNo, 2.7}},  {"0100", {9.9, 9.7, 9.5, 9.2, 9.2, 8.5}},
    {"0101", {9.5, 9.1, 9.0, 8.3, 8.4, 7.1}},  {"0102", {9.2, 8.1, 8.2, 7.1, 7.2, 5.3}},
    {"0110", {9.5, 9.3, 9.2, 8.5, 8.5, 7.3}},  {"0111", {9.2, 8.2, 8.0, 7.2, 7.0, 5.9}},
    {"0112", {8.4, 7.0, 7.1, 5.2, 5.0, 3.0}},  {"0120", {kNo, 8.6, kNo, 7.5, kNo, 5.2}},
    {"0121", {kNo, 7.1, kNo, 5.2, kNo, 2.9}},  {"0122", {kNo, 6.3, kNo, 2.9, kNo, 1.7}},
    {"1000", {9.8, 9.5, 9.4, 8.7, 9.1, 8.1}},  {"1001", {9.4, 8.9, 8.6, 7.4, 7.7, 6.4}},
    {"1002", {8.7, 7.5, 7.4, 6.3, 6.3, 4.9}},  {"1010", {9.4, 8.9, 8.8, 7.7, 7.6, 6.7}},
    {"1011", {8.6, 7.6, 7.4, 5.8, 5.9, 5.0}},  {"1012", {7.2, 5.7, 5.7, 5.2, 5.2, 2.5}},
    {"1020", {kNo, 8.3, kNo, 7.0, kNo, 5.4}},  {"1021", {kNo, 6.5, kNo, 5.8, kNo, 2.6}},
    {"1022", {kNo, 5.3, kNo, 2.1, kNo, 1.3}},  {"1100", {9.5, 9.0, 8.8, 7.6, 7.6, 7.0}},
    {"1101", {9.0, 7.7, 7.5, 6.2, 6.1, 5.3}},  {"1102", {7.7, 6.6, 6.8, 5.9, 5.2, 3.0}},
    {"1110", {8.9, 7.8, 7.6, 6.7, 6.2, 5.8}},  {"1111", {7.4, 5.9, 5.7, 5.7, 4.7, 2.3}},
    {"1112", {6.1, 5.2, 5.7, 2.9, 2.4, 1.6}},  {"1120", {kNo, 7.1, kNo, 5.9, kNo, 3.0}},
    {"1121", {kNo, 5.8, kNo, 2.6, kNo, 1.5}},  {"1122", {kNo, 2.3, kNo, 1.3, kNo, 0.6}},
    {"2000", {9.3, 8.7, 8.6, 7.2, 7.5, 5.8}},  {"2001", {8.6, 7.4, 7.4, 6.1, 5.6, 3.4}},
    {"2002", {7.0, 5.4, 5.2, 4.0, 4.0, 2.2}},  {"2010", {8.5, 7.5, 7.4, 5.5, 6.2, 5.1}},
    {"2011", {7.2, 5.7, 5.5, 4.1, 4.6, 1.9}},  {"2012", {5.3, 3.6, 3.4, 1.9, 1.9, 0.8}},
    {"2020", {kNo, 6.4, kNo, 5.1, kNo, 2.0}},  {"2021", {kNo, 4.7, kNo, 2.1, kNo, 1.1}},
    {"2022", {kNo, 2.4, kNo, 0.9, kNo, 0.4}},  {"2100", {8.8, 7.5, 7.3, 5.3, 6.0, 5.0}},
    {"2101", {7.3, 5.5, 5.9, 4.0, 4.1, 2.0}},  {"2102", {5.4, 4.3, 4.5, 2.2, 2.0, 1.1}},
    {"2110", {7.5, 5.5, 5.8, 4.5, 4.0, 2.1}},  {"2111", {6.1, 5.1, 4.8, 1.8, 2.0, 0.9}},
    {"2112", {4.6, 1.8, 1.7, 0.7, 0.8, 0.2}},  {"2120", {kNo, 5.3, kNo, 2.4, kNo, 1.4}},
    {"2121", {kNo, 2.4, kNo, 1.2, kNo, 0.5}},  {"2122", {kNo, 1.0, kNo, 0.3, kNo, 0.1}},
};

constexpr bool RowsInOrder() {
  for (int row = 0; row < 54; ++row) {
    std::string_view key = kMacroVectorScores[row].eq1_to_eq4;
    if (key.size() != 4 || key[0] - '0' != row / 18 || key[1] - '0' != row / 9 % 2 ||
        key[2] - '0' != row / 3 % 3 || key[3] - '0' != row % 3) {
      return false;
    }
  }
  return true;
}
static_assert(std::size(kMacroVectorScores) == 54 && RowsInOrder());

using MacroVector = std::array<int, 6>;  // EQ1 ... EQ6 levels, 0 most severe

// The score of `macro`, or nullopt when no such MacroVector exists.
std::optional<double> MacroVectorScore(const MacroVector& macro) {
  constexpr MacroVector kLevels = {3, 2, 3, 3, 3, 2};
  for (size_t eq = 0; eq < macro.size(); ++eq) {
    if (macro[eq] < 0 || macro[eq] >= kLevels[eq]) return std::nullopt;
  }
  auto row = static_cast<size_t>(((macro[0] * 2 + macro[1]) * 3 + macro[2]) * 3 + macro[3]);
  double score = kMacroVectorScores[row].scores[static_cast<size_t>(macro[4] * 2 + macro[5])];
  if (score == kNo) return std::nullopt;
  return score;
}

MacroVector MacroVectorOf(const Values& v) {
  auto is = [&v](Metric metric, char value) { return v[metric] == value; };
  MacroVector macro{};
  if (is(kAttackVector, 'N') && is(kPrivilegesRequired, 'N') && is(kUserInteraction, 'N')) {
    macro[0] = 0;
  } else if ((is(kAttackVector, 'N') || is(kPrivilegesRequired, 'N') ||
              is(kUserInteraction, 'N')) &&
             !is(kAttackVector, 'P')) {
    macro[0] = 1;
  } else {
    macro[0] = 2;
  }
  macro[1] = is(kAttackComplexity, 'L') && is(kAttackRequirements, 'N') ? 0 : 1;
  if (is(kVulnConfidentiality, 'H') && is(kVulnIntegrity, 'H')) {
    macro[2] = 0;
  } else if (is(kVulnConfidentiality, 'H') || is(kVulnIntegrity, 'H') ||
             is(kVulnAvailability, 'H')) {
    macro[2] = 1;
  } else {
    macro[2] = 2;
  }
  if (is(kSubIntegrity, 'S') || is(kSubAvailability, 'S')) {
    macro[3] = 0;
  } else if (is(kSubConfidentiality, 'H') || is(kSubIntegrity, 'H') || is(kSubAvailability, 'H')) {
    macro[3] = 1;
  } else {
    macro[3] = 2;
  }
  macro[4] = Level(kExploitMaturity, v[kExploitMaturity]);
  bool eq6_high = (is(kConfidentialityRequirement, 'H') && is(kVulnConfidentiality, 'H')) ||
                  (is(kIntegrityRequirement, 'H') && is(kVulnIntegrity, 'H')) ||
                  (is(kAvailabilityRequirement, 'H') && is(kVulnAvailability, 'H'));
  macro[5] = eq6_high ? 0 : 1;
  return macro;
}

// The highest-severity vectors of each level of an equivalence set (the reference calculator's
// max_composed.js), written as the values of the set's metrics in the order given; and the depth
// of each level (max_severity.js: its largest severity distance plus one, in steps of 0.1).
constexpr Metric kEq1Metrics[] = {kAttackVector, kPrivilegesRequired, kUserInteraction};
constexpr std::string_view kEq1Highest[3][3] = {{"NNN"}, {"ANN", "NLN", "NNP"}, {"PNN", "ALP"}};
constexpr int kEq1Depth[3] = {1, 4, 5};

constexpr Metric kEq2Metrics[] = {kAttackComplexity, kAttackRequirements};
constexpr std::string_view kEq2Highest[2][2] = {{"LN"}, {"HN", "LP"}};
constexpr int kEq2Depth[2] = {1, 2};

// EQ3 and EQ6 share metrics and are interpolated together: [EQ3][EQ6].
constexpr Metric kEq3Eq6Metrics[] = {kVulnConfidentiality,  kVulnIntegrity,
                                     kVulnAvailability,     kConfidentialityRequirement,
                                     kIntegrityRequirement, kAvailabilityRequirement};
constexpr std::string_view kEq3Eq6Highest[3][2][5] = {
    {{"HHHHHH"}, {"HHLMMH", "HHHMMM"}},
    {{"LHHHHH", "HLHHHH"}, {"LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM"}},
    {{}, {"LLLHHH"}},
};
constexpr int kEq3Eq6Depth[3][2] = {{7, 6}, {8, 8}, {0, 10}};

constexpr Metric kEq4Metrics[] = {kSubConfidentiality, kSubIntegrity, kSubAvailability};
constexpr std::string_view kEq4Highest[3][1] = {{"HSS"}, {"HHH"}, {"LLL"}};
constexpr int kEq4Depth[3] = {6, 5, 4};

// Severity distance (in steps of 0.1) of `v` from the first of `highest` that is at least as
// severe on every metric of the set, or nullopt when none is.
std::optional<int> SeverityDistance(const Values& v, std::span<const Metric> metrics,
                                    std::span<const std::string_view> highest) {
  for (std::string_view candidate : highest) {
    if (candidate.empty()) break;
    int distance = 0;
    bool dominates = true;
    for (size_t i = 0; i < metrics.size() && dominates; ++i) {
      int step = Level(metrics[i], v[metrics[i]]) - Level(metrics[i], candidate[i]);
      dominates = step >= 0;
      distance += step;
    }
    if (dominates) return distance;
  }
  return std::nullopt;
}

Result<int> ScoreTenths(const Values& v) {
  constexpr Metric kImpacts[] = {kVulnConfidentiality, kVulnIntegrity, kVulnAvailability,
                                 kSubConfidentiality,  kSubIntegrity,  kSubAvailability};
  if (std::all_of(std::begin(kImpacts), std::end(kImpacts),
                  [&v](Metric metric) { return v[metric] == 'N'; })) {
    return 0;
  }
  MacroVector macro = MacroVectorOf(v);
  std::optional<double> macro_score = MacroVectorScore(macro);
  auto [eq1, eq2, eq3, eq4, eq5, eq6] = macro;
  auto u1 = static_cast<size_t>(eq1);
  auto u2 = static_cast<size_t>(eq2);
  auto u3 = static_cast<size_t>(eq3);
  auto u4 = static_cast<size_t>(eq4);
  auto u6 = static_cast<size_t>(eq6);
  std::optional<int> distance_eq1 = SeverityDistance(v, kEq1Metrics, kEq1Highest[u1]);
  std::optional<int> distance_eq2 = SeverityDistance(v, kEq2Metrics, kEq2Highest[u2]);
  std::optional<int> distance_eq3eq6 = SeverityDistance(v, kEq3Eq6Metrics, kEq3Eq6Highest[u3][u6]);
  std::optional<int> distance_eq4 = SeverityDistance(v, kEq4Metrics, kEq4Highest[u4]);
  if (!macro_score || !distance_eq1 || !distance_eq2 || !distance_eq3eq6 || !distance_eq4) {
    // The equivalence sets partition every vector and each level's highest vectors cover it.
    return Fail(ErrorCode::kInternal, "CVSS v4.0 MacroVector {}{}{}{}{}{} has no score", eq1, eq2,
                eq3, eq4, eq5, eq6);
  }
  double value = *macro_score;

  // The next lower MacroVector of each set. EQ3 and EQ6 step together: 00 goes to 01 or 10
  // (whichever scores higher), 01 and 10 to 11, 11 to 21, and 21 is the lowest.
  auto lower = [&macro](size_t eq) {
    MacroVector next = macro;
    ++next[eq];
    return MacroVectorScore(next);
  };
  std::optional<double> lower_eq3eq6;
  if (eq3 == 0 && eq6 == 0) {
    lower_eq3eq6 = std::max(lower(5).value_or(kNo), lower(2).value_or(kNo));
    if (*lower_eq3eq6 == kNo) lower_eq3eq6.reset();
  } else if (eq3 == 1 && eq6 == 0) {
    lower_eq3eq6 = lower(5);
  } else if (eq3 != 2) {
    lower_eq3eq6 = lower(2);
  }
  struct Step {
    std::optional<double> lower_score;
    int distance;
    int depth;
  };
  const Step steps[] = {
      {lower(0), *distance_eq1, kEq1Depth[u1]},
      {lower(1), *distance_eq2, kEq2Depth[u2]},
      {lower_eq3eq6, *distance_eq3eq6, kEq3Eq6Depth[u3][u6]},
      {lower(3), *distance_eq4, kEq4Depth[u4]},
      {lower(4), 0, 1},  // EQ5 has one vector per level: no distance
  };
  // Each set with a lower MacroVector moves the score towards it by the proportion of the vector's
  // distance to the level's depth; the score drops by the mean of those moves.
  double total = 0;
  int lower_count = 0;
  for (const Step& step : steps) {
    if (!step.lower_score) continue;
    ++lower_count;
    total += (value - *step.lower_score) * (static_cast<double>(step.distance) / step.depth);
  }
  if (lower_count > 0) value -= total / lower_count;
  value = std::clamp(value, 0.0, 10.0);
  // Half up to one decimal. The epsilon lifts values that the arithmetic leaves a hair below a
  // tie (5.6499999999999995 for 5.65), as the reference calculator does since November 2024.
  return static_cast<int>(std::floor((value + 1e-6) * 10 + 0.5));
}

}  // namespace

Result<int> ScoreV4Tenths(std::string_view metrics, bool base_only) {
  SCRY_TRY(MetricValues parsed, ParseMetrics(metrics, kMetrics, "CVSS v4.0"));
  auto letter = [&parsed](int metric) {
    size_t index = static_cast<size_t>(metric);
    return kMetrics[index].values[static_cast<size_t>(parsed[index])][0];
  };
  Values v{};
  for (int metric = 0; metric < kBaseMetrics; ++metric) {
    bool modified = !base_only && parsed[static_cast<size_t>(kFirstModified + metric)] > 0;
    v[static_cast<size_t>(metric)] = letter(modified ? kFirstModified + metric : metric);
  }
  // E, CR, IR and AR left out, Not Defined (X) or ignored (CVSS-B) take their most severe value.
  auto given = [&](Metric metric) { return !base_only && parsed[metric] > 0; };
  v[kExploitMaturity] = given(kExploitMaturity) ? letter(kExploitMaturity) : 'A';
  for (Metric metric :
       {kConfidentialityRequirement, kIntegrityRequirement, kAvailabilityRequirement}) {
    v[metric] = given(metric) ? letter(metric) : 'H';
  }
  return ScoreTenths(v);
}

}  // namespace scry::cvss::internal
