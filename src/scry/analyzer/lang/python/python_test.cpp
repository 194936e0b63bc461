#include <gtest/gtest.h>

#include <map>
#include <string>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/lang/python/packaging/metadata_parser.hpp"
#include "scry/analyzer/lang/python/pip/requirements_parser.hpp"
#include "scry/analyzer/lang/python/pipenv/pipfile_lock_parser.hpp"
#include "scry/analyzer/lang/python/poetry/poetry_lock_parser.hpp"
#include "scry/analyzer/lang/python/pylock/pylock_parser.hpp"
#include "scry/analyzer/lang/python/python_analyzers.hpp"
#include "scry/analyzer/lang/python/uv/uv_lock_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::python {
namespace {

std::vector<std::unique_ptr<Analyzer>> PythonAnalyzers() {
  Registry registry;
  RegisterPip(registry);
  RegisterPipenv(registry);
  RegisterPoetry(registry);
  RegisterUv(registry);
  RegisterPylock(registry);
  RegisterPythonPackaging(registry);
  return registry.CreateAll({});
}

// Like testing::RunAnalyzerGoldens for the Python analyzers, with the case's other files offered
// as siblings (requirements includes, pyproject.toml): the way `scry fs` runs them.
void RunPythonGoldens(const std::filesystem::path& dir) {
  auto analyzers = PythonAnalyzers();
  auto cases = scry::testing::ListFiles(dir, ".txtar");
  ASSERT_FALSE(cases.empty()) << dir;
  for (const auto& path : cases) {
    SCOPED_TRACE(path.string());
    auto archive = formats::ParseTxtar(scry::testing::ReadTextFile(path));
    std::map<std::string, std::string, std::less<>> files;
    for (const formats::TxtarFile& file : archive.files) files[file.name] = file.content;
    SiblingReader siblings =
        [&files](std::string_view name) -> Result<std::shared_ptr<const ByteSource>> {
      auto it = files.find(name);
      if (it == files.end()) return Fail(ErrorCode::kNotFound, "no file {}", name);
      return std::make_shared<OwnedBytes>(
          std::vector<uint8_t>(it->second.begin(), it->second.end()));
    };
    nlohmann::ordered_json out;
    out["files"] = nlohmann::ordered_json::array();
    for (const formats::TxtarFile& file : archive.files) {
      FileInfo info{file.name, file.content.size(), 0100644};
      Opener open = testing::TextOpener(file.content);
      nlohmann::ordered_json entry{{"path", file.name}};
      for (const auto& analyzer : analyzers) {
        if (!analyzer->Required(info)) continue;
        auto result = analyzer->Analyze(AnalysisInput{info, open, &siblings});
        std::string name(AnalyzerTypeName(analyzer->Type()));
        if (!result) {
          entry[name] = {{"error", result.error().ToString()}};
          continue;
        }
        entry[name] = testing::ResultJson(*result);
      }
      out["files"].push_back(entry);
    }
    auto golden = path;
    golden.replace_extension(".golden.json");
    EXPECT_TRUE(scry::testing::MatchesGolden(golden, out.dump(2) + "\n"));
  }
}

#define PY_DIR SCRY_MODULE_DIR "/lang/python"

TEST(PipGoldenTest, AllCases) { RunPythonGoldens(PY_DIR "/pip/testdata"); }
TEST(PipenvGoldenTest, AllCases) { RunPythonGoldens(PY_DIR "/pipenv/testdata"); }
TEST(PoetryGoldenTest, AllCases) { RunPythonGoldens(PY_DIR "/poetry/testdata"); }
TEST(UvGoldenTest, AllCases) { RunPythonGoldens(PY_DIR "/uv/testdata"); }
TEST(PylockGoldenTest, AllCases) { RunPythonGoldens(PY_DIR "/pylock/testdata"); }
TEST(PythonPackagingGoldenTest, AllCases) { RunPythonGoldens(PY_DIR "/packaging/testdata"); }

TEST(PythonAnalyzersTest, Required) {
  auto analyzers = PythonAnalyzers();
  auto wants = [&](std::string_view path) {
    std::vector<std::string> types;
    for (const auto& analyzer : analyzers) {
      if (analyzer->Required({std::string(path), 10, 0100644})) {
        types.emplace_back(AnalyzerTypeName(analyzer->Type()));
      }
    }
    return types;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(wants("requirements.txt"), V{"pip"});
  EXPECT_EQ(wants("app/requirements-dev.txt"), V{"pip"});
  EXPECT_EQ(wants("app/requirements/test.txt"), V{"pip"});
  EXPECT_EQ(wants("app/notes.txt"), V{});
  EXPECT_EQ(wants("a/Pipfile.lock"), V{"pipenv"});
  EXPECT_EQ(wants("a/poetry.lock"), V{"poetry"});
  EXPECT_EQ(wants("a/uv.lock"), V{"uv"});
  EXPECT_EQ(wants("pylock.toml"), V{"pylock"});
  EXPECT_EQ(wants("pylock.dev.toml"), V{"pylock"});
  EXPECT_EQ(wants("pylock.a.b.toml"), V{});
  EXPECT_EQ(wants("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA"), V{"python-pkg"});
  EXPECT_EQ(wants("usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO"), V{"python-pkg"});
  EXPECT_EQ(wants("usr/lib/python3/dist-packages/perf-0.1.egg-info"), V{"python-pkg"});
  EXPECT_EQ(wants("usr/lib/python3/dist-packages/six-1.16.0.dist-info/RECORD"), V{});
  EXPECT_EQ(wants("METADATA"), V{});
  for (const auto& analyzer : analyzers) {
    EXPECT_FALSE(analyzer->Required({"requirements.txt", 10, 0120777}));
    EXPECT_NE(analyzer->Scope(), AnalyzerScope::kAll);
  }
}

TEST(PythonAnalyzersTest, FilesOverTheLimitAreRefused) {
  Opener never = []() -> Result<std::shared_ptr<const ByteSource>> {
    return Fail(ErrorCode::kInternal, "must not be opened");
  };
  for (const auto& analyzer : PythonAnalyzers()) {
    for (std::string path : {"requirements.txt", "Pipfile.lock", "poetry.lock", "uv.lock",
                             "pylock.toml", "x.dist-info/METADATA"}) {
      FileInfo big{path, limits::kMaxLockfileSize + 1, 0100644};
      if (!analyzer->Required(big)) continue;
      auto result = analyzer->Analyze({big, never});
      ASSERT_FALSE(result.has_value()) << path;
      EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
      EXPECT_NE(result.error().ToString().find(path), std::string::npos);
      EXPECT_NE(result.error().ToString().find("100 MiB"), std::string::npos);
    }
  }
}

// A real 100 MiB + 1 byte requirements file, opened: refused after reading the size.
TEST(PythonAnalyzersTest, LargeContentIsRefused) {
  std::string text(limits::kMaxLockfileSize + 1, '#');
  FileInfo info{"requirements.txt", 10, 0100644};  // a size that lies
  Opener open = testing::TextOpener(text);
  auto analyzers = PythonAnalyzers();
  auto result = analyzers[0]->Analyze({info, open});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
}

TEST(PythonTomlTest, DeepNestingIsBounded) {
  std::string arrays = "a = " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  std::string dotted = "[package]\nname = \"x\"\n";
  for (int i = 0; i < 100000; ++i) dotted += "a.";
  dotted += "b = 1\n";
  for (const std::string& text : {arrays, dotted}) {
    for (auto parse : {+[](std::string_view t) { return ParsePoetryLock(t).has_value(); },
                       +[](std::string_view t) { return ParseUvLock(t).has_value(); },
                       +[](std::string_view t) { return ParsePylock(t).has_value(); }}) {
      EXPECT_FALSE(parse(text));
    }
    auto result = ParsePoetryLock(text);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded) << result.error().ToString();
  }
  // 64 levels are fine.
  EXPECT_TRUE(ParsePoetryLock("a = " + std::string(60, '[') + std::string(60, ']')).has_value());
}

TEST(PythonParsersTest, MalformedInputs) {
  EXPECT_EQ(ParsePipfileLock("{").error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ParsePipfileLock("[]").error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ParsePoetryLock("[[package]\n").error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseUvLock("version = 2\n").error().code(), ErrorCode::kUnsupported);
  EXPECT_EQ(ParsePylock("lock-version = \"2.0\"\n").error().code(), ErrorCode::kUnsupported);
  EXPECT_EQ(ParseRequirements(std::string("a==1\0", 5), "requirements.txt").error().code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseDistributionMetadata("Version: 1\n").error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseDistributionMetadata("Name: x\n").error().code(), ErrorCode::kInvalidInput);
  // Truncated documents.
  std::string poetry = "[[package]]\nname = \"a\"\nversion = \"1.0\"\n";
  for (size_t n = 0; n < poetry.size(); ++n) (void)ParsePoetryLock(poetry.substr(0, n));
}

TEST(RequirementsTest, IncludeCyclesAndDepth) {
  // a includes b includes a; c chains 40 files deep.
  std::map<std::string, std::string, std::less<>> files = {{"a.txt", "-r b.txt\nx==1\n"},
                                                           {"b.txt", "-r a.txt\ny==2\n"}};
  for (int i = 0; i < 40; ++i) {
    files["d/" + std::to_string(i) + ".txt"] =
        "-r " + std::to_string(i + 1) + ".txt\np" + std::to_string(i) + "==1\n";
  }
  RequirementsReader read = [&files](std::string_view path) -> Result<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return Fail(ErrorCode::kNotFound, "missing");
    return it->second;
  };
  auto cycle = ParseRequirements(files["a.txt"], "a.txt", &read);
  ASSERT_TRUE(cycle.has_value());
  ASSERT_EQ(cycle->packages.size(), 2u);
  EXPECT_EQ(cycle->packages[0].id, "y@2");
  EXPECT_EQ(cycle->packages[1].id, "x@1");
  auto deep = ParseRequirements(files["d/0.txt"], "d/0.txt", &read);
  ASSERT_TRUE(deep.has_value());
  EXPECT_EQ(deep->packages.size(), static_cast<size_t>(limits::kMaxRequirementsIncludeDepth + 1));
  ASSERT_FALSE(deep->warnings.empty());
  EXPECT_NE(deep->warnings[0].find("not followed"), std::string::npos) << deep->warnings[0];
}

}  // namespace
}  // namespace scry::analyzer::lang::python
