#include "scry/db/writer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "scry/db/advisory_store.hpp"

namespace scry::db {
namespace {

namespace fs = std::filesystem;

const fs::path kVulndata = fs::path(SCRY_SOURCE_DIR) / ".." / "shared" / "vulndata";

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("scry-db-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    path_ = directory_ / "db" / "scry.db";
  }
  void TearDown() override { fs::remove_all(directory_); }

  ImportStats Import(const fs::path& input, std::string_view source) {
    auto writer = DatabaseWriter::Begin(path_);
    EXPECT_TRUE(writer.has_value()) << writer.error().ToString();
    auto stats = ImportOsv(**writer, input, source);
    EXPECT_TRUE(stats.has_value()) << stats.error().ToString();
    SourceInfo info{std::string(source),
                    "import",
                    input.string(),
                    static_cast<int64_t>(stats->records),
                    NowRfc3339(),
                    "",
                    "",
                    ""};
    EXPECT_TRUE((*writer)->PutSource(info).has_value());
    auto committed = (*writer)->Commit();
    EXPECT_TRUE(committed.has_value()) << committed.error().ToString();
    return *stats;
  }

  void WriteRecord(const fs::path& file, std::string_view id, std::string_view modified,
                   std::string_view fixed) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << fmt::format(
        R"({{"id": "{}", "modified": "{}", "aliases": ["CVE-2099-0001"],
            "affected": [{{"package": {{"ecosystem": "PyPI", "name": "Some_Package"}},
            "ranges": [{{"type": "ECOSYSTEM", "events": [{{"introduced": "0"}}, {{"fixed": "{}"}}]}}]}}]}})",
        id, modified, fixed);
  }

  fs::path directory_;
  fs::path path_;
};

TEST_F(DatabaseTest, ImportsTheGoVulnerabilityDatabase) {
  auto start = std::chrono::steady_clock::now();
  ImportStats stats = Import(kVulndata / "go" / "osv", "go-vulndb");
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(stats.files, 4291u);
  EXPECT_EQ(stats.records, 4291u);
  EXPECT_EQ(stats.inserted, 4291u);
  EXPECT_EQ(stats.malformed, 0u);
  EXPECT_EQ(stats.withdrawn, 17u);
  std::cout << "import of 4291 records: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms\n";

  auto store = AdvisoryStore::Open(path_);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  auto text = (*store)->FindAffected("Go", "golang.org/x/text");
  ASSERT_TRUE(text.has_value());
  bool found = false;
  for (const auto& entry : *text) found |= entry.id == "GO-2022-1059";
  EXPECT_TRUE(found);
  // Go module paths are case-sensitive.
  EXPECT_TRUE((*store)->FindAffected("Go", "golang.org/x/TEXT")->empty());
  auto record = (*store)->FindRecord("GO-2022-1059");
  ASSERT_TRUE(record.has_value() && record->has_value());
  EXPECT_EQ((*record)->summary.substr(0, 17), "Denial of service");
  EXPECT_EQ((*record)->aliases.size(), 2u);
  EXPECT_EQ((*record)->references.size(), 3u);
  EXPECT_EQ(*(*store)->FindByAlias("CVE-2022-32149"), std::vector<std::string>{"GO-2022-1059"});

  auto info = (*store)->Info();
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->vulnerabilities, 4291);
  EXPECT_EQ(info->withdrawn, 17);
  ASSERT_EQ(info->sources.size(), 1u);
  EXPECT_EQ(info->sources[0].records, 4291);
  EXPECT_GT(info->vulnerabilities_per_ecosystem["Go"], 4000);
  EXPECT_FALSE(info->built_at.empty());
}

TEST_F(DatabaseTest, WithdrawnRecordsNeverMatch) {
  Import(kVulndata / "go" / "osv", "go-vulndb");
  auto store = AdvisoryStore::Open(path_);
  ASSERT_TRUE(store.has_value());
  // Find the withdrawn records through the files, then check none has an affected row.
  size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(kVulndata / "go" / "osv")) {
    std::ifstream in(entry.path());
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (content.find("\"withdrawn\"") == std::string::npos) continue;
    auto record = osv::ParseRecord(content);
    ASSERT_TRUE(record.has_value());
    for (const auto& affected : record->affected) {
      auto stored_entries = (*store)->FindAffected(affected.ecosystem, affected.name);
      ASSERT_TRUE(stored_entries.has_value());
      for (const auto& stored : *stored_entries) {
        EXPECT_NE(stored.id, record->id);
      }
    }
    ++checked;
  }
  EXPECT_EQ(checked, 17u);
}

TEST_F(DatabaseTest, ReimportIsIdempotentAndNewerModifiedWins) {
  WriteRecord(directory_ / "in/PYSEC-1.json", "PYSEC-1", "2024-01-01T00:00:00Z", "1.0");
  ImportStats first = Import(directory_ / "in", "test");
  EXPECT_EQ(first.inserted, 1u);
  ImportStats second = Import(directory_ / "in", "test");
  EXPECT_EQ(second.unchanged, 1u);
  EXPECT_EQ(second.inserted + second.updated, 0u);

  WriteRecord(directory_ / "older/PYSEC-1.json", "PYSEC-1", "2023-01-01T00:00:00Z", "0.5");
  EXPECT_EQ(Import(directory_ / "older", "test").older, 1u);
  WriteRecord(directory_ / "newer/PYSEC-1.json", "PYSEC-1", "2025-01-01T00:00:00Z", "2.0");
  EXPECT_EQ(Import(directory_ / "newer", "test").updated, 1u);

  auto store = AdvisoryStore::Open(path_);
  ASSERT_TRUE(store.has_value());
  // PyPI names are normalised (PEP 503) on both sides.
  auto entries = (*store)->FindAffected("PyPI", "some.package");
  ASSERT_TRUE(entries.has_value());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().affected.ranges[0].events[1].version, "2.0");
}

TEST_F(DatabaseTest, MalformedRecordsAreCountedAndNamed) {
  WriteRecord(directory_ / "in/GOOD.json", "GOOD", "2024-01-01T00:00:00Z", "1.0");
  std::ofstream(directory_ / "in/broken.json") << "{\"id\": ";
  std::ofstream(directory_ / "in/no-id.json") << "{\"modified\": \"x\"}";
  std::ofstream(directory_ / "in/ignored.txt") << "not json";
  ImportStats stats = Import(directory_ / "in", "test");
  EXPECT_EQ(stats.records, 1u);
  EXPECT_EQ(stats.malformed, 2u);
  ASSERT_EQ(stats.malformed_examples.size(), 2u);
  EXPECT_NE(stats.malformed_examples[0].find("broken.json"), std::string::npos);
}

TEST_F(DatabaseTest, ImportsZipExports) {
  WriteRecord(directory_ / "zip/A-1.json", "A-1", "2024-01-01T00:00:00Z", "1.0");
  WriteRecord(directory_ / "zip/A-2.json", "A-2", "2024-01-01T00:00:00Z", "2.0");
  std::string command = fmt::format(
      "cd '{}' && python3 -c \"import zipfile; z = "
      "zipfile.ZipFile('all.zip', 'w', zipfile.ZIP_DEFLATED); "
      "z.write('A-1.json'); z.write('A-2.json'); z.close()\"",
      (directory_ / "zip").string());
  ASSERT_EQ(std::system(command.c_str()), 0);
  ImportStats stats = Import(directory_ / "zip" / "all.zip", "zip");
  EXPECT_EQ(stats.records, 2u);
  EXPECT_EQ(stats.inserted, 2u);
}

TEST_F(DatabaseTest, FailedWriteLeavesTheDatabaseIntact) {
  WriteRecord(directory_ / "in/A.json", "A", "2024-01-01T00:00:00Z", "1.0");
  Import(directory_ / "in", "test");
  {
    auto writer = DatabaseWriter::Begin(path_);
    ASSERT_TRUE(writer.has_value());
    WriteRecord(directory_ / "in2/B.json", "B", "2024-01-01T00:00:00Z", "1.0");
    ASSERT_TRUE(ImportOsv(**writer, directory_ / "in2", "test").has_value());
    // Destroyed without Commit: an interrupted update.
  }
  auto store = AdvisoryStore::Open(path_);
  ASSERT_TRUE(store.has_value());
  EXPECT_TRUE((*store)->FindRecord("A")->has_value());
  EXPECT_FALSE((*store)->FindRecord("B")->has_value());
  // No temporary file is left behind.
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(path_.parent_path())) {
    if (entry.path().filename().string().find(".tmp.") != std::string::npos) ++files;
  }
  EXPECT_EQ(files, 0u);
}

TEST_F(DatabaseTest, MissingDatabaseSaysWhatToDo) {
  auto store = AdvisoryStore::Open(directory_ / "nothing.db");
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(store.error().message().find("scry db update"), std::string::npos);
  EXPECT_NE(store.error().message().find("scry db import"), std::string::npos);
}

}  // namespace
}  // namespace scry::db
