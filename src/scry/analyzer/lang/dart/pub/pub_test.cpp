#include <gtest/gtest.h>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/lang/dart/pub/pub_parser.hpp"

namespace scry::analyzer::lang::dart {
namespace {

TEST(PubGoldenTest, AllCases) {
  testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/lang/dart/pub/testdata");
}

TEST(PubParserTest, YamlLimitsAreTheLockfileLimits) {
  // formats/yaml's default 64 MiB would refuse a legal 70 MB lockfile; the parser raises it to
  // limits::kMaxLockfileSize.
  std::string big = "packages:\n  a:\n    dependency: transitive\n    version: \"1.0.0\"\n";
  big += "# " + std::string(70u << 20, 'x') + "\n";
  auto parsed = ParsePubspecLock(big);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  ASSERT_EQ(parsed->packages.size(), 1u);
  EXPECT_EQ(parsed->packages[0].id, "a@1.0.0");
}

}  // namespace
}  // namespace scry::analyzer::lang::dart
