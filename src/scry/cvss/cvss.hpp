// CVSS base scores and qualitative severities computed from vector strings, as OSV records and NVD
// carry them. Versions: CVSS v2 (https://www.first.org/cvss/v2/guide), v3.0
// (https://www.first.org/cvss/v3.0/specification-document), v3.1
// (https://www.first.org/cvss/v3.1/specification-document) and v4.0
// (https://www.first.org/cvss/v4.0/specification-document). Scores equal those of FIRST's
// calculators (NVD's for v2).
#pragma once

#include <string>
#include <string_view>

#include "scry/base/error.hpp"

namespace scry::cvss {

enum class Version { kV2, kV30, kV31, kV40 };

// The qualitative severity rating scale of CVSS v3.x and v4.0.
enum class Severity { kNone, kLow, kMedium, kHigh, kCritical };

struct Score {
  Version version = Version::kV31;
  double base_score = 0;  // 0.0 to 10.0 in steps of 0.1 (the double nearest to it, e.g. 9.8)
  Severity severity = Severity::kNone;
  std::string vector;  // the input, unchanged
};

// Parses `vector` and computes its base score: "CVSS:3.0/...", "CVSS:3.1/...", "CVSS:4.0/..." or an
// unprefixed v2 vector "AV:N/AC:L/Au:N/C:P/I:P/A:P". Each base metric must appear once, in any
// order (advisories do not always keep v4.0's); the version's other metrics are checked but do not
// change the score (v4.0 gives CVSS-B). kInvalidInput naming the problem otherwise. Thread-safe.
Result<Score> ScoreVector(std::string_view vector);

// The rating of a base score. v3.x and v4.0: the specifications' scale (None 0.0, Low 0.1-3.9,
// Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0). v2 defines no scale; NVD's ranges are used
// (Low 0.0-3.9, Medium 4.0-6.9, High 7.0-10.0), so v2 is never kNone or kCritical.
Severity SeverityOf(Version version, double base_score);

std::string_view SeverityName(Severity severity);  // "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL"
std::string_view VersionName(Version version);     // "2.0", "3.0", "3.1", "4.0"

}  // namespace scry::cvss
