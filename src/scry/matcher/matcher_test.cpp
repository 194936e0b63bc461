#include "scry/matcher/matcher.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "golden.hpp"
#include "scry/db/writer.hpp"
#include "scry/formats/txtar.hpp"

namespace scry::matcher {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

// Each testdata/<case>.txtar holds "records" (a JSON array of OSV records) and "packages" (lines
// "<result type> <name> <version or -> [GOOS GOARCH | FORMAT:ARCH,...]", the second form for a
// binary without GOOS/GOARCH build settings); <case>.golden.json holds what matching
// finds: per result its vulnerabilities, filtered findings and unmatched packages.
class MatcherGoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("scry-matcher-" + std::to_string(::getpid()));
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  std::unique_ptr<db::AdvisoryStore> BuildStore(const std::string& records, const fs::path& name) {
    auto parsed = ordered_json::parse(records, nullptr, false);
    EXPECT_TRUE(parsed.is_array()) << "records must be a JSON array";
    fs::path path = directory_ / name / "scry.db";
    auto writer = db::DatabaseWriter::Begin(path);
    EXPECT_TRUE(writer.has_value());
    for (const auto& record : parsed) {
      auto osv_record = osv::ParseRecord(record.dump());
      EXPECT_TRUE(osv_record.has_value()) << osv_record.error().ToString();
      if (osv_record) {
        EXPECT_TRUE((*writer)->Add(*osv_record, "test").has_value());
      }
    }
    EXPECT_TRUE((*writer)->Commit().has_value());
    auto store = db::AdvisoryStore::Open(path);
    EXPECT_TRUE(store.has_value());
    return std::move(*store);
  }

  static model::Report ReportOf(const std::string& packages) {
    model::Report report;
    std::istringstream lines(packages);
    std::string line;
    while (std::getline(lines, line)) {
      std::istringstream fields(line);
      std::string type, name, version, goos, goarch;
      if (!(fields >> type >> name >> version)) continue;
      fields >> goos >> goarch;
      model::ScanResult* result = nullptr;
      for (auto& existing : report.results) {
        if (existing.target == type + ":" + goos) result = &existing;
      }
      if (result == nullptr) {
        report.results.emplace_back();
        result = &report.results.back();
        result->target = type + ":" + goos;
        result->type = type;
        if (auto colon = goos.find(':'); colon != std::string::npos) {
          result->go_binary = model::GoBinaryDetails{};
          result->go_binary->format = goos.substr(0, colon);
          std::istringstream architectures(goos.substr(colon + 1));
          for (std::string arch; std::getline(architectures, arch, ',');) {
            result->go_binary->architectures.push_back(arch);
          }
        } else if (!goos.empty()) {
          result->go_binary = model::GoBinaryDetails{};
          result->go_binary->build_settings = {{"GOOS", goos}, {"GOARCH", goarch}};
        }
      }
      model::Package package;
      package.name = name;
      package.version = version == "-" ? "" : version;
      model::SetIdentity(package, "generic");
      if (package.version.empty()) package.evidence["RecoveredFrom"] = "pclntab";
      result->packages.push_back(package);
    }
    return report;
  }

  static ordered_json ToJson(const model::Report& report) {
    ordered_json out = ordered_json::array();
    for (const auto& result : report.results) {
      ordered_json entry;
      entry["Target"] = result.target;
      entry["Vulnerabilities"] = ordered_json::array();
      for (const auto& found : result.vulnerabilities) {
        ordered_json vulnerability = {{"ID", found.vulnerability_id},
                                      {"VendorIDs", found.vendor_ids},
                                      {"Pkg", found.pkg_name + " " + found.installed_version},
                                      {"Fixed", found.fixed_version},
                                      {"Status", found.status},
                                      {"Severity", model::SeverityName(found.severity)}};
        for (const auto& [key, value] : found.evidence) vulnerability[key] = value;
        entry["Vulnerabilities"].push_back(vulnerability);
      }
      entry["Filtered"] = ordered_json::array();
      for (const auto& filtered : result.filtered_vulnerabilities) {
        entry["Filtered"].push_back(filtered.vulnerability_id + " " + filtered.pkg_name + ": " +
                                    filtered.reason);
      }
      entry["Unmatched"] = ordered_json::array();
      for (const auto& unmatched : result.unmatched_packages) {
        entry["Unmatched"].push_back(unmatched.pkg_name + ": " + unmatched.reason);
      }
      out.push_back(entry);
    }
    return out;
  }

  fs::path directory_;
};

TEST_F(MatcherGoldenTest, AllCases) {
  auto cases = testing::ListFiles(SCRY_MODULE_DIR "/testdata", ".txtar");
  ASSERT_FALSE(cases.empty());
  for (const auto& path : cases) {
    SCOPED_TRACE(path.string());
    auto archive = formats::ParseTxtar(testing::ReadTextFile(path));
    const std::string* records = archive.Find("records");
    const std::string* packages = archive.Find("packages");
    ASSERT_TRUE(records != nullptr && packages != nullptr);
    auto store = BuildStore(*records, path.stem());
    ASSERT_NE(store, nullptr);
    MatchOptions options;
    options.include_unknown = archive.comment.find("include-unknown") != std::string::npos;
    model::Report report = ReportOf(*packages);
    ASSERT_TRUE(MatchReport(*store, options, report).has_value());
    auto golden = path;
    golden.replace_extension(".golden.json");
    EXPECT_TRUE(testing::MatchesGolden(golden, ToJson(report).dump(2) + "\n"));
  }
}

TEST(EcosystemTest, ResultTypes) {
  EXPECT_EQ(EcosystemForResultType("gobinary")->ecosystem, "Go");
  EXPECT_EQ(EcosystemForResultType("gomod")->scheme, version::SchemeKind::kGo);
  EXPECT_EQ(EcosystemForResultType("pip")->ecosystem, "PyPI");
  EXPECT_FALSE(EcosystemForResultType("debian").has_value());
}

}  // namespace
}  // namespace scry::matcher
