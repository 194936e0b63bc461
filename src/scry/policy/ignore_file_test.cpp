#include "scry/policy/ignore_file.hpp"

#include <gtest/gtest.h>

namespace scry::policy {
namespace {

TEST(PlainIgnoreFileTest, IdsExpiryAndComments) {
  auto parsed = ParsePlainIgnoreFile(
      "# accepted risks\n"
      "\n"
      "CVE-2022-32149\n"
      "  GO-2023-1571   exp:2020-01-31  # expired\n"
      "GHSA-xxxx-yyyy-zzzz exp:2099-12-31 note\r\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  ASSERT_EQ(parsed->vulnerabilities.size(), 3u);
  EXPECT_EQ(parsed->vulnerabilities[0].id, "CVE-2022-32149");
  EXPECT_EQ(parsed->vulnerabilities[0].line, 3u);
  EXPECT_EQ(parsed->vulnerabilities[0].expires, "");
  EXPECT_EQ(parsed->vulnerabilities[1].id, "GO-2023-1571");
  EXPECT_EQ(parsed->vulnerabilities[1].expires, "2020-01-31");
  EXPECT_EQ(parsed->vulnerabilities[2].id, "GHSA-xxxx-yyyy-zzzz");
  EXPECT_EQ(parsed->vulnerabilities[2].expires, "2099-12-31");
  EXPECT_EQ(parsed->vulnerabilities[2].line, 5u);
}

TEST(PlainIgnoreFileTest, RejectsBadDates) {
  for (const char* text :
       {"CVE-1 exp:2024-13-01\n", "CVE-1 exp:2023-02-29\n", "CVE-1 exp:soon\n", "CVE-1 exp:\n"}) {
    auto parsed = ParsePlainIgnoreFile(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_NE(parsed.error().message().find("line 1"), std::string::npos);
  }
  EXPECT_TRUE(ParsePlainIgnoreFile("CVE-1 exp:2024-02-29\n").has_value());
}

TEST(YamlIgnoreFileTest, TrivyDocumentedForm) {
  auto parsed = ParseYamlIgnoreFile(R"(vulnerabilities:
  - id: CVE-2022-40897
    paths:
      - "usr/local/lib/python3.9/site-packages/setuptools-58.1.0.dist-info/METADATA"
    statement: Accept the risk
  - id: CVE-2023-2650
  - id: CVE-2023-3446
    purls:
      - "pkg:deb/debian/libssl1.1"
    expired_at: 2023-09-01
  - id: GHSA-1
    expired_at: 2030-01-02T00:00:00Z
misconfigurations:
  - id: AVD-DS-0001
secrets:
)");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  ASSERT_EQ(parsed->vulnerabilities.size(), 4u);
  EXPECT_EQ(parsed->vulnerabilities[0].paths.size(), 1u);
  EXPECT_EQ(parsed->vulnerabilities[0].statement, "Accept the risk");
  EXPECT_EQ(parsed->vulnerabilities[0].line, 2u);
  EXPECT_EQ(parsed->vulnerabilities[2].purls, std::vector<std::string>{"pkg:deb/debian/libssl1.1"});
  EXPECT_EQ(parsed->vulnerabilities[2].expires, "2023-09-01");
  EXPECT_EQ(parsed->vulnerabilities[3].expires, "2030-01-02");
  EXPECT_EQ(parsed->others.size(), 1u);
}

TEST(YamlIgnoreFileTest, Errors) {
  EXPECT_FALSE(ParseYamlIgnoreFile("- CVE-1\n").has_value());
  EXPECT_FALSE(ParseYamlIgnoreFile("vulnerabilities: CVE-1\n").has_value());
  EXPECT_FALSE(ParseYamlIgnoreFile("vulnerabilities:\n  - paths: [a]\n").has_value());
  EXPECT_FALSE(ParseYamlIgnoreFile("vulnerabilities:\n  - id: CVE-1\n    expired_at: tomorrow\n")
                   .has_value());
  EXPECT_FALSE(ParseYamlIgnoreFile("vulnerabilities: [\n").has_value());
  auto empty = ParseYamlIgnoreFile("");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->vulnerabilities.empty());
}

}  // namespace
}  // namespace scry::policy
