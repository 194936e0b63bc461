#include <gtest/gtest.h>

#include <map>
#include <string>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/lang/golang/mod/gomod_analyzer.hpp"
#include "scry/analyzer/lang/golang/mod/gomod_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::golang {
namespace {

// Like testing::RunAnalyzerGoldens, but only the go.mod analyzer, with the txtar's other files
// readable as siblings (go.sum, go.work, vendor/modules.txt), as in a file system scan.
void RunGoModGoldens(const std::filesystem::path& dir) {
  Registry registry;
  RegisterGoMod(registry);
  auto analyzers = registry.CreateAll({});
  ASSERT_EQ(analyzers.size(), 1u);
  const Analyzer& analyzer = *analyzers[0];
  auto cases = scry::testing::ListFiles(dir, ".txtar");
  ASSERT_FALSE(cases.empty()) << dir;
  for (const auto& path : cases) {
    SCOPED_TRACE(path.string());
    auto archive = formats::ParseTxtar(scry::testing::ReadTextFile(path));
    std::map<std::string, std::string> files;
    for (const auto& file : archive.files) files[file.name] = file.content;
    SiblingReader siblings =
        [&files](std::string_view name) -> Result<std::shared_ptr<const ByteSource>> {
      auto found = files.find(std::string(name));
      if (found == files.end()) return Fail(ErrorCode::kNotFound, "{}: no such file", name);
      return testing::TextOpener(found->second)();
    };
    nlohmann::ordered_json out;
    out["files"] = nlohmann::ordered_json::array();
    for (const auto& [name, content] : files) {
      FileInfo info{name, content.size(), 0100644};
      if (!analyzer.Required(info)) continue;
      Opener open = testing::TextOpener(content);
      auto result = analyzer.Analyze(AnalysisInput{info, open, &siblings});
      nlohmann::ordered_json entry{{"path", name}};
      if (result) {
        entry["gomod"] = testing::ResultJson(*result);
      } else {
        entry["gomod"] = {{"error", result.error().ToString()}};
      }
      out["files"].push_back(entry);
    }
    auto golden = path;
    golden.replace_extension(".golden.json");
    EXPECT_TRUE(scry::testing::MatchesGolden(golden, out.dump(2) + "\n"));
  }
}

TEST(GoModGoldenTest, AllCases) { RunGoModGoldens(SCRY_MODULE_DIR "/lang/golang/mod/testdata"); }

TEST(GoModAnalyzerTest, RequiredScopeAndLimit) {
  Registry registry;
  RegisterGoMod(registry);
  auto analyzers = registry.CreateAll({});
  const Analyzer& gomod = *analyzers[0];
  EXPECT_EQ(gomod.Scope(), AnalyzerScope::kLockfile);
  EXPECT_TRUE(gomod.Required({"go.mod", 1, 0100644}));
  EXPECT_TRUE(gomod.Required({"a/b/go.mod", 1, 0100644}));
  EXPECT_FALSE(gomod.Required({"a/notgo.mod", 1, 0100644}));
  EXPECT_FALSE(gomod.Required({"go.sum", 1, 0100644}));
  EXPECT_FALSE(gomod.Required({"go.work", 1, 0100644}));
  EXPECT_FALSE(gomod.Required({"go.mod", 1, 0120777}));
  FileInfo big{"x/go.mod", limits::kMaxGoModFileSize + 1, 0100644};
  Opener never = []() -> Result<std::shared_ptr<const ByteSource>> {
    return Fail(ErrorCode::kInternal, "must not be opened");
  };
  auto result = gomod.Analyze({big, never});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_NE(result.error().ToString().find("x/go.mod"), std::string::npos);
}

TEST(GoModParserTest, CompareModuleVersions) {
  struct Case {
    const char* a;
    const char* b;
    int order;
  } cases[] = {
      {"v1.2.10", "v1.2.9", 1},
      {"v1.0.0-rc.1", "v1.0.0", -1},
      {"v1.0.0-rc.2", "v1.0.0-rc.10", -1},
      {"v1.0.0-alpha", "v1.0.0-1", 1},
      {"v1.0.0+incompatible", "v1.0.0", 0},
      {"v2.0.0+incompatible", "v1.9.9", 1},
      {"v0.0.0-20191026070338-33540a1f6037", "v0.10.0", -1},
      {"", "v0.1.0", -1},
      {"garbage", "v0.0.1", -1},
      {"v1.2", "v1.2.0", -1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CompareModuleVersions(c.a, c.b), c.order) << c.a << " vs " << c.b;
    EXPECT_EQ(CompareModuleVersions(c.b, c.a), -c.order) << c.b << " vs " << c.a;
  }
}

TEST(GoModParserTest, GoDirectiveAndStdlib) {
  EXPECT_TRUE(GoDirectiveBefore("1.16", 1, 17));
  EXPECT_TRUE(GoDirectiveBefore("", 1, 17));
  EXPECT_TRUE(GoDirectiveBefore("1.16.3", 1, 17));
  EXPECT_FALSE(GoDirectiveBefore("1.17", 1, 17));
  EXPECT_FALSE(GoDirectiveBefore("1.21rc1", 1, 17));
  EXPECT_FALSE(GoDirectiveBefore("2.0", 1, 17));
  EXPECT_EQ(StdlibVersion("go1.22.5"), "v1.22.5");
  EXPECT_EQ(StdlibVersion("1.22.5"), "v1.22.5");
  EXPECT_EQ(StdlibVersion("1.22"), "");
  EXPECT_EQ(StdlibVersion("1.21rc1"), "");
  EXPECT_EQ(StdlibVersion("go1.22.5+auto"), "");
  EXPECT_EQ(StdlibVersion("default"), "");
}

TEST(GoModParserTest, VendorModulesErrors) {
  EXPECT_FALSE(ParseVendorModules("## explicit\n").has_value());
  EXPECT_FALSE(ParseVendorModules("golang.org/x/sys/unix\n").has_value());
  EXPECT_FALSE(ParseVendorModules("# a b c d\n").has_value());
  auto ok = ParseVendorModules("# a v1.0.0\n## explicit; go 1.17\na/b\n# c => ./c\n");
  ASSERT_TRUE(ok.has_value());
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_TRUE((*ok)[0].explicit_requirement);
  EXPECT_EQ((*ok)[0].packages, std::vector<std::string>{"a/b"});
  EXPECT_EQ((*ok)[1].new_path, "./c");
}

TEST(GoModParserTest, GoWork) {
  auto work =
      ParseGoWork("go 1.22\ntoolchain go1.22.3\nuse ./a\nuse (\n  b // tools\n  \"./c d\"\n)\n");
  ASSERT_TRUE(work.has_value());
  EXPECT_EQ(work->uses, (std::vector<std::string>{"./a", "b", "./c d"}));
  EXPECT_EQ(work->toolchain, "go1.22.3");
  EXPECT_FALSE(ParseGoWork("use (\n./a\n").has_value());
}

}  // namespace
}  // namespace scry::analyzer::lang::golang
