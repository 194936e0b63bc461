// Importers of distribution advisory data, on the real data in ../shared/vulndata: counts,
// facts read back from the source files in the test itself, and malformed input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "scry/db/advisory_store.hpp"
#include "scry/db/alpine_secdb.hpp"
#include "scry/db/debian_tracker.hpp"
#include "scry/db/import.hpp"

namespace scry::db {
namespace {

namespace fs = std::filesystem;

const fs::path kVulndata = fs::path(SCRY_SOURCE_DIR) / ".." / "shared" / "vulndata";

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class OsImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("scry-os-import-" + std::to_string(::getpid()));
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  // Imports `input` into a fresh database and opens it.
  std::unique_ptr<AdvisoryStore> ImportInto(const fs::path& input, ImportStats& stats) {
    fs::path path = directory_ / "scry.db";
    auto writer = DatabaseWriter::Begin(path);
    EXPECT_TRUE(writer.has_value());
    auto imported = Import(**writer, input, "test");
    EXPECT_TRUE(imported.has_value()) << imported.error().ToString();
    if (imported) stats = *imported;
    EXPECT_TRUE((*writer)->Commit().has_value());
    auto store = AdvisoryStore::Open(path);
    EXPECT_TRUE(store.has_value());
    return std::move(*store);
  }

  fs::path directory_;
};

TEST_F(OsImportTest, DetectsLayouts) {
  EXPECT_EQ(DetectImportFormat(kVulndata / "debian-security-tracker"),
            ImportFormat::kDebianTracker);
  EXPECT_EQ(DetectImportFormat(kVulndata / "debian-security-tracker" / "DSA" / "list"),
            ImportFormat::kDebianTracker);
  EXPECT_EQ(DetectImportFormat(kVulndata / "alpine-secdb"), ImportFormat::kAlpineSecdb);
  EXPECT_EQ(DetectImportFormat(kVulndata / "alpine-secdb" / "v3.11" / "main.yaml"),
            ImportFormat::kAlpineSecdb);
  EXPECT_EQ(DetectImportFormat(kVulndata / "almalinux" / "osv"), ImportFormat::kOsv);
  EXPECT_EQ(DetectImportFormat(kVulndata / "go" / "osv"), ImportFormat::kOsv);
}

TEST_F(OsImportTest, DebianTrackerLists) {
  fs::path tracker = kVulndata / "debian-security-tracker";
  ASSERT_TRUE(fs::exists(tracker / "DSA" / "list")) << "missing " << tracker;
  std::string dsa = ReadAll(tracker / "DSA" / "list");
  std::string dla = ReadAll(tracker / "DLA" / "list");
  // Independent counts from the files: headers, and release lines other than <not-affected>.
  std::regex header(R"(^\[\d\d \w{3} \d{4}\] (D[SL]A-\S+))");
  std::regex release_line(R"(^\s+\[[a-z]+\] - \S+ (\S+))");
  size_t headers = 0, release_lines = 0, not_affected = 0;
  for (const std::string* text : {&dsa, &dla}) {
    std::istringstream lines(*text);
    for (std::string line; std::getline(lines, line);) {
      std::smatch match;
      if (std::regex_search(line, match, header)) ++headers;
      if (std::regex_search(line, match, release_line)) {
        ++release_lines;
        not_affected += match[1] == "<not-affected>";
      }
    }
  }
  ImportStats stats;
  auto store = ImportInto(tracker, stats);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(stats.format, "debian-tracker");
  EXPECT_EQ(stats.files, 2u);
  EXPECT_EQ(stats.not_affected, not_affected);
  EXPECT_EQ(stats.not_affected, 55u);  // README: 55 in DSA/list, none in DLA/list
  // DSA-423's woody line gives the package name where the version belongs.
  EXPECT_EQ(stats.malformed, 1u);
  ASSERT_EQ(stats.malformed_examples.size(), 1u);
  EXPECT_TRUE(stats.malformed_examples[0].ends_with(
      "DSA/list: line 17244: no valid fixed version for kernel-image-2.4.17-ia64 in DSA-423"))
      << stats.malformed_examples[0];
  auto info = store->Info();
  ASSERT_TRUE(info.has_value());
  // Every advisory with a release line is a record (announcements have none).
  EXPECT_EQ(stats.records, static_cast<size_t>(info->vulnerabilities));
  EXPECT_LE(stats.records, headers);
  EXPECT_GT(stats.records, 8000u);
  int64_t entries = 0;
  for (const auto& [ecosystem, count] : info->vulnerabilities_per_ecosystem) {
    EXPECT_TRUE(ecosystem.starts_with("Debian:")) << ecosystem;
  }
  (void)entries;
  EXPECT_GT(info->vulnerabilities_per_ecosystem["Debian:11"], 300);

  // The newest DSA, read from the list here: its CVE, and its bullseye fix for its package.
  std::smatch first;
  ASSERT_TRUE(
      std::regex_search(dsa, first,
                        std::regex(R"(\[[^\]]+\] (DSA-\S+) (\S+) [^\n]*\n\s*\{(CVE-[0-9-]+)\}\n)"
                                   R"(\s*\[bullseye\] - (\S+) (\S+)\n)")));
  std::string id = first[1], cve = first[3], package = first[4], fixed = first[5];
  auto affected = store->FindAffected("Debian:11", package);
  ASSERT_TRUE(affected.has_value());
  bool found = false;
  for (const auto& entry : *affected) {
    if (entry.id != id) continue;
    found = true;
    ASSERT_EQ(entry.affected.ranges.size(), 1u);
    ASSERT_EQ(entry.affected.ranges[0].events.size(), 2u);
    EXPECT_EQ(entry.affected.ranges[0].events[1].version, fixed);
  }
  EXPECT_TRUE(found) << id << " " << package;
  auto record = store->FindRecord(id);
  ASSERT_TRUE(record.has_value() && record->has_value());
  EXPECT_EQ((*record)->aliases, std::vector<std::string>{cve});
  auto by_alias = store->FindByAlias(cve);
  ASSERT_TRUE(by_alias.has_value());
  EXPECT_NE(std::find(by_alias->begin(), by_alias->end(), id), by_alias->end());

  // An <end-of-life> line (README: DSA/list line "[jessie] - virtualbox <end-of-life>").
  auto eol = store->FindAffected("Debian:8", "virtualbox");
  ASSERT_TRUE(eol.has_value());
  bool end_of_life = false;
  for (const auto& entry : *eol)
    end_of_life = end_of_life || entry.affected.status == "end_of_life";
  EXPECT_TRUE(end_of_life);

  // Importing the same data again changes nothing.
  ImportStats again;
  ImportInto(tracker, again);
  EXPECT_EQ(again.records, stats.records);
}

TEST_F(OsImportTest, AlpineSecdb) {
  fs::path secdb = kVulndata / "alpine-secdb";
  ASSERT_TRUE(fs::exists(secdb / "v3.11" / "main.yaml")) << "missing " << secdb;
  ImportStats stats;
  auto store = ImportInto(secdb, stats);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(stats.format, "alpine-secdb");
  EXPECT_EQ(stats.files, 18u);
  // The 14 placeholder lines "CVE-????-?????  XSA-NNN" fall back to the XSA. Malformed: 24
  // fixed versions apk cannot order ("4.8.0.-r1", "0.8.21.r2", "2.7.16-33", "4.10-1-r1"...) and
  // one ID written "CVE 2018-16859".
  EXPECT_EQ(stats.malformed, 25u);
  ASSERT_FALSE(stats.malformed_examples.empty());
  EXPECT_NE(stats.malformed_examples[0].find("is not an apk version"), std::string::npos);
  EXPECT_EQ(stats.not_affected, 5u);  // the five CVEs of db's "0" secfix in v3.8/main.yaml
  auto info = store->Info();
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->vulnerabilities_per_ecosystem.size(), 9u);  // v3.3 ... v3.11
  // Distinct IDs with at least one usable fix: `grep` finds 2473 distinct leading IDs in the
  // files; the rest appear only in "0" or malformed entries.
  EXPECT_EQ(info->vulnerabilities, 2462);
  EXPECT_EQ(stats.records, 2462u);

  // The first secfix of v3.11/main.yaml, read from the file here.
  std::string main = ReadAll(secdb / "v3.11" / "main.yaml");
  std::smatch first;
  ASSERT_TRUE(std::regex_search(
      main, first,
      std::regex(R"re(name: (\S+)\n\s+secfixes:\n\s+"?([0-9][^:"]*)"?:\n\s+- (CVE-\d+-\d+))re")));
  std::string package = first[1], fixed = first[2], cve = first[3];
  auto affected = store->FindAffected("Alpine:v3.11", package);
  ASSERT_TRUE(affected.has_value());
  bool found = false;
  for (const auto& entry : *affected) {
    if (entry.id == "ALPINE-" + cve) {
      found = true;
      EXPECT_EQ(entry.affected.ranges.at(0).events.at(1).version, fixed);
    }
  }
  EXPECT_TRUE(found) << package << " " << cve;
  auto record = store->FindRecord("ALPINE-" + cve);
  ASSERT_TRUE(record.has_value() && record->has_value());
  EXPECT_EQ((*record)->aliases, std::vector<std::string>{cve});

  // "0" means never affected: db in v3.8 has no entry for CVE-2016-0682.
  auto db = store->FindAffected("Alpine:v3.8", "db");
  ASSERT_TRUE(db.has_value());
  for (const auto& entry : *db) EXPECT_NE(entry.id, "ALPINE-CVE-2016-0682");
}

TEST(DebianTrackerTest, MalformedLinesAreCountedAndNamed) {
  auto list = ParseDebianTrackerList(
      "[29 Mar 2023] DSA-1-1 foo - security update\n"
      "\t{CVE-2023-0001}\n"
      "\t[bullseye] - foo 1.0-1\n"
      "\t[narnia] - foo 1.0-1\n"
      "\t[bullseye] - Foo! 1.0-1\n"
      "\t[bullseye] - foo not-a-version\n"
      "\t[bullseye] foo 1.0-1\n"
      "\tgarbage\n"
      "[99 Foo 2023] DSA-2-1 bar - broken header\n"
      "\t[bullseye] - bar 1.0-1\n"
      "[28 Mar 2023] DSA-3-1 baz - security update\n"
      "\t[bookworm] - baz <unfixed>\n");
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(list->malformed, 7u);
  ASSERT_FALSE(list->malformed_examples.empty());
  EXPECT_EQ(list->malformed_examples[0], "line 4: unknown Debian release \"narnia\" in DSA-1-1");
  ASSERT_EQ(list->records.size(), 2u);
  EXPECT_EQ(list->records[0].affected.size(), 1u);
  EXPECT_EQ(list->records[1].affected.at(0).ecosystem, "Debian:12");
  EXPECT_EQ(list->records[1].affected.at(0).ranges.at(0).events.size(), 1u);
  EXPECT_EQ(*DebianReleaseNumber("bookworm"), "12");
  EXPECT_EQ(*DebianReleaseNumber("trixie"), "13");
  EXPECT_EQ(*DebianReleaseNumber("sarge"), "3.1");
  EXPECT_FALSE(DebianReleaseNumber("sid").has_value());
}

TEST(AlpineSecdbTest, MalformedEntriesAreCountedAndNamed) {
  auto secdb = ParseAlpineSecdb(
      "distroversion: v3.19\n"
      "packages:\n"
      "  - pkg:\n"
      "      secfixes: {}\n"
      "  - pkg:\n"
      "      name: foo\n"
      "      secfixes:\n"
      "        not a version:\n"
      "          - CVE-2024-0001\n"
      "        1.0-r1:\n"
      "          - \"(no id here)\"\n"
      "          - CVE-\?\?\?\?-\?\?\?\?\?  XSA-99\n"
      "          - CVE-2024-0002.patch\n"
      "          - CVE_2024-0003 (note)\n");
  ASSERT_TRUE(secdb.has_value()) << secdb.error().ToString();
  EXPECT_EQ(secdb->malformed, 3u);
  EXPECT_EQ(secdb->malformed_examples.at(0), "line 3: package entry without a name");
  ASSERT_EQ(secdb->fixes.size(), 3u);
  EXPECT_EQ(secdb->fixes[0].ids, std::vector<std::string>{"XSA-99"});
  EXPECT_EQ(secdb->fixes[1].ids, std::vector<std::string>{"CVE-2024-0002"});
  EXPECT_EQ(secdb->fixes[2].ids, std::vector<std::string>{"CVE-2024-0003"});
  EXPECT_FALSE(ParseAlpineSecdb("packages: []\n").has_value());
  EXPECT_FALSE(ParseAlpineSecdb("distroversion: [\n").has_value());
}

}  // namespace
}  // namespace scry::db
