#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/pkg/dpkg/dpkg_analyzer.hpp"
#include "scry/analyzer/pkg/dpkg/dpkg_parser.hpp"
#include "scry/base/limits.hpp"
#include "scry/base/strings.hpp"

namespace scry::analyzer::pkg {
namespace {

TEST(DpkgGoldenTest, AllCases) {
  testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/pkg/dpkg/testdata");
}

TEST(DebianVersionTest, Split) {
  auto v = ParseDebianVersion("1:2.38.1-5+deb12u1");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->epoch, 1);
  EXPECT_EQ(v->upstream, "2.38.1");
  EXPECT_EQ(v->revision, "5+deb12u1");
  v = ParseDebianVersion("2:1.0-beta-3ubuntu1");  // the revision follows the last '-'
  ASSERT_TRUE(v);
  EXPECT_EQ(v->upstream, "1.0-beta");
  EXPECT_EQ(v->revision, "3ubuntu1");
  v = ParseDebianVersion("5.36.0");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->epoch, 0);
  EXPECT_EQ(v->revision, "");
  for (const char* bad : {"", "a1.0", "1.0-", ":1.0", "x:1.0", "-1:1.0", "1.0 2", "1.0-a/b",
                          "99999999999999999999:1"}) {
    EXPECT_FALSE(ParseDebianVersion(bad)) << bad;
  }
}

TEST(DpkgAnalyzerTest, Required) {
  Registry registry;
  RegisterDpkg(registry);
  auto analyzers = registry.CreateAll({});
  const auto& dpkg = *analyzers[0];
  EXPECT_TRUE(dpkg.Required({"var/lib/dpkg/status", 1, 0100644}));
  EXPECT_TRUE(dpkg.Required({"var/lib/dpkg/status.d/libc6", 1, 0100644}));
  EXPECT_TRUE(dpkg.Required({"var/lib/dpkg/status.d/libc6.md5sums", 1, 0100644}));
  EXPECT_TRUE(dpkg.Required({"var/lib/dpkg/info/libc6:amd64.md5sums", 1, 0100644}));
  EXPECT_FALSE(dpkg.Required({"var/lib/dpkg/info/libc6:amd64.list", 1, 0100644}));
  EXPECT_FALSE(dpkg.Required({"var/lib/dpkg/status-old", 1, 0100644}));
  EXPECT_FALSE(dpkg.Required({"var/lib/dpkg/status.d/", 0, 040755}));
  EXPECT_FALSE(dpkg.Required({"var/lib/dpkg/status", 1, 0120777}));
  EXPECT_FALSE(dpkg.Required({"usr/var/lib/dpkg/status", 1, 0100644}));
}

TEST(DpkgAnalyzerTest, OversizedDatabaseIsAnErrorNamingIt) {
  Registry registry;
  RegisterDpkg(registry);
  auto analyzers = registry.CreateAll({});
  FileInfo info{"var/lib/dpkg/status", limits::kMaxPackageDatabaseSize + 1, 0100644};
  Opener never = []() -> Result<std::shared_ptr<const ByteSource>> {
    return Fail(ErrorCode::kInternal, "must not be opened");
  };
  auto result = analyzers[0]->Analyze({info, never});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_NE(result.error().ToString().find("var/lib/dpkg/status"), std::string::npos);
}

std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[65536];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

// This machine's own dpkg database read through the analyzer equals what dpkg-query reports:
// every installed package's name, full version, source name and source version.
TEST(DpkgRealDataTest, MatchesDpkgQuery) {
  const std::filesystem::path root = "/var/lib/dpkg";
  ASSERT_TRUE(std::filesystem::exists(root / "status")) << "not a Debian system";
  std::string query = RunCommand(
      "dpkg-query -W -f='${binary:Package} ${Version} ${source:Package} ${source:Version} "
      "${db:Status-Want} ${db:Status-Status}\\n'");
  std::set<std::string> expected;
  for (std::string_view line : strings::Split(query, '\n')) {
    auto fields = strings::Split(line, ' ');
    if (fields.size() != 6) continue;
    // The same rule as the parser's, stated as dpkg's want/status pair.
    if (fields[4] == "deinstall" || fields[4] == "purge" || fields[5] == "not-installed" ||
        fields[5] == "config-files" || fields[5] == "half-installed") {
      continue;
    }
    std::string name(strings::Cut(fields[0], ":").before);  // libc6:amd64 for Multi-Arch: same
    expected.insert(name + " " + std::string(fields[1]) + " " + std::string(fields[2]) + " " +
                    std::string(fields[3]));
  }
  ASSERT_GT(expected.size(), 50u);

  Registry registry;
  RegisterAllAnalyzers(registry);
  AnalyzerGroup group(registry.CreateAll({}));
  auto open_file = [](const std::filesystem::path& path) -> Opener {
    return [path]() -> Result<std::shared_ptr<const ByteSource>> {
      SCRY_TRY(auto mapped, MappedFile::Open(path));
      return std::shared_ptr<const ByteSource>(std::move(mapped));
    };
  };
  FileInfo status_info{"var/lib/dpkg/status", std::filesystem::file_size(root / "status"), 0100644};
  AnalysisResult result = group.AnalyzeFile(status_info, open_file(root / "status"));
  ASSERT_EQ(result.package_databases.size(), 1u);
  std::set<std::string> actual;
  for (const model::Package& package : result.package_databases[0].packages) {
    actual.insert(package.name + " " + model::FullVersion(package) + " " + package.src_name + " " +
                  model::FullVersion(package, true));
  }
  EXPECT_EQ(actual, expected);

  // md5sums: every file list is attributed to an installed package, and dpkg owns its binary.
  std::set<std::string> names;
  for (const model::Package& package : result.package_databases[0].packages) {
    names.insert(package.name);
  }
  std::map<std::string, std::vector<std::string>> owned;
  size_t lists = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root / "info")) {
    if (entry.path().extension() != ".md5sums") continue;
    ++lists;
    FileInfo info{"var/lib/dpkg/info/" + entry.path().filename().string(),
                  static_cast<uint64_t>(entry.file_size()), 0100644};
    AnalysisResult sums = group.AnalyzeFile(info, open_file(entry.path()));
    ASSERT_EQ(sums.installed_files.size(), 1u) << info.path;
    EXPECT_TRUE(names.count(sums.installed_files[0].package)) << sums.installed_files[0].package;
    owned[sums.installed_files[0].package] = std::move(sums.installed_files[0].paths);
  }
  EXPECT_GT(lists, 50u);
  const auto& dpkg_files = owned["dpkg"];
  EXPECT_NE(std::find(dpkg_files.begin(), dpkg_files.end(), "usr/bin/dpkg"), dpkg_files.end());
}

}  // namespace
}  // namespace scry::analyzer::pkg
