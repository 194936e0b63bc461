#include <gtest/gtest.h>

#include <string>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/pkg/apk/apk_analyzer.hpp"
#include "scry/analyzer/pkg/apk/apk_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::pkg {
namespace {

TEST(ApkGoldenTest, AllCases) { testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/pkg/apk/testdata"); }

TEST(ApkParserTest, EmptyAndBinary) {
  auto empty = ParseApkInstalled("");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->packages.empty());
  auto binary = ParseApkInstalled(std::string("P:x\0\n", 5));
  ASSERT_FALSE(binary.has_value());
  EXPECT_EQ(binary.error().code(), ErrorCode::kInvalidInput);
}

TEST(ApkAnalyzerTest, RequiredAndLimit) {
  Registry registry;
  RegisterApk(registry);
  auto analyzers = registry.CreateAll({});
  const auto& apk = *analyzers[0];
  EXPECT_TRUE(apk.Required({"lib/apk/db/installed", 1, 0100644}));
  EXPECT_FALSE(apk.Required({"lib/apk/db/installed", 1, 0120777}));
  EXPECT_FALSE(apk.Required({"lib/apk/db/lock", 1, 0100644}));
  FileInfo big{"lib/apk/db/installed", limits::kMaxPackageDatabaseSize + 1, 0100644};
  Opener never = []() -> Result<std::shared_ptr<const ByteSource>> {
    return Fail(ErrorCode::kInternal, "must not be opened");
  };
  auto result = apk.Analyze({big, never});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_NE(result.error().ToString().find("lib/apk/db/installed"), std::string::npos);
}

}  // namespace
}  // namespace scry::analyzer::pkg
