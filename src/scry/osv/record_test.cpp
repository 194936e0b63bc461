#include "scry/osv/record.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "golden.hpp"

namespace scry::osv {
namespace {

namespace fs = std::filesystem;

const fs::path kVulndata = fs::path(SCRY_SOURCE_DIR) / ".." / "shared" / "vulndata";

TEST(OsvRecordTest, GoVulndbRecord) {
  auto record = ParseRecord(testing::ReadTextFile(kVulndata / "go/osv/GO-2022-1059.json"));
  ASSERT_TRUE(record.has_value()) << record.error().ToString();
  EXPECT_EQ(record->id, "GO-2022-1059");
  EXPECT_EQ(record->aliases, (std::vector<std::string>{"CVE-2022-32149", "GHSA-69ch-w2m2-3vjp"}));
  ASSERT_EQ(record->affected.size(), 1u);
  const Affected& affected = record->affected[0];
  EXPECT_EQ(affected.ecosystem, "Go");
  EXPECT_EQ(affected.name, "golang.org/x/text");
  ASSERT_EQ(affected.ranges.size(), 1u);
  EXPECT_EQ(affected.ranges[0].type, Range::Type::kSemver);
  ASSERT_EQ(affected.ranges[0].events.size(), 2u);
  EXPECT_EQ(affected.ranges[0].events[0].kind, Event::Kind::kIntroduced);
  EXPECT_EQ(affected.ranges[0].events[0].version, "0");
  EXPECT_EQ(affected.ranges[0].events[1].kind, Event::Kind::kFixed);
  EXPECT_EQ(affected.ranges[0].events[1].version, "0.3.8");
  ASSERT_EQ(affected.go_imports.size(), 1u);
  EXPECT_EQ(affected.go_imports[0].path, "golang.org/x/text/language");
  EXPECT_EQ(affected.go_imports[0].symbols.size(), 2u);
  EXPECT_EQ(record->references.size(), 3u);
  EXPECT_FALSE(record->source_url.empty());
}

// Every real record of every OSV source in ../shared/vulndata parses; counts match the READMEs.
TEST(OsvRecordTest, EveryRealRecordParses) {
  struct Source {
    const char* folder;
    size_t records;
    size_t withdrawn;
  };
  for (const Source& source :
       {Source{"go/osv", 4291, 17}, Source{"rustsec/osv", 1206, 0}, Source{"pypa/osv", 2661, 0}}) {
    SCOPED_TRACE(source.folder);
    size_t records = 0;
    size_t withdrawn = 0;
    std::vector<std::string> failures;
    std::error_code error;
    for (const auto& entry : fs::recursive_directory_iterator(kVulndata / source.folder, error)) {
      if (entry.path().extension() != ".json") continue;
      auto record = ParseRecord(testing::ReadTextFile(entry.path()));
      if (!record) {
        failures.push_back(entry.path().filename().string() + ": " + record.error().ToString());
        continue;
      }
      ++records;
      if (!record->withdrawn.empty()) ++withdrawn;
    }
    ASSERT_FALSE(error) << error.message();
    EXPECT_TRUE(failures.empty()) << failures.size() << " failures, first: " << failures.front();
    EXPECT_EQ(records, source.records);
    EXPECT_GE(withdrawn, source.withdrawn);
  }
}

TEST(OsvRecordTest, SeveritiesAndDatabaseSpecific) {
  auto record = ParseRecord(R"({"id": "GHSA-xxxx", "modified": "2024-01-01T00:00:00Z",
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
    "database_specific": {"severity": "CRITICAL", "cwe_ids": ["CWE-79", 7]},
    "affected": [{"package": {"ecosystem": "PyPI", "name": "Django"},
                  "versions": ["1.0", "1.1"], "database_specific": {"severity": "LOW"},
                  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"},
                             {"last_affected": "1.1"}, {"limit": "2.0"}]}]}],
    "unknown_field": {"ignored": true}})");
  ASSERT_TRUE(record.has_value()) << record.error().ToString();
  ASSERT_EQ(record->severity.size(), 1u);
  EXPECT_EQ(record->severity[0].type, "CVSS_V3");
  EXPECT_EQ(record->database_severity, "CRITICAL");
  EXPECT_EQ(record->cwe_ids, std::vector<std::string>{"CWE-79"});
  ASSERT_EQ(record->affected.size(), 1u);
  EXPECT_EQ(record->affected[0].versions.size(), 2u);
  EXPECT_EQ(record->affected[0].database_severity, "LOW");
  ASSERT_EQ(record->affected[0].ranges[0].events.size(), 3u);
  EXPECT_EQ(record->affected[0].ranges[0].events[2].kind, Event::Kind::kLimit);
}

TEST(OsvRecordTest, RejectsMalformedRecords) {
  std::map<std::string, std::string> cases = {
      {"not json", "{"},
      {"not an object", "[]"},
      {"no id", R"({"modified": "x"})"},
      {"empty id", R"({"id": "", "modified": "x"})"},
      {"no modified", R"({"id": "X"})"},
      {"bad range type",
       R"({"id": "X", "modified": "x", "affected": [{"ranges": [{"type": "OTHER", "events": []}]}]})"},
      {"event with two kinds",
       R"({"id": "X", "modified": "x", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1"}]}]}]})"},
      {"event version not a string",
       R"({"id": "X", "modified": "x", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"fixed": 1}]}]}]})"},
      {"range without events",
       R"({"id": "X", "modified": "x", "affected": [{"ranges": [{"type": "SEMVER"}]}]})"},
  };
  for (const auto& [name, text] : cases) {
    auto record = ParseRecord(text);
    EXPECT_FALSE(record.has_value()) << name;
    if (!record) {
      EXPECT_EQ(record.error().code(), ErrorCode::kInvalidInput) << name;
    }
  }
  std::string deep(100000, '[');
  auto too_deep = ParseRecord(deep);
  ASSERT_FALSE(too_deep.has_value());
}

}  // namespace
}  // namespace scry::osv
