#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/os/os_analyzer.hpp"
#include "scry/analyzer/os/os_release_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::os {
namespace {

// Every testdata/<case>.txtar is one file system's release files; the golden holds each file's
// OsInfo and the combined answer.
TEST(OsGoldenTest, AllCases) { testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/os/testdata"); }

TEST(CombineOsTest, IndependentOfOrder) {
  std::vector<OsFinding> findings{
      {"etc/debian_version", {"debian", "bookworm/sid"}},
      {"etc/os-release", {"ubuntu", "22.04"}},
      {"etc/lsb-release", {"ubuntu", "22.04"}},
      {"usr/lib/os-release", {"ubuntu", ""}},
  };
  std::sort(findings.begin(), findings.end(),
            [](const OsFinding& a, const OsFinding& b) { return a.path < b.path; });
  do {
    auto combined = CombineOs(findings);
    ASSERT_TRUE(combined.has_value());
    EXPECT_EQ(combined->family, "ubuntu");
    EXPECT_EQ(combined->name, "22.04");
  } while (std::next_permutation(
      findings.begin(), findings.end(),
      [](const OsFinding& a, const OsFinding& b) { return a.path < b.path; }));
  EXPECT_FALSE(CombineOs({}).has_value());
}

// A Debian point release from debian_version beats os-release's major version, but a codename
// ("bookworm/sid") does not.
TEST(CombineOsTest, DebianPointRelease) {
  std::vector<OsFinding> point{{"etc/os-release", {"debian", "12"}},
                               {"etc/debian_version", {"debian", "12.5"}}};
  EXPECT_EQ(CombineOs(point)->name, "12.5");
  std::vector<OsFinding> codename{{"etc/os-release", {"debian", "12"}},
                                  {"etc/debian_version", {"debian", "bookworm/sid"}}};
  EXPECT_EQ(CombineOs(codename)->name, "12");
}

TEST(OsAnalyzerTest, RequiredOnlyForReleaseFiles) {
  Registry registry;
  RegisterOs(registry);
  auto analyzers = registry.CreateAll({});
  ASSERT_EQ(analyzers.size(), 1u);
  EXPECT_TRUE(analyzers[0]->Required({"etc/os-release", 100, 0100644}));
  EXPECT_TRUE(analyzers[0]->Required({"etc/debian_version", 5, 0100644}));
  EXPECT_FALSE(analyzers[0]->Required({"etc/os-release", 0, 0120777}));  // a symlink entry
  EXPECT_FALSE(analyzers[0]->Required({"x/etc/os-release", 100, 0100644}));
  EXPECT_FALSE(analyzers[0]->Required({"etc/issue", 100, 0100644}));
}

TEST(OsAnalyzerTest, OversizedFileIsAnErrorNamingIt) {
  Registry registry;
  RegisterOs(registry);
  auto analyzers = registry.CreateAll({});
  std::string big(limits::kMaxOsReleaseFileSize + 1, 'x');
  FileInfo info{"etc/os-release", big.size(), 0100644};
  Opener open = testing::TextOpener(big);
  auto result = analyzers[0]->Analyze({info, open});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_NE(result.error().ToString().find("etc/os-release"), std::string::npos);
  // A walker that reports a smaller size than the content has is caught after opening.
  info.size = 10;
  result = analyzers[0]->Analyze({info, open});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace scry::analyzer::os
