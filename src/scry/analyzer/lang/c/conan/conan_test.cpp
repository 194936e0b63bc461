#include <gtest/gtest.h>

#include <string>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/lang/c/conan/conan_analyzer.hpp"
#include "scry/analyzer/lang/c/conan/conan_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::c {
namespace {

TEST(ConanGoldenTest, AllCases) {
  testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/lang/c/conan/testdata");
}

TEST(ConanReferenceTest, Forms) {
  auto full = ParseConanReference("pkg/1.0@user/channel#rrev%123.4:pkgid#prev");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->name, "pkg");
  EXPECT_EQ(full->version, "1.0");
  EXPECT_EQ(full->user_channel, "user/channel");
  EXPECT_EQ(full->revision, "rrev");
  auto plain = ParseConanReference("zlib/1.2.13");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->version, "1.2.13");
  EXPECT_TRUE(plain->user_channel.empty());
  auto underscore = ParseConanReference("zlib/1.2.13@_/_#r");
  ASSERT_TRUE(underscore);
  EXPECT_TRUE(underscore->user_channel.empty());
  EXPECT_FALSE(ParseConanReference("zlib"));
  EXPECT_FALSE(ParseConanReference("/1.0"));
  EXPECT_FALSE(ParseConanReference("zlib/"));
  EXPECT_FALSE(ParseConanReference("a/b/c"));
  EXPECT_FALSE(ParseConanReference(""));
}

TEST(ConanAnalyzerTest, RequiredScopeAndLimit) {
  Registry registry;
  RegisterConanLock(registry);
  auto analyzers = registry.CreateAll({AnalyzerScope::kLockfile});
  ASSERT_EQ(analyzers.size(), 1u);
  EXPECT_TRUE(registry.CreateAll({AnalyzerScope::kInstalled}).empty());
  const auto& conan = *analyzers[0];
  EXPECT_TRUE(conan.Required({"conan.lock", 1, 0100644}));
  EXPECT_TRUE(conan.Required({"src/app/conan.lock", 1, 0100644}));
  EXPECT_FALSE(conan.Required({"src/app/conan.lock", 1, 0120777}));
  EXPECT_FALSE(conan.Required({"src/app/myconan.lock", 1, 0100644}));
  FileInfo big{"app/conan.lock", limits::kMaxLockfileSize + 1, 0100644};
  Opener never = []() -> Result<std::shared_ptr<const ByteSource>> {
    return Fail(ErrorCode::kInternal, "must not be opened");
  };
  auto result = conan.Analyze({big, never});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_NE(result.error().ToString().find("app/conan.lock"), std::string::npos);
  // The size the walker reported may be stale: the content is checked too.
  FileInfo small{"app/conan.lock", 10, 0100644};
  auto huge = std::make_shared<OwnedBytes>(std::vector<uint8_t>(limits::kMaxLockfileSize + 1, ' '));
  Opener open_huge = [huge]() -> Result<std::shared_ptr<const ByteSource>> { return huge; };
  auto lied = conan.Analyze({small, open_huge});
  ASSERT_FALSE(lied.has_value());
  EXPECT_EQ(lied.error().code(), ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace scry::analyzer::lang::c
