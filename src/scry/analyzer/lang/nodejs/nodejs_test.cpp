// Golden tests of the Node.js analyzers over hand-written txtar cases (each tool's testdata/) and
// real lockfiles made by npm, yarn and pnpm (testdata/real/<case>/, see its README.md), with the
// target's other files offered as siblings as a file system scan does; plus limits and hostile
// inputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "golden.hpp"
#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/lang/nodejs/npm/npm_analyzer.hpp"
#include "scry/analyzer/lang/nodejs/npm/npm_lock_parser.hpp"
#include "scry/analyzer/lang/nodejs/pkg/node_pkg_analyzer.hpp"
#include "scry/analyzer/lang/nodejs/pkg/package_json_parser.hpp"
#include "scry/analyzer/lang/nodejs/pnpm/pnpm_analyzer.hpp"
#include "scry/analyzer/lang/nodejs/pnpm/pnpm_lock_parser.hpp"
#include "scry/analyzer/lang/nodejs/yarn/yarn_analyzer.hpp"
#include "scry/analyzer/lang/nodejs/yarn/yarn_lock_parser.hpp"
#include "scry/base/limits.hpp"
#include "scry/formats/txtar.hpp"

namespace scry::analyzer::lang::nodejs {
namespace {

namespace fs = std::filesystem;
using Files = std::map<std::string, std::string>;  // path in the target -> content

std::vector<std::unique_ptr<Analyzer>> NodeAnalyzers() {
  Registry registry;
  RegisterNpm(registry);
  RegisterYarn(registry);
  RegisterPnpm(registry);
  RegisterNodePkg(registry);
  return registry.CreateAll({});
}

// What every Node.js analyzer makes of each file of `files`, as JSON.
std::string AnalyzeAll(const Files& files) {
  auto analyzers = NodeAnalyzers();
  SiblingReader siblings =
      [&files](std::string_view path) -> Result<std::shared_ptr<const ByteSource>> {
    auto it = files.find(std::string(path));
    if (it == files.end()) return Fail(ErrorCode::kNotFound, "no {}", path);
    return testing::TextOpener(it->second)();
  };
  nlohmann::ordered_json out;
  out["files"] = nlohmann::ordered_json::array();
  for (const auto& [path, content] : files) {
    FileInfo info{path, content.size(), 0100644};
    Opener open = testing::TextOpener(content);
    nlohmann::ordered_json entry{{"path", path}};
    for (const auto& analyzer : analyzers) {
      if (!analyzer->Required(info)) continue;
      auto result = analyzer->Analyze(AnalysisInput{info, open, &siblings});
      std::string name(AnalyzerTypeName(analyzer->Type()));
      entry[name] = result ? testing::ResultJson(*result)
                           : nlohmann::ordered_json{{"error", result.error().ToString()}};
    }
    out["files"].push_back(entry);
  }
  return out.dump(2) + "\n";
}

void RunTxtarGoldens(const fs::path& dir) {
  auto cases = scry::testing::ListFiles(dir, ".txtar");
  ASSERT_FALSE(cases.empty()) << dir;
  for (const auto& path : cases) {
    SCOPED_TRACE(path.string());
    auto archive = formats::ParseTxtar(scry::testing::ReadTextFile(path));
    Files files;
    for (const auto& file : archive.files) files[file.name] = file.content;
    auto golden = path;
    golden.replace_extension(".golden.json");
    EXPECT_TRUE(scry::testing::MatchesGolden(golden, AnalyzeAll(files)));
  }
}

const fs::path kNodeDir = SCRY_MODULE_DIR "/lang/nodejs";

TEST(NodeGoldenTest, Npm) { RunTxtarGoldens(kNodeDir / "npm/testdata"); }
TEST(NodeGoldenTest, Yarn) { RunTxtarGoldens(kNodeDir / "yarn/testdata"); }
TEST(NodeGoldenTest, Pnpm) { RunTxtarGoldens(kNodeDir / "pnpm/testdata"); }
TEST(NodeGoldenTest, InstalledPackages) { RunTxtarGoldens(kNodeDir / "pkg/testdata"); }

// Lockfiles written by the real tools, each folder scanned as a target.
TEST(NodeGoldenTest, RealLockfiles) {
  fs::path real = kNodeDir / "testdata/real";
  int cases = 0;
  for (const auto& dir : fs::directory_iterator(real)) {
    if (!dir.is_directory()) continue;
    SCOPED_TRACE(dir.path().string());
    Files files;
    for (const auto& file : fs::recursive_directory_iterator(dir.path())) {
      if (!file.is_regular_file()) continue;
      files[fs::relative(file.path(), dir.path()).generic_string()] =
          scry::testing::ReadTextFile(file.path());
    }
    fs::path golden = real / (dir.path().filename().string() + ".golden.json");
    EXPECT_TRUE(scry::testing::MatchesGolden(golden, AnalyzeAll(files)));
    ++cases;
  }
  EXPECT_EQ(cases, 8);
}

Opener NeverOpened() {
  return []() -> Result<std::shared_ptr<const ByteSource>> {
    return Fail(ErrorCode::kInternal, "must not be opened");
  };
}

TEST(NodeAnalyzerTest, OversizedLockfilesAreRefusedByName) {
  auto analyzers = NodeAnalyzers();
  int refused = 0;
  for (std::string path : {"app/package-lock.json", "app/yarn.lock", "app/pnpm-lock.yaml"}) {
    FileInfo big{path, limits::kMaxNodeLockfileSize + 1, 0100644};
    Opener never = NeverOpened();
    for (const auto& analyzer : analyzers) {
      if (!analyzer->Required(big)) continue;
      auto result = analyzer->Analyze({big, never});
      ASSERT_FALSE(result.has_value()) << path;
      EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
      EXPECT_NE(result.error().ToString().find(path), std::string::npos);
      EXPECT_NE(result.error().ToString().find("100 MiB"), std::string::npos);
      ++refused;
    }
  }
  EXPECT_EQ(refused, 3);
  // A legal size is opened (and here fails for the opener's reason, not the limit).
  FileInfo legal{"package-lock.json", limits::kMaxNodeLockfileSize, 0100644};
  Opener never = NeverOpened();
  for (const auto& analyzer : analyzers) {
    if (!analyzer->Required(legal)) continue;
    auto result = analyzer->Analyze({legal, never});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code(), ErrorCode::kInternal);
  }
}

TEST(NodeAnalyzerTest, RequiredPaths) {
  auto analyzers = NodeAnalyzers();
  auto wanted_by = [&](std::string path, uint32_t mode = 0100644) {
    std::string names;
    for (const auto& analyzer : analyzers) {
      if (analyzer->Required({path, 1, mode})) names += AnalyzerTypeName(analyzer->Type());
    }
    return names;
  };
  EXPECT_EQ(wanted_by("package-lock.json"), "npm");
  EXPECT_EQ(wanted_by("a/npm-shrinkwrap.json"), "npm");
  EXPECT_EQ(wanted_by("a/node_modules/b/package-lock.json"), "");
  EXPECT_EQ(wanted_by("a/yarn.lock"), "yarn");
  EXPECT_EQ(wanted_by("pnpm-lock.yaml"), "pnpm");
  EXPECT_EQ(wanted_by("pnpm-lock.yaml", 0120777), "");
  EXPECT_EQ(wanted_by("node_modules/a/package.json"), "node-pkg");
  EXPECT_EQ(wanted_by("usr/lib/node_modules/@s/a/package.json"), "node-pkg");
  EXPECT_EQ(wanted_by("x/node_modules/a/node_modules/b/package.json"), "node-pkg");
  EXPECT_EQ(wanted_by("package.json"), "");
  EXPECT_EQ(wanted_by("node_modules/package.json"), "");
  EXPECT_EQ(wanted_by("node_modules/@s/package.json"), "");
  EXPECT_EQ(wanted_by("node_modules/a/test/package.json"), "");
  EXPECT_EQ(wanted_by("node_modules/a/package.json.bak"), "");
}

std::string Nested(int depth, std::string_view open, std::string_view close) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += open;
  for (int i = 0; i < depth; ++i) text += close;
  return text;
}

TEST(NodeParserTest, DeepNestingIsBounded) {
  std::string v1 = "{\"lockfileVersion\":1,\"dependencies\":" +
                   Nested(100000, "{\"a\":{\"version\":\"1\",\"dependencies\":", "}}") + "}";
  auto npm = ParseNpmLockfile(v1);
  ASSERT_FALSE(npm.has_value());
  EXPECT_EQ(npm.error().code(), ErrorCode::kLimitExceeded);

  auto manifest = ParsePackageJson(Nested(100000, "[", "]"));
  ASSERT_FALSE(manifest.has_value());
  EXPECT_EQ(manifest.error().code(), ErrorCode::kLimitExceeded);

  std::string yaml = "lockfileVersion: '9.0'\npackages: " + Nested(100000, "[", "]") + "\n";
  auto pnpm = ParsePnpmLock(yaml);
  ASSERT_FALSE(pnpm.has_value());
  EXPECT_EQ(pnpm.error().code(), ErrorCode::kLimitExceeded);

  std::string berry =
      "__metadata:\n  version: 6\n\"a@npm:1\": " + Nested(100000, "{x: ", "}") + "\n";
  auto yarn = ParseYarnLock(berry);
  ASSERT_FALSE(yarn.has_value());
  EXPECT_EQ(yarn.error().code(), ErrorCode::kLimitExceeded);
}

TEST(NodeParserTest, EmptyAndBinaryInputs) {
  EXPECT_FALSE(ParseNpmLockfile("").has_value());
  EXPECT_FALSE(ParsePnpmLock("").has_value());
  EXPECT_FALSE(ParsePackageJson(std::string("\0\1\2", 3)).has_value());
  auto empty_yarn = ParseYarnLock("");
  ASSERT_TRUE(empty_yarn.has_value());
  EXPECT_TRUE(empty_yarn->packages.empty());
  auto binary_yarn =
      ParseYarnLock(std::string("\x7f"
                                "ELF\0\0:\n  \x01",
                                11));
  EXPECT_FALSE(binary_yarn.has_value());
}

}  // namespace
}  // namespace scry::analyzer::lang::nodejs
