#include <gtest/gtest.h>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::dotnet {
namespace {

TEST(NugetGoldenTest, AllCases) {
  testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/lang/dotnet/nuget/testdata");
}

}  // namespace
}  // namespace scry::analyzer::lang::dotnet

namespace scry::analyzer::lang::dotnet {
namespace {

// Every lockfile analyzer refuses a file over the limit before reading it, naming the file.
TEST(DotnetAnalyzersTest, OversizedFilesAreRefusedUnread) {
  Registry registry;
  RegisterAllAnalyzers(registry);
  Opener never = []() -> Result<std::shared_ptr<const ByteSource>> {
    return Fail(ErrorCode::kInternal, "must not be opened");
  };
  int checked = 0;
  for (const char* path : {"a/packages.lock.json", "a/packages.config", "a/x.deps.json",
                           "a/Directory.Packages.props", "gradle.lockfile"}) {
    FileInfo big{path, limits::kMaxLockfileSize + 1, 0100644};
    for (const auto& analyzer : registry.CreateAll({})) {
      // Binary analyzers (Go, Rust) take every file and sniff it; only the lockfile ones count.
      const AnalyzerType type = analyzer->Type();
      if (!analyzer->Required(big) ||
          (type != AnalyzerType::kNuget && type != AnalyzerType::kDotnetDeps &&
           type != AnalyzerType::kPackagesProps && type != AnalyzerType::kGradleLock)) {
        continue;
      }
      auto result = analyzer->Analyze({big, never});
      ASSERT_FALSE(result.has_value()) << path;
      EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
      EXPECT_NE(result.error().ToString().find(path), std::string::npos);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 5);
}

}  // namespace
}  // namespace scry::analyzer::lang::dotnet
