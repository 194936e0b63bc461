#include <gtest/gtest.h>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/lang/swift/swiftpm/swiftpm_parser.hpp"

namespace scry::analyzer::lang::swift {
namespace {

TEST(SwiftPmGoldenTest, AllCases) {
  testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/lang/swift/swiftpm/testdata");
}

TEST(SwiftPmParserTest, EmptyViewWithoutData) {
  // An empty file's bytes may have a null pointer: an error, not undefined behaviour.
  auto parsed = ParsePackageResolved(std::string_view());
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidInput);
}

TEST(SwiftPackageNameTest, Locations) {
  EXPECT_EQ(SwiftPackageName("https://github.com/apple/swift-nio.git"),
            "github.com/apple/swift-nio");
  EXPECT_EQ(SwiftPackageName("https://github.com/apple/swift-nio"), "github.com/apple/swift-nio");
  EXPECT_EQ(SwiftPackageName("http://host/a/b/"), "host/a/b");
  EXPECT_EQ(SwiftPackageName("https://user:token@host/a/b.git"), "host/a/b");
  EXPECT_EQ(SwiftPackageName("git@github.com:apple/swift-nio.git"), "github.com/apple/swift-nio");
  EXPECT_EQ(SwiftPackageName("ssh://git@host:7999/a/b.git"), "host:7999/a/b");
  EXPECT_EQ(SwiftPackageName("/Users/dev/pkg"), "/Users/dev/pkg");
  EXPECT_EQ(SwiftPackageName(""), "");
}

}  // namespace
}  // namespace scry::analyzer::lang::swift
