#include <gtest/gtest.h>

#include <map>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/lang/java/pom/pom_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::java {
namespace {

// Like testing::RunAnalyzerGoldens, with a sibling reader over the case's files so that parents
// are found as in a file system scan.
TEST(PomGoldenTest, AllCases) {
  Registry registry;
  RegisterAllAnalyzers(registry);
  auto analyzers = registry.CreateAll({});
  auto cases = scry::testing::ListFiles(SCRY_MODULE_DIR "/lang/java/pom/testdata", ".txtar");
  ASSERT_FALSE(cases.empty());
  for (const auto& path : cases) {
    SCOPED_TRACE(path.string());
    auto archive = formats::ParseTxtar(scry::testing::ReadTextFile(path));
    std::map<std::string, std::string, std::less<>> files;
    for (const auto& file : archive.files) files[file.name] = file.content;
    SiblingReader siblings =
        [&files](std::string_view name) -> Result<std::shared_ptr<const ByteSource>> {
      auto it = files.find(name);
      if (it == files.end()) return Fail(ErrorCode::kNotFound, "no {}", name);
      return std::make_shared<OwnedBytes>(
          std::vector<uint8_t>(it->second.begin(), it->second.end()));
    };
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& file : archive.files) {
      FileInfo info{file.name, file.content.size(), 0100644};
      Opener open = testing::TextOpener(file.content);
      for (const auto& analyzer : analyzers) {
        if (analyzer->Type() != AnalyzerType::kPom || !analyzer->Required(info)) continue;
        auto result = analyzer->Analyze(AnalysisInput{info, open, &siblings});
        out.push_back(
            {{"path", file.name},
             {"pom", result ? testing::ResultJson(*result)
                            : nlohmann::ordered_json{{"error", result.error().ToString()}}}});
      }
    }
    auto golden = path;
    golden.replace_extension(".golden.json");
    EXPECT_TRUE(scry::testing::MatchesGolden(golden, out.dump(2) + "\n"));
  }
}

TEST(PomParserTest, WithoutSiblingsParentsAreNotFollowed) {
  auto model = ParsePomXml(
      "<project><parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version>"
      "</parent><artifactId>a</artifactId><dependencies><dependency><groupId>x</groupId>"
      "<artifactId>y</artifactId></dependency></dependencies></project>");
  ASSERT_TRUE(model.has_value());
  ParsedPackages parsed = ResolvePom(*model, "a/pom.xml", nullptr);
  ASSERT_EQ(parsed.packages.size(), 2u);
  EXPECT_EQ(parsed.packages[0].id, "g:a@1");
  EXPECT_EQ(parsed.packages[0].purl, "pkg:maven/g/a@1");
  EXPECT_EQ(parsed.packages[1].version, "");
  EXPECT_EQ(parsed.packages[1].evidence.count("VersionUnknown"), 1u);
}

TEST(PomParserTest, DeepNestingIsHarmless) {
  std::string deep = "<project>";
  for (int i = 0; i < 200000; ++i) deep += "<a>";
  auto model = ParsePomXml(deep);  // not well-formed: unclosed
  ASSERT_FALSE(model.has_value());
  deep = "<project><properties>";
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  for (int i = 0; i < 100000; ++i) deep += "</a>";
  deep += "</properties><artifactId>x</artifactId></project>";
  model = ParsePomXml(deep);
  ASSERT_TRUE(model.has_value());
  EXPECT_EQ(model->artifact_id, "x");
}

TEST(PomAnalyzerTest, OversizedFileIsRefusedUnread) {
  Registry registry;
  RegisterAllAnalyzers(registry);
  for (const auto& analyzer : registry.CreateAll({})) {
    if (analyzer->Type() != AnalyzerType::kPom) continue;
    FileInfo big{"pom.xml", limits::kMaxLockfileSize + 1, 0100644};
    Opener never = []() -> Result<std::shared_ptr<const ByteSource>> {
      return Fail(ErrorCode::kInternal, "must not be opened");
    };
    auto result = analyzer->Analyze({big, never});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
    EXPECT_NE(result.error().ToString().find("pom.xml"), std::string::npos);
    EXPECT_EQ(analyzer->Scope(), AnalyzerScope::kLockfile);
  }
}

}  // namespace
}  // namespace scry::analyzer::lang::java
