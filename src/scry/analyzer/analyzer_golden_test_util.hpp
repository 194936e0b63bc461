// Test support: runs every registered analyzer over the files of txtar cases and compares the
// results, as JSON, with <case>.golden.json (UPDATE_GOLDEN=1 rewrites them). Each txtar file name
// is the path inside the scanned file system; files are regular, mode 0644.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "golden.hpp"
#include "scry/analyzer/analyzer.hpp"
#include "scry/analyzer/os/os_release_parser.hpp"
#include "scry/formats/txtar.hpp"

namespace scry::analyzer::testing {

inline nlohmann::ordered_json PackageJson(const model::Package& package) {
  nlohmann::ordered_json out;
  out["id"] = package.id;
  out["name"] = package.name;
  out["version"] = package.version;
  if (package.epoch != 0) out["epoch"] = package.epoch;
  if (!package.release.empty()) out["release"] = package.release;
  if (!package.arch.empty()) out["arch"] = package.arch;
  if (!package.src_name.empty()) out["src_name"] = package.src_name;
  if (!package.src_version.empty()) out["src_version"] = package.src_version;
  if (!package.src_release.empty()) out["src_release"] = package.src_release;
  if (package.src_epoch != 0) out["src_epoch"] = package.src_epoch;
  if (!package.licenses.empty()) out["licenses"] = package.licenses;
  if (!package.maintainer.empty()) out["maintainer"] = package.maintainer;
  out["purl"] = package.purl;
  if (!package.depends_on.empty()) out["depends_on"] = package.depends_on;
  if (!package.file_path.empty()) out["file_path"] = package.file_path;
  if (package.relationship != model::Relationship::kUnknown) {
    out["relationship"] = model::RelationshipName(package.relationship);
  }
  if (package.dev) out["dev"] = true;
  if (!package.evidence.empty()) out["evidence"] = package.evidence;
  return out;
}

inline nlohmann::ordered_json ResultJson(const AnalysisResult& result) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  if (result.os) out["os"] = {{"family", result.os->family}, {"name", result.os->name}};
  for (const PackageDatabase& database : result.package_databases) {
    nlohmann::ordered_json packages = nlohmann::ordered_json::array();
    for (const model::Package& package : database.packages)
      packages.push_back(PackageJson(package));
    out["package_databases"].push_back(
        {{"file_path", database.file_path}, {"type", database.type}, {"packages", packages}});
  }
  for (const InstalledFiles& files : result.installed_files) {
    out["installed_files"].push_back(
        {{"source_file", files.source_file}, {"package", files.package}, {"paths", files.paths}});
  }
  for (const model::Application& application : result.applications) {
    nlohmann::ordered_json packages = nlohmann::ordered_json::array();
    for (const model::Package& package : application.packages)
      packages.push_back(PackageJson(package));
    out["applications"].push_back({{"type", application.type},
                                   {"file_path", application.file_path},
                                   {"packages", packages}});
  }
  if (!result.warnings.empty()) out["warnings"] = result.warnings;
  return out;
}

inline Opener TextOpener(const std::string& text) {
  return [text]() -> Result<std::shared_ptr<const ByteSource>> {
    return std::make_shared<OwnedBytes>(std::vector<uint8_t>(text.begin(), text.end()));
  };
}

// Every <dir>/<case>.txtar against <dir>/<case>.golden.json: per file, each analyzer that
// requires it and its result or error; then the OS that os::CombineOs() makes of all findings.
inline void RunAnalyzerGoldens(const std::filesystem::path& dir) {
  Registry registry;
  RegisterAllAnalyzers(registry);
  auto analyzers = registry.CreateAll({});
  auto cases = scry::testing::ListFiles(dir, ".txtar");
  ASSERT_FALSE(cases.empty()) << dir;
  for (const auto& path : cases) {
    SCOPED_TRACE(path.string());
    auto archive = formats::ParseTxtar(scry::testing::ReadTextFile(path));
    nlohmann::ordered_json out;
    out["files"] = nlohmann::ordered_json::array();
    std::vector<os::OsFinding> findings;
    for (const formats::TxtarFile& file : archive.files) {
      FileInfo info{file.name, file.content.size(), 0100644};
      Opener open = TextOpener(file.content);
      nlohmann::ordered_json entry{{"path", file.name}};
      for (const auto& analyzer : analyzers) {
        if (!analyzer->Required(info)) continue;
        auto result = analyzer->Analyze(AnalysisInput{info, open});
        std::string name(AnalyzerTypeName(analyzer->Type()));
        if (!result) {
          entry[name] = {{"error", result.error().ToString()}};
          continue;
        }
        if (result->empty() && analyzer->Type() == AnalyzerType::kGoBinary) continue;
        if (result->empty() && analyzer->Type() == AnalyzerType::kRustBinary) continue;
        if (result->os) findings.push_back({file.name, *result->os});
        entry[name] = ResultJson(*result);
      }
      out["files"].push_back(entry);
    }
    auto combined = os::CombineOs(findings);
    out["combined_os"] =
        combined ? nlohmann::ordered_json{{"family", combined->family}, {"name", combined->name}}
                 : nlohmann::ordered_json(nullptr);
    auto golden = path;
    golden.replace_extension(".golden.json");
    EXPECT_TRUE(scry::testing::MatchesGolden(golden, out.dump(2) + "\n"));
  }
}

}  // namespace scry::analyzer::testing
