#include "scry/policy/vex.hpp"

#include <gtest/gtest.h>

namespace scry::policy {
namespace {

TEST(OpenVexTest, StatementsWithAliasesAndSubcomponents) {
  auto parsed = ParseVex(R"({
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/1",
  "author": "Example",
  "timestamp": "2024-01-01T00:00:00Z",
  "version": 1,
  "statements": [
    { "vulnerability": {"name": "CVE-2022-32149", "aliases": ["GO-2022-1059"]},
      "products": [{"@id": "pkg:oci/app", "subcomponents": [{"@id": "pkg:golang/golang.org/x/text@v0.3.7"}]}],
      "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
      "impact_statement": "never parses language tags" },
    { "vulnerability": {"@id": "https://pkg.go.dev/vuln/GO-2023-1571", "name": "GO-2023-1571"},
      "products": [{"@id": "pkg:golang/golang.org/x/net"}],
      "status": "fixed", "timestamp": "2024-02-01T00:00:00Z" },
    { "vulnerability": "CVE-2020-1", "products": [{"identifiers": {"purl": "pkg:npm/a"}}],
      "status": "under_investigation" }
  ]
})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  EXPECT_EQ(parsed->format, "openvex");
  EXPECT_EQ(parsed->id, "https://example.com/vex/1");
  ASSERT_EQ(parsed->statements.size(), 3u);
  const auto& first = parsed->statements[0];
  EXPECT_EQ(first.vulnerability_ids, (std::vector<std::string>{"CVE-2022-32149", "GO-2022-1059"}));
  EXPECT_EQ(first.purls, std::vector<std::string>{"pkg:golang/golang.org/x/text@v0.3.7"});
  EXPECT_EQ(first.status, VexStatus::kNotAffected);
  EXPECT_EQ(first.justification, "vulnerable_code_not_in_execute_path");
  EXPECT_EQ(first.detail, "never parses language tags");
  EXPECT_EQ(first.timestamp, "2024-01-01T00:00:00Z");
  EXPECT_EQ(parsed->statements[1].vulnerability_ids,
            (std::vector<std::string>{"GO-2023-1571", "https://pkg.go.dev/vuln/GO-2023-1571"}));
  EXPECT_EQ(parsed->statements[1].timestamp, "2024-02-01T00:00:00Z");
  EXPECT_EQ(parsed->statements[1].status, VexStatus::kFixed);
  EXPECT_EQ(parsed->statements[2].purls, std::vector<std::string>{"pkg:npm/a"});
}

TEST(OpenVexTest, Errors) {
  const char* context = R"("@context": "https://openvex.dev/ns/v0.2.0")";
  EXPECT_FALSE(ParseOpenVex("{").has_value());
  EXPECT_FALSE(ParseOpenVex(std::string("{") + context + "}").has_value());
  auto unknown = ParseOpenVex(std::string("{") + context +
                              R"(, "statements": [{"vulnerability": {"name": "CVE-1"},
                                 "status": "fine"}]})");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().message().find("statement 1"), std::string::npos);
  EXPECT_FALSE(
      ParseOpenVex(std::string("{") + context + R"(, "statements": [{"status": "fixed"}]})")
          .has_value());
  EXPECT_FALSE(ParseVex(R"({"statements": []})").has_value());
}

TEST(CycloneDxVexTest, AnalysisStatesAndRefs) {
  auto parsed = ParseVex(R"({
  "bomFormat": "CycloneDX", "specVersion": "1.5", "serialNumber": "urn:uuid:1",
  "metadata": {"timestamp": "2024-03-01T00:00:00Z"},
  "components": [
    {"bom-ref": "app", "name": "app", "purl": "pkg:oci/app",
     "components": [{"bom-ref": "text", "purl": "pkg:golang/golang.org/x/text@v0.3.7"}]}
  ],
  "vulnerabilities": [
    {"id": "GHSA-69ch-w2m2-3vjp", "references": [{"id": "CVE-2022-32149"}],
     "analysis": {"state": "false_positive", "justification": "code_not_reachable", "detail": "d"},
     "affects": [{"ref": "text"}, {"ref": "pkg:golang/golang.org/x/net@v0.7.0"},
                 {"ref": "urn:cdx:1234/1#text"}, {"ref": "unknown-ref"}]},
    {"id": "CVE-2", "analysis": {"state": "resolved", "lastUpdated": "2024-04-01T00:00:00Z"}},
    {"id": "CVE-3", "analysis": {"state": "exploitable"}},
    {"id": "CVE-4", "analysis": {"state": "in_triage"}},
    {"id": "CVE-5"}
  ]
})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  EXPECT_EQ(parsed->format, "cyclonedx");
  ASSERT_EQ(parsed->statements.size(), 4u);
  const auto& first = parsed->statements[0];
  EXPECT_EQ(first.vulnerability_ids,
            (std::vector<std::string>{"GHSA-69ch-w2m2-3vjp", "CVE-2022-32149"}));
  EXPECT_EQ(first.status, VexStatus::kNotAffected);
  EXPECT_EQ(first.original_status, "false_positive");
  EXPECT_EQ(first.purls, (std::vector<std::string>{"pkg:golang/golang.org/x/text@v0.3.7",
                                                   "pkg:golang/golang.org/x/net@v0.7.0"}));
  EXPECT_EQ(first.timestamp, "2024-03-01T00:00:00Z");
  EXPECT_EQ(parsed->statements[1].status, VexStatus::kFixed);
  EXPECT_EQ(parsed->statements[1].timestamp, "2024-04-01T00:00:00Z");
  EXPECT_EQ(parsed->statements[2].status, VexStatus::kAffected);
  EXPECT_EQ(parsed->statements[3].status, VexStatus::kUnderInvestigation);
}

TEST(CycloneDxVexTest, Errors) {
  EXPECT_FALSE(ParseCycloneDxVex(R"({"bomFormat": "CycloneDX"})").has_value());
  EXPECT_FALSE(ParseCycloneDxVex(
                   R"({"bomFormat": "CycloneDX", "vulnerabilities": [{"id": "CVE-1",
                       "analysis": {"state": "maybe"}}]})")
                   .has_value());
  std::string deep = R"({"bomFormat": "CycloneDX", "vulnerabilities": [], "components": )";
  for (int i = 0; i < 100; ++i) deep += R"([{"components": )";
  deep += "[]";
  for (int i = 0; i < 100; ++i) deep += "}]";
  deep += "}";
  EXPECT_FALSE(ParseCycloneDxVex(deep).has_value());
}

}  // namespace
}  // namespace scry::policy
