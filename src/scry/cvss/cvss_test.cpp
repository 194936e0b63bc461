#include "scry/cvss/cvss.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "golden.hpp"
#include "scry/base/strings.hpp"
#include "scry/cvss/cvss_internal.hpp"
#include "scry/formats/json.hpp"

namespace scry::cvss {
namespace {

namespace fs = std::filesystem;

const fs::path kTestdata = fs::path(SCRY_MODULE_DIR) / "testdata";
const fs::path kVulndata = fs::path(SCRY_SOURCE_DIR) / ".." / "shared" / "vulndata";

struct Case {
  std::string vector;
  int tenths = 0;
};

// The "vector score" lines of a testdata file; '#' starts a comment.
std::vector<Case> ReadCases(const fs::path& path) {
  std::vector<Case> cases;
  std::string text = testing::ReadTextFile(path);
  for (std::string_view line : strings::Split(text, '\n')) {
    line = strings::TrimSpace(line);
    if (line.empty() || line.starts_with('#')) continue;
    auto fields = strings::Cut(line, " ");
    EXPECT_TRUE(fields.found) << line;
    double score = -1;
    std::from_chars(fields.after.data(), fields.after.data() + fields.after.size(), score);
    EXPECT_GE(score, 0) << line;
    cases.push_back({std::string(fields.before), static_cast<int>(std::lround(score * 10))});
  }
  return cases;
}

int Tenths(double score) { return static_cast<int>(std::lround(score * 10)); }

TEST(CvssTest, ScoresOfReferenceVectors) {
  std::map<Version, int> counts;
  for (const Case& c : ReadCases(kTestdata / "vectors.txt")) {
    SCOPED_TRACE(c.vector);
    auto score = ScoreVector(c.vector);
    ASSERT_TRUE(score.has_value()) << score.error().ToString();
    EXPECT_EQ(Tenths(score->base_score), c.tenths);
    EXPECT_EQ(score->base_score, c.tenths / 10.0);  // the canonical double of the decimal
    EXPECT_EQ(score->severity, SeverityOf(score->version, score->base_score));
    EXPECT_EQ(score->vector, c.vector);
    ++counts[score->version];
  }
  EXPECT_GE(counts[Version::kV2], 10);
  EXPECT_GE(counts[Version::kV30], 10);
  EXPECT_GE(counts[Version::kV31], 40);
  EXPECT_GE(counts[Version::kV40], 60);
}

// The full v4.0 scorer (threat and environmental metrics applied), which reaches the EQ4, EQ5 and
// EQ6 levels a base-only vector cannot.
TEST(CvssTest, ScoresOfV4ThreatAndEnvironmentalVectors) {
  std::vector<Case> cases = ReadCases(kTestdata / "v4_threat_environmental.txt");
  EXPECT_GE(cases.size(), 20u);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.vector);
    ASSERT_TRUE(c.vector.starts_with("CVSS:4.0/"));
    auto tenths = internal::ScoreV4Tenths(std::string_view(c.vector).substr(9), false);
    ASSERT_TRUE(tenths.has_value()) << tenths.error().ToString();
    EXPECT_EQ(*tenths, c.tenths);
  }
}

TEST(CvssTest, VersionsAndSeverities) {
  auto v2 = ScoreVector("AV:N/AC:L/Au:N/C:C/I:C/A:C");
  ASSERT_TRUE(v2.has_value());
  EXPECT_EQ(v2->version, Version::kV2);
  EXPECT_EQ(v2->severity, Severity::kHigh);  // NVD's v2 ranges know no Critical
  auto v30 = ScoreVector("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N");
  ASSERT_TRUE(v30.has_value());
  EXPECT_EQ(v30->version, Version::kV30);
  EXPECT_EQ(v30->severity, Severity::kNone);
  auto v40 = ScoreVector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
  ASSERT_TRUE(v40.has_value());
  EXPECT_EQ(v40->version, Version::kV40);
  EXPECT_EQ(v40->severity, Severity::kCritical);

  const std::pair<double, Severity> kV3Scale[] = {
      {0.0, Severity::kNone},   {0.1, Severity::kLow},      {3.9, Severity::kLow},
      {4.0, Severity::kMedium}, {6.9, Severity::kMedium},   {7.0, Severity::kHigh},
      {8.9, Severity::kHigh},   {9.0, Severity::kCritical}, {10.0, Severity::kCritical}};
  for (auto [score, severity] : kV3Scale) {
    EXPECT_EQ(SeverityOf(Version::kV31, score), severity) << score;
    EXPECT_EQ(SeverityOf(Version::kV40, score), severity) << score;
  }
  const std::pair<double, Severity> kV2Scale[] = {
      {0.0, Severity::kLow},    {3.9, Severity::kLow},  {4.0, Severity::kMedium},
      {6.9, Severity::kMedium}, {7.0, Severity::kHigh}, {10.0, Severity::kHigh}};
  for (auto [score, severity] : kV2Scale) EXPECT_EQ(SeverityOf(Version::kV2, score), severity);

  EXPECT_EQ(SeverityName(Severity::kNone), "NONE");
  EXPECT_EQ(SeverityName(Severity::kLow), "LOW");
  EXPECT_EQ(SeverityName(Severity::kMedium), "MEDIUM");
  EXPECT_EQ(SeverityName(Severity::kHigh), "HIGH");
  EXPECT_EQ(SeverityName(Severity::kCritical), "CRITICAL");
  EXPECT_EQ(VersionName(Version::kV2), "2.0");
  EXPECT_EQ(VersionName(Version::kV30), "3.0");
  EXPECT_EQ(VersionName(Version::kV31), "3.1");
  EXPECT_EQ(VersionName(Version::kV40), "4.0");
}

// v3.1 Appendix A: Roundup absorbs the floating-point error that v3.0's ceiling turns into a tenth.
// No base vector hits the difference (the exhaustive test below shows it); temporal and
// environmental scores, which scry does not compute, can.
TEST(CvssTest, RoundupAndCeiling) {
  EXPECT_EQ(internal::RoundupTenths(4.000000000000001), 40);
  EXPECT_EQ(internal::CeilTenths(4.000000000000001), 41);
  EXPECT_EQ(internal::RoundupTenths(4.0), 40);
  EXPECT_EQ(internal::RoundupTenths(4.02), 41);
  EXPECT_EQ(internal::RoundupTenths(4.00001), 41);
  EXPECT_EQ(internal::RoundupTenths(4.000004), 40);
  EXPECT_EQ(internal::RoundupTenths(5.2999959717151235), 53);
  EXPECT_EQ(internal::RoundupTenths(10.0), 100);
  EXPECT_EQ(internal::CeilTenths(5.2999959717151235), 53);
}

TEST(CvssTest, MetricOrderDoesNotMatter) {
  const std::pair<const char*, const char*> kPairs[] = {
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N",
       "CVSS:3.1/A:N/I:L/C:L/S:C/UI:N/PR:L/AC:L/AV:N"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
       "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N"},  // as in some GHSAs
      {"AV:N/AC:M/Au:N/C:N/I:P/A:N", "Au:N/A:N/I:P/C:N/AC:M/AV:N"},
  };
  for (auto [ordered, shuffled] : kPairs) {
    auto a = ScoreVector(ordered);
    auto b = ScoreVector(shuffled);
    ASSERT_TRUE(a.has_value() && b.has_value()) << shuffled;
    EXPECT_EQ(a->base_score, b->base_score) << shuffled;
  }
}

// Every combination of `metrics` (name, one-letter values), as "NAME:v/NAME:v/..." after `prefix`.
std::vector<std::string> AllVectors(
    const std::string& prefix, const std::vector<std::pair<std::string, std::string>>& metrics) {
  std::vector<std::string> vectors = {""};
  for (const auto& [name, values] : metrics) {
    std::vector<std::string> longer;
    longer.reserve(vectors.size() * values.size());
    for (const std::string& head : vectors) {
      for (char value : values) {
        longer.push_back(head + (head.empty() ? "" : "/") + name + ":" + value);
      }
    }
    vectors = std::move(longer);
  }
  for (std::string& vector : vectors) vector = prefix + vector;
  return vectors;
}

// Every base vector of every version scores, within range; and v3.0 agrees with v3.1 on all of
// them (the two differ only in rounding, and no base score is close enough to a tenth to tell).
TEST(CvssTest, EveryBaseVectorScores) {
  auto check_all = [](const std::vector<std::string>& vectors) {
    size_t failures = 0;
    for (const std::string& vector : vectors) {
      auto score = ScoreVector(vector);
      if (!score || score->base_score < 0 || score->base_score > 10) {
        if (++failures <= 3) ADD_FAILURE() << vector;
      }
    }
    return vectors.size();
  };
  EXPECT_EQ(
      check_all(AllVectors(
          "",
          {{"AV", "LAN"}, {"AC", "HML"}, {"Au", "MSN"}, {"C", "NPC"}, {"I", "NPC"}, {"A", "NPC"}})),
      729u);
  std::vector<std::pair<std::string, std::string>> v3 = {
      {"AV", "NALP"}, {"AC", "LH"}, {"PR", "NLH"}, {"UI", "NR"},
      {"S", "UC"},    {"C", "HLN"}, {"I", "HLN"},  {"A", "HLN"}};
  std::vector<std::string> v30 = AllVectors("CVSS:3.0/", v3);
  std::vector<std::string> v31 = AllVectors("CVSS:3.1/", v3);
  EXPECT_EQ(check_all(v30), 2592u);
  EXPECT_EQ(check_all(v31), 2592u);
  for (size_t i = 0; i < v30.size(); ++i) {
    auto a = ScoreVector(v30[i]);
    auto b = ScoreVector(v31[i]);
    ASSERT_TRUE(a.has_value() && b.has_value());
    EXPECT_EQ(a->base_score, b->base_score) << v31[i];
  }
  EXPECT_EQ(check_all(AllVectors("CVSS:4.0/", {{"AV", "NALP"},
                                               {"AC", "LH"},
                                               {"AT", "NP"},
                                               {"PR", "NLH"},
                                               {"UI", "NPA"},
                                               {"VC", "HLN"},
                                               {"VI", "HLN"},
                                               {"VA", "HLN"},
                                               {"SC", "HLN"},
                                               {"SI", "HLN"},
                                               {"SA", "HLN"}})),
            104976u);
}

TEST(CvssTest, MalformedVectorsAreInvalidInput) {
  const std::string kV31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  const std::string kV40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  const std::pair<std::string, std::string> kCases[] = {
      {"", "empty CVSS vector"},
      {"CVSS:3.1", "CVSS:3.1 vector has no metrics"},
      {"CVSS:3.1/", "empty CVSS v3.1 metric"},
      {kV31 + "/", "empty CVSS v3.1 metric"},
      {"CVSS:3.1//AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty CVSS v3.1 metric"},
      {"CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unsupported CVSS version prefix"},
      {"CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "unsupported CVSS version prefix"},
      {"CVSS:3.1AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unsupported CVSS version prefix"},
      {"cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown CVSS v2 metric"},
      {" " + kV31, "unknown CVSS v2 metric"},
      {kV31 + " ", "CVSS v3.1 metric A has invalid value"},
      {kV31 + "/AV:N", "duplicate CVSS v3.1 metric AV"},
      {kV31 + "/AV:L", "duplicate CVSS v3.1 metric AV"},
      {"CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS v3.1 metric AV has invalid value"},
      {"CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS v3.1 metric AV has invalid value"},
      {"CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS v3.1 metric AV has invalid value"},
      {"CVSS:3.1/AV:N:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS v3.1 metric AV has invalid value"},
      {"CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown CVSS v3.1 metric"},
      {"CVSS:3.1/AVN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "lacks ':'"},
      {"CVSS:3.1/:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown CVSS v3.1 metric"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H", "missing mandatory CVSS v3.1 metric S"},
      {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "missing mandatory CVSS v3.0 metric A"},
      {kV31 + "/E:Z", "CVSS v3.1 metric E has invalid value"},
      {kV31 + "/AT:N", "unknown CVSS v3.1 metric"},
      {kV40 + "/S:U", "CVSS v4.0 metric S has invalid value"},  // S is Safety in v4.0
      {kV40 + "/E:X/E:A", "duplicate CVSS v4.0 metric E"},
      {kV40 + "/U:red", "CVSS v4.0 metric U has invalid value"},
      {kV40 + "/MSC:S", "CVSS v4.0 metric MSC has invalid value"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
       "missing mandatory CVSS "
       "v4.0 metric SA"},
      {"CVSS:4.0/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H", "unknown CVSS v4.0 metric \"C\""},
      {"AV:N/AC:L/Au:N/C:P/I:P", "missing mandatory CVSS v2 metric A"},
      {"AV:N/AC:L/Au:X/C:P/I:P/A:P", "CVSS v2 metric Au has invalid value"},
      {"AV:N/AC:L/PR:N/C:P/I:P/A:P", "unknown CVSS v2 metric \"PR\""},
      {"AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X", "CVSS v2 metric E has invalid value"},
      {std::string("CVSS:3.1/AV:N\0/AC:L", 19), "metric AV has invalid value \"N\\x00\""},
      {"CVSS:3.1/AV:N/A\xc9\xc9;:N", "unknown CVSS v3.1 metric \"A\\xc9\\xc9;\""},  // fuzzer find
      {std::string(1 << 20, 'A'), "no valid one exceeds"},
      {"CVSS:3.1/" + std::string(600, '/'), "no valid one exceeds"},
  };
  for (const auto& [vector, message] : kCases) {
    SCOPED_TRACE(strings::IsPrintableUtf8(vector) ? vector.substr(0, 80) : "(binary)");
    auto score = ScoreVector(vector);
    ASSERT_FALSE(score.has_value());
    EXPECT_EQ(score.error().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(score.error().message().find(message), std::string::npos) << score.error().message();
    EXPECT_LT(score.error().ToString().size(), 300u);  // the vector is quoted, cut short
  }
}

// Every CVSS vector of the real OSV advisories in ../shared/vulndata scores, and its version is
// the one its severity type names.
TEST(CvssTest, EveryRealOsvVectorScores) {
  std::map<std::string, size_t> counts;
  std::map<std::string, size_t> by_severity;
  formats::json::Parser parser;
  for (const char* folder : {"rustsec/osv", "pypa/osv"}) {
    SCOPED_TRACE(folder);
    std::vector<fs::path> files = testing::ListFiles(kVulndata / folder, ".json");
    ASSERT_FALSE(files.empty()) << kVulndata / folder << " has no advisories";
    for (const fs::path& file : files) {
      std::string text = testing::ReadTextFile(file);
      auto root = parser.Parse(text);
      ASSERT_TRUE(root.has_value()) << file << ": " << root.error().ToString();
      auto record = formats::json::RequiredObject(*root, "record");
      ASSERT_TRUE(record.has_value()) << file;
      auto severities = formats::json::OptionalArray(*record, "severity");
      if (!severities) continue;
      for (formats::json::Element element : *severities) {
        formats::json::Object severity;
        ASSERT_FALSE(element.get(severity)) << file;
        std::string type(formats::json::OptionalString(severity, "type").value_or(""));
        std::string_view vector = formats::json::OptionalString(severity, "score").value_or("");
        if (!type.starts_with("CVSS_V")) continue;
        auto score = ScoreVector(vector);
        ASSERT_TRUE(score.has_value()) << file << ": " << score.error().ToString();
        EXPECT_GE(score->base_score, 0.0) << vector;
        EXPECT_LE(score->base_score, 10.0) << vector;
        bool v3 = score->version == Version::kV30 || score->version == Version::kV31;
        EXPECT_EQ(type == "CVSS_V3", v3) << file << ": " << vector;
        EXPECT_EQ(type == "CVSS_V4", score->version == Version::kV40) << file << ": " << vector;
        ++counts[type];
        ++by_severity[std::string(SeverityName(score->severity))];
      }
    }
  }
  EXPECT_EQ(counts["CVSS_V3"], 562u);
  EXPECT_EQ(counts["CVSS_V4"], 57u);
  // Real advisories span the scale.
  for (const char* severity : {"LOW", "MEDIUM", "HIGH", "CRITICAL"}) {
    EXPECT_GT(by_severity[severity], 0u) << severity;
  }
}

}  // namespace
}  // namespace scry::cvss
