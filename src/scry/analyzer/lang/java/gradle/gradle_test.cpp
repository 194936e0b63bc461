#include <gtest/gtest.h>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/lang/java/gradle/gradle_lock_parser.hpp"

namespace scry::analyzer::lang::java {
namespace {

TEST(GradleLockGoldenTest, AllCases) {
  testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/lang/java/gradle/testdata");
}

TEST(GradleLockParserTest, BinaryIsRefused) {
  auto parsed = ParseGradleLockfile(std::string("a:b:1=x\0", 8));
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace scry::analyzer::lang::java
