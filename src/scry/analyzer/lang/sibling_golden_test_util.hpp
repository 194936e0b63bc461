// Test support for analyzers that read neighbouring files (Cargo.toml next to Cargo.lock,
// composer.json next to composer.lock): like RunAnalyzerGoldens, but every file of the txtar case
// is also offered through AnalysisInput::siblings, as in a file system scan.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "scry/analyzer/analyzer_golden_test_util.hpp"

namespace scry::analyzer::testing {

inline SiblingReader TxtarSiblings(const formats::Txtar& archive) {
  auto files = std::make_shared<std::map<std::string, std::string, std::less<>>>();
  for (const formats::TxtarFile& file : archive.files) (*files)[file.name] = file.content;
  return [files](std::string_view path) -> Result<std::shared_ptr<const ByteSource>> {
    auto it = files->find(path);
    if (it == files->end()) return Fail(ErrorCode::kNotFound, "no file {}", path);
    return std::make_shared<OwnedBytes>(std::vector<uint8_t>(it->second.begin(), it->second.end()));
  };
}

// Every <dir>/<case>.txtar against <dir>/<case>.golden.json: the results of the analyzer of
// `type` for each file it requires, with siblings.
inline void RunSiblingGoldens(const std::filesystem::path& dir, AnalyzerType type) {
  Registry registry;
  RegisterAllAnalyzers(registry);
  auto analyzers = registry.CreateAll({});
  const Analyzer* analyzer = nullptr;
  for (const auto& candidate : analyzers) {
    if (candidate->Type() == type) analyzer = candidate.get();
  }
  ASSERT_NE(analyzer, nullptr);
  auto cases = scry::testing::ListFiles(dir, ".txtar");
  ASSERT_FALSE(cases.empty()) << dir;
  for (const auto& path : cases) {
    SCOPED_TRACE(path.string());
    auto archive = formats::ParseTxtar(scry::testing::ReadTextFile(path));
    SiblingReader siblings = TxtarSiblings(archive);
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const formats::TxtarFile& file : archive.files) {
      FileInfo info{file.name, file.content.size(), 0100644};
      if (!analyzer->Required(info)) continue;
      Opener open = TextOpener(file.content);
      auto result = analyzer->Analyze(AnalysisInput{info, open, &siblings});
      nlohmann::ordered_json entry{{"path", file.name}};
      if (result) {
        entry["result"] = ResultJson(*result);
      } else {
        entry["error"] = result.error().ToString();
      }
      out.push_back(entry);
    }
    auto golden = path;
    golden.replace_extension(".golden.json");
    EXPECT_TRUE(scry::testing::MatchesGolden(golden, out.dump(2) + "\n"));
  }
}

}  // namespace scry::analyzer::testing
