#include "scry/cvss/cvss.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "scry/cvss/cvss_internal.hpp"

namespace scry::cvss {
namespace {

// A v4.0 vector with every metric is under 200 bytes, and no metric may repeat, so anything longer
// is malformed; the bound also keeps error messages short.
constexpr size_t kMaxVectorLength = 512;

// `text` quoted for an error message, cut to `max_length` bytes, with every byte outside printable
// ASCII escaped as \xNN. (fmt 9's "{:?}" asserts on some invalid UTF-8, which fuzzing found.)
std::string Quote(std::string_view text, size_t max_length = 32) {
  std::string quoted = "\"";
  for (char c : text.substr(0, max_length)) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (c >= 0x20 && c < 0x7f) {
      quoted += c;
    } else {
      quoted += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    }
  }
  quoted += '"';
  if (text.size() > max_length) quoted += "...";
  return quoted;
}

Status ParseField(std::string_view field, std::span<const internal::MetricDef> table,
                  std::string_view label, internal::MetricValues& values) {
  if (field.empty()) {
    return Fail(ErrorCode::kInvalidInput, "empty {} metric (a '/' too many)", label);
  }
  size_t colon = field.find(':');
  if (colon == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "{} metric {} lacks ':'", label, Quote(field));
  }
  std::string_view name = field.substr(0, colon);
  std::string_view value = field.substr(colon + 1);
  for (size_t metric = 0; metric < table.size(); ++metric) {
    const internal::MetricDef& def = table[metric];
    if (def.name != name) continue;
    if (values[metric] != internal::kAbsent) {
      return Fail(ErrorCode::kInvalidInput, "duplicate {} metric {}", label, name);
    }
    for (size_t index = 0; index < def.values.size(); ++index) {
      if (!def.values[index].empty() && def.values[index] == value) {
        values[metric] = static_cast<int>(index);
        return Ok();
      }
    }
    return Fail(ErrorCode::kInvalidInput, "{} metric {} has invalid value {}", label, name,
                Quote(value));
  }
  return Fail(ErrorCode::kInvalidInput, "unknown {} metric {}", label, Quote(name));
}

Result<Score> Compute(std::string_view vector) {
  if (vector.empty()) return Fail(ErrorCode::kInvalidInput, "empty CVSS vector");
  if (vector.size() > kMaxVectorLength) {
    return Fail(ErrorCode::kInvalidInput, "CVSS vector of {} bytes; no valid one exceeds {}",
                vector.size(), kMaxVectorLength);
  }
  Score score;
  score.vector = std::string(vector);
  int tenths = 0;
  if (!vector.starts_with("CVSS:")) {
    // The v2 guide's vectors carry no "CVSS:" prefix.
    score.version = Version::kV2;
    SCRY_TRY(tenths, internal::ScoreV2Tenths(vector));
  } else {
    size_t slash = vector.find('/');
    std::string_view prefix = vector.substr(0, slash);
    if (prefix == "CVSS:3.0") {
      score.version = Version::kV30;
    } else if (prefix == "CVSS:3.1") {
      score.version = Version::kV31;
    } else if (prefix == "CVSS:4.0") {
      score.version = Version::kV40;
    } else {
      return Fail(ErrorCode::kInvalidInput, "unsupported CVSS version prefix {}", Quote(prefix));
    }
    if (slash == std::string_view::npos) {
      return Fail(ErrorCode::kInvalidInput, "{} vector has no metrics", prefix);
    }
    std::string_view metrics = vector.substr(slash + 1);
    if (score.version == Version::kV40) {
      SCRY_TRY(tenths, internal::ScoreV4Tenths(metrics, /*base_only=*/true));
    } else {
      SCRY_TRY(tenths, internal::ScoreV3Tenths(metrics, score.version));
    }
  }
  score.base_score = tenths / 10.0;
  score.severity = SeverityOf(score.version, score.base_score);
  return score;
}

}  // namespace

namespace internal {

Result<MetricValues> ParseMetrics(std::string_view metrics, std::span<const MetricDef> table,
                                  std::string_view label) {
  SCRY_ASSERT(table.size() <= kMaxMetrics);
  MetricValues values;
  values.fill(kAbsent);
  size_t start = 0;
  while (true) {
    size_t slash = metrics.find('/', start);
    std::string_view field = metrics.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    SCRY_CHECK(ParseField(field, table, label, values));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  for (size_t metric = 0; metric < table.size(); ++metric) {
    if (table[metric].mandatory && values[metric] == kAbsent) {
      return Fail(ErrorCode::kInvalidInput, "missing mandatory {} metric {}", label,
                  table[metric].name);
    }
  }
  return values;
}

}  // namespace internal

Result<Score> ScoreVector(std::string_view vector) {
  auto score = Compute(vector);
  if (!score) {
    return tl::unexpected(
        std::move(score).error().Wrap(fmt::format("CVSS vector {}", Quote(vector, 80))));
  }
  return score;
}

Severity SeverityOf(Version version, double base_score) {
  // Compare tenths: the thresholds are exact there, not in binary floating point.
  int64_t tenths = std::llround(base_score * 10);
  if (version == Version::kV2) {
    if (tenths < 40) return Severity::kLow;
    return tenths < 70 ? Severity::kMedium : Severity::kHigh;
  }
  if (tenths <= 0) return Severity::kNone;
  if (tenths < 40) return Severity::kLow;
  if (tenths < 70) return Severity::kMedium;
  return tenths < 90 ? Severity::kHigh : Severity::kCritical;
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNone:
      return "NONE";
    case Severity::kLow:
      return "LOW";
    case Severity::kMedium:
      return "MEDIUM";
    case Severity::kHigh:
      return "HIGH";
    case Severity::kCritical:
      return "CRITICAL";
  }
  return "NONE";
}

std::string_view VersionName(Version version) {
  switch (version) {
    case Version::kV2:
      return "2.0";
    case Version::kV30:
      return "3.0";
    case Version::kV31:
      return "3.1";
    case Version::kV40:
      return "4.0";
  }
  return "";
}

}  // namespace scry::cvss
