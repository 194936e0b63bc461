#include "scry/matcher/matcher.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "golden.hpp"
#include "scry/base/strings.hpp"
#include "scry/db/alpine_secdb.hpp"
#include "scry/db/debian_tracker.hpp"
#include "scry/db/writer.hpp"
#include "scry/formats/txtar.hpp"

namespace scry::matcher {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

// Each testdata/<case>.txtar holds "records" (a JSON array of OSV records), optionally
// "debian-tracker" (a DSA/DLA list) and "alpine-secdb" (secdb YAML documents separated by "---"
// lines) converted by the importers' parsers, and "packages": lines
// "<result type> <name> <version or -> [GOOS GOARCH | FORMAT:ARCH,...]" (the second form for a
// binary without GOOS/GOARCH build settings), or for an image's OS "os <family> <release>" and
// "ospkg <name> <[epoch:]version[-release]> [<source name> <source version>] [layer=<diffID>]"
// (apk families keep the whole version). <case>.golden.json holds what matching finds: per
// result its vulnerabilities, filtered findings and unmatched packages.
class MatcherGoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("scry-matcher-" + std::to_string(::getpid()));
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  std::unique_ptr<db::AdvisoryStore> BuildStore(const formats::Txtar& archive,
                                                const fs::path& name) {
    auto parsed = ordered_json::parse(*archive.Find("records"), nullptr, false);
    EXPECT_TRUE(parsed.is_array()) << "records must be a JSON array";
    fs::path path = directory_ / name / "scry.db";
    auto writer = db::DatabaseWriter::Begin(path);
    EXPECT_TRUE(writer.has_value());
    std::vector<osv::Record> records;
    for (const auto& record : parsed) {
      auto osv_record = osv::ParseRecord(record.dump());
      EXPECT_TRUE(osv_record.has_value()) << osv_record.error().ToString();
      if (osv_record) records.push_back(std::move(*osv_record));
    }
    if (const std::string* list = archive.Find("debian-tracker")) {
      auto tracker = db::ParseDebianTrackerList(*list);
      EXPECT_TRUE(tracker.has_value() && tracker->malformed == 0);
      for (auto& record : tracker->records) records.push_back(std::move(record));
    }
    if (const std::string* secdb = archive.Find("alpine-secdb")) {
      std::vector<db::AlpineSecdb> files;
      size_t start = 0;
      while (start < secdb->size()) {
        size_t end = secdb->find("\n---\n", start);
        if (end == std::string::npos) end = secdb->size();
        auto file = db::ParseAlpineSecdb(secdb->substr(start, end - start));
        EXPECT_TRUE(file.has_value()) << file.error().ToString();
        if (file) files.push_back(std::move(*file));
        start = end + 1;
      }
      for (auto& record : db::AlpineSecdbRecords(files)) records.push_back(std::move(record));
    }
    for (const auto& record : records) EXPECT_TRUE((*writer)->Add(record, "test").has_value());
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
      if (line.starts_with("os ")) {
        fields >> type >> name >> version;
        report.metadata.os = model::OsInfo{name, version, false};
        continue;
      }
      if (line.starts_with("ospkg ")) {
        AddOsPackage(report, fields);
        continue;
      }
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

  // Splits "[epoch:]version[-release]" the way dpkg and rpm analyzers fill packages; apk
  // families keep the whole version.
  static void SplitVersion(const std::string& family, const std::string& full, int& epoch,
                           std::string& version, std::string& release) {
    std::string rest = full;
    epoch = 0;
    release.clear();
    if (family == "alpine" || family == "wolfi" || family == "chainguard") {
      version = rest;
      return;
    }
    if (auto colon = rest.find(':'); colon != std::string::npos) {
      epoch = std::stoi(rest.substr(0, colon));
      rest = rest.substr(colon + 1);
    }
    if (auto dash = rest.rfind('-'); dash != std::string::npos) {
      release = rest.substr(dash + 1);
      rest = rest.substr(0, dash);
    }
    version = rest;
  }

  static void AddOsPackage(model::Report& report, std::istringstream& fields) {
    std::string keyword, name, full;
    fields >> keyword >> name >> full;
    ASSERT_TRUE(report.metadata.os.has_value()) << "an \"os\" line must come first";
    const std::string& family = report.metadata.os->family;
    model::Package package;
    package.name = name;
    SplitVersion(family, full, package.epoch, package.version, package.release);
    for (std::string field; fields >> field;) {
      if (field.starts_with("layer=")) {
        package.layer.diff_id = field.substr(6);
      } else if (package.src_name.empty()) {
        package.src_name = field;
      } else {
        SplitVersion(family, field, package.src_epoch, package.src_version, package.src_release);
      }
    }
    package.id = name + "@" + model::FullVersion(package);
    if (report.results.empty() ||
        report.results.front().result_class != model::ResultClass::kOsPackages) {
      report.results.insert(report.results.begin(), model::ScanResult{});
      report.results.front().target = "os";
      report.results.front().result_class = model::ResultClass::kOsPackages;
      report.results.front().type = family;
    }
    report.results.front().packages.push_back(package);
  }

  static ordered_json ToJson(const model::Report& report) {
    ordered_json out = ordered_json::array();
    for (const auto& result : report.results) {
      ordered_json entry;
      entry["Target"] = result.target;
      entry["Vulnerabilities"] = ordered_json::array();
      for (const auto& found : result.vulnerabilities) {
        ordered_json vulnerability = {{"ID", found.vulnerability_id},
                                      {"VendorIDs", found.Details().vendor_ids},
                                      {"Pkg", found.pkg_name + " " + found.installed_version},
                                      {"Fixed", found.fixed_version},
                                      {"Status", found.status},
                                      {"Severity", model::SeverityName(found.severity)}};
        if (result.result_class == model::ResultClass::kOsPackages) {
          vulnerability["SeveritySource"] = found.severity_source;
          if (!found.layer.empty()) vulnerability["Layer"] = found.layer.diff_id;
        }
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
    auto store = BuildStore(archive, path.stem());
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

// Matching on several threads (lookup batches with a connection each, results in parallel) must
// give what one thread gives, finding for finding and in the same order. The real Go vulndb and
// enough packages, with advisories and without, take every batch past its parallel threshold.
TEST_F(MatcherGoldenTest, ThreadsGiveTheSameReport) {
  const fs::path osv_dir = fs::path(SCRY_SOURCE_DIR) / ".." / "shared" / "vulndata" / "go" / "osv";
  ASSERT_TRUE(fs::is_directory(osv_dir)) << osv_dir;
  fs::path path = directory_ / "go" / "scry.db";
  auto writer = db::DatabaseWriter::Begin(path);
  ASSERT_TRUE(writer.has_value()) << writer.error().ToString();
  ASSERT_TRUE(db::ImportOsv(**writer, osv_dir, "go").has_value());
  ASSERT_TRUE((*writer)->Commit().has_value());
  auto store = db::AdvisoryStore::Open(path);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();

  // Every (module, event version) pair of the first records, spread over binaries.
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& entry : fs::directory_iterator(osv_dir)) {
    if (entry.path().extension() != ".json" || pairs.size() >= 3000) continue;
    auto record = osv::ParseRecord(testing::ReadTextFile(entry.path()));
    if (!record) continue;
    for (const auto& affected : record->affected) {
      for (const auto& range : affected.ranges) {
        for (const auto& event : range.events) {
          if (event.version != "0") pairs.emplace_back(affected.name, "v" + event.version);
        }
      }
    }
  }
  ASSERT_GT(pairs.size(), 1000U);
  std::sort(pairs.begin(), pairs.end());
  model::Report report;
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (i % 50 == 0) {
      auto& result = report.results.emplace_back();
      result.target = "bin/app-" + std::to_string(i / 50);
      result.type = "gobinary";
    }
    model::Package package;
    package.name = pairs[i].first;
    package.version = pairs[i].second;
    model::SetIdentity(package, "golang");
    report.results.back().packages.push_back(std::move(package));
    if (i % 5 == 0) {  // and names without advisories
      package.name = "example.com/none/" + std::to_string(i);
      package.version = "v1.0.0";
      model::SetIdentity(package, "golang");
      report.results.back().packages.push_back(std::move(package));
    }
  }
  model::Report sequential = report;
  MatchOptions one;
  one.threads = 1;
  ASSERT_TRUE(MatchReport(**store, one, sequential).has_value());
  MatchOptions four;
  four.threads = 4;
  ASSERT_TRUE(MatchReport(**store, four, report).has_value());
  size_t findings = 0;
  for (const auto& result : sequential.results) findings += result.vulnerabilities.size();
  EXPECT_GT(findings, 1000U);
  EXPECT_EQ(ToJson(report).dump(), ToJson(sequential).dump());
}

TEST(EcosystemTest, ResultTypes) {
  EXPECT_EQ(EcosystemForResultType("gobinary")->ecosystem, "Go");
  EXPECT_EQ(EcosystemForResultType("gomod")->scheme, version::SchemeKind::kGo);
  EXPECT_EQ(EcosystemForResultType("pip")->ecosystem, "PyPI");
  EXPECT_FALSE(EcosystemForResultType("debian").has_value());
}

TEST(EcosystemTest, OsReleases) {
  auto keys = [](std::string family, std::string name) {
    auto found = EcosystemsForOs(model::OsInfo{family, name, false});
    return found ? strings::Join(found->ecosystems, ",") : std::string("none");
  };
  EXPECT_EQ(keys("debian", "12.5"), "Debian:12");
  EXPECT_EQ(keys("debian", "trixie/sid"), "Debian:13");
  EXPECT_EQ(keys("ubuntu", "22.04"), "Ubuntu:22.04:LTS,Ubuntu:22.04");
  EXPECT_EQ(keys("ubuntu", "18.04-ESM"), "Ubuntu:18.04:LTS,Ubuntu:18.04,Ubuntu:Pro:18.04:LTS");
  EXPECT_EQ(keys("alpine", "3.19.1"), "Alpine:v3.19");
  EXPECT_EQ(keys("alma", "9.3"), "AlmaLinux:9");
  EXPECT_EQ(keys("rocky", "9.2"), "Rocky Linux:9");
  EXPECT_EQ(keys("redhat", "9.1"), "none");
  EXPECT_EQ(keys("alpine", "edge"), "none");
  EXPECT_EQ(EcosystemsForOs({"alpine", "3.19.1", false})->scheme, version::SchemeKind::kApk);
  EXPECT_EQ(EcosystemsForOs({"alma", "9.3", false})->scheme, version::SchemeKind::kRpm);
  EXPECT_FALSE(EcosystemsForOs({"alma", "9.3", false})->by_source);
  EXPECT_TRUE(EcosystemsForOs({"debian", "12", false})->by_source);
}

}  // namespace
}  // namespace scry::matcher
