#include "scry/db/updater.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "scry/db/advisory_store.hpp"

namespace scry::db {
namespace {

namespace fs = std::filesystem;

// Local folder mirrors (<mirror>/<Ecosystem>/all.zip) stand in for osv.dev here; the HTTP side
// is covered by net's tests and tests/integration/db_update_test.py.
class UpdaterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("scry-updater-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    options_.database = directory_ / "db" / "scry.db";
    options_.repositories = {(directory_ / "mirror").string()};
    options_.ecosystems = {"Go", "PyPI"};
  }
  void TearDown() override { fs::remove_all(directory_); }

  // Writes <mirror>/<ecosystem>/all.zip holding one record per ID.
  void Publish(const fs::path& mirror, std::string_view ecosystem,
               const std::vector<std::string>& ids, std::string_view modified) {
    fs::path staging = directory_ / "staging";
    fs::remove_all(staging);
    fs::create_directories(staging);
    for (const std::string& id : ids) {
      std::ofstream(staging / (id + ".json")) << fmt::format(
          R"({{"id": "{}", "modified": "{}", "aliases": ["CVE-{}"],
              "affected": [{{"package": {{"ecosystem": "{}", "name": "pkg-{}"}},
              "ranges": [{{"type": "ECOSYSTEM", "events": [{{"introduced": "0"}}]}}]}}]}})",
          id, modified, id, ecosystem, id);
    }
    fs::create_directories(mirror / ecosystem);
    std::string command = fmt::format(
        "cd '{}' && python3 -c \"import glob, zipfile; z = zipfile.ZipFile('{}', 'w', "
        "zipfile.ZIP_DEFLATED); [z.write(f) for f in sorted(glob.glob('*.json'))]; z.close()\"",
        staging.string(), (mirror / ecosystem / "all.zip").string());
    ASSERT_EQ(std::system(command.c_str()), 0);
  }

  DatabaseInfo Info() {
    auto store = AdvisoryStore::Open(options_.database);
    EXPECT_TRUE(store.has_value()) << store.error().ToString();
    auto info = (*store)->Info();
    EXPECT_TRUE(info.has_value());
    return *info;
  }

  fs::path directory_;
  UpdateOptions options_;
};

TEST_F(UpdaterTest, DownloadsThenFindsEverythingCurrent) {
  Publish(directory_ / "mirror", "Go", {"GO-1", "GO-2"}, "2024-01-01T00:00:00Z");
  Publish(directory_ / "mirror", "PyPI", {"PYSEC-1"}, "2024-01-01T00:00:00Z");
  auto first = UpdateDatabase(options_);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  ASSERT_EQ(first->ecosystems.size(), 2u);
  EXPECT_FALSE(first->ecosystems[0].not_modified);
  EXPECT_EQ(first->ecosystems[0].records, 2);
  EXPECT_EQ(first->ecosystems[1].records, 1);
  DatabaseInfo info = Info();
  EXPECT_EQ(info.vulnerabilities, 3);
  EXPECT_EQ(info.next_update, first->next_update);
  EXPECT_GT(info.next_update, info.built_at);
  ASSERT_EQ(info.sources.size(), 2u);
  EXPECT_EQ(info.sources[0].name, "Go");
  EXPECT_EQ(info.sources[0].kind, "download");
  EXPECT_EQ(info.sources[0].sha256.size(), 64u);
  EXPECT_FALSE(info.sources[0].etag.empty());

  auto second = UpdateDatabase(options_);
  ASSERT_TRUE(second.has_value()) << second.error().ToString();
  EXPECT_TRUE(second->ecosystems[0].not_modified);
  EXPECT_TRUE(second->ecosystems[1].not_modified);
  EXPECT_EQ(second->ecosystems[0].records, 2);
  EXPECT_EQ(Info().vulnerabilities, 3);

  // A new export replaces the ecosystem's records: GO-1 is gone from it, GO-3 is new.
  Publish(directory_ / "mirror", "Go", {"GO-2", "GO-3"}, "2024-02-01T00:00:00Z");
  auto third = UpdateDatabase(options_);
  ASSERT_TRUE(third.has_value()) << third.error().ToString();
  EXPECT_FALSE(third->ecosystems[0].not_modified);
  EXPECT_EQ(third->ecosystems[0].removed, 2);
  EXPECT_TRUE(third->ecosystems[1].not_modified);
  auto store = AdvisoryStore::Open(options_.database);
  ASSERT_TRUE(store.has_value());
  EXPECT_FALSE((*store)->FindRecord("GO-1")->has_value());
  EXPECT_TRUE((*store)->FindRecord("GO-3")->has_value());
  EXPECT_TRUE((*store)->FindAffected("Go", "pkg-GO-1")->empty());
  EXPECT_TRUE((*store)->FindByAlias("CVE-GO-1")->empty());
  EXPECT_EQ((*store)->FindAffected("PyPI", "pkg-pysec-1")->size(), 1u);
}

TEST_F(UpdaterTest, RemoveSourceLeavesOtherSourcesAlone) {
  Publish(directory_ / "mirror", "Go", {"GO-1"}, "2024-01-01T00:00:00Z");
  Publish(directory_ / "mirror", "PyPI", {"PYSEC-1"}, "2024-01-01T00:00:00Z");
  ASSERT_TRUE(UpdateDatabase(options_).has_value());
  auto writer = DatabaseWriter::Begin(options_.database);
  ASSERT_TRUE(writer.has_value());
  auto removed = (*writer)->RemoveSource("Go");
  ASSERT_TRUE(removed.has_value()) << removed.error().ToString();
  EXPECT_EQ(*removed, 1);
  EXPECT_FALSE((*writer)->FindSource("Go")->has_value());
  EXPECT_TRUE((*writer)->FindSource("PyPI")->has_value());
  EXPECT_EQ(*(*writer)->RemoveSource("nothing"), 0);
  ASSERT_TRUE((*writer)->Commit().has_value());
  DatabaseInfo info = Info();
  EXPECT_EQ(info.vulnerabilities, 1);
  EXPECT_EQ(info.vulnerabilities_per_ecosystem.count("Go"), 0u);
  EXPECT_EQ(info.vulnerabilities_per_ecosystem["PyPI"], 1);
}

TEST_F(UpdaterTest, FailureOfOneEcosystemKeepsThePreviousDatabase) {
  Publish(directory_ / "mirror", "Go", {"GO-1"}, "2024-01-01T00:00:00Z");
  Publish(directory_ / "mirror", "PyPI", {"PYSEC-1"}, "2024-01-01T00:00:00Z");
  ASSERT_TRUE(UpdateDatabase(options_).has_value());
  std::string built_at = Info().built_at;

  Publish(directory_ / "mirror", "Go", {"GO-1", "GO-2"}, "2024-03-01T00:00:00Z");
  std::ofstream(directory_ / "mirror" / "PyPI" / "all.zip", std::ios::trunc) << "not a zip";
  auto failed = UpdateDatabase(options_);
  ASSERT_FALSE(failed.has_value());
  EXPECT_NE(failed.error().message().find("PyPI"), std::string::npos) << failed.error().ToString();
  DatabaseInfo info = Info();
  EXPECT_EQ(info.vulnerabilities, 2);
  EXPECT_EQ(info.built_at, built_at);
  for (const auto& entry : fs::directory_iterator(options_.database.parent_path())) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();
  }
}

TEST_F(UpdaterTest, TriesRepositoriesInOrder) {
  Publish(directory_ / "second", "Go", {"GO-1"}, "2024-01-01T00:00:00Z");
  options_.repositories = {(directory_ / "missing").string(),
                           "file://" + (directory_ / "second").string()};
  options_.ecosystems = {"go"};  // known names are matched case-insensitively
  auto summary = UpdateDatabase(options_);
  ASSERT_TRUE(summary.has_value()) << summary.error().ToString();
  ASSERT_EQ(summary->ecosystems.size(), 1u);
  EXPECT_EQ(summary->ecosystems[0].ecosystem, "Go");
  EXPECT_EQ(summary->ecosystems[0].url, "file://" + (directory_ / "second/Go/all.zip").string());
  ASSERT_EQ(summary->ecosystems[0].skipped.size(), 1u);
  EXPECT_NE(summary->ecosystems[0].skipped[0].find("no such file"), std::string::npos);
}

TEST_F(UpdaterTest, ChecksumSidecarsAreVerified) {
  Publish(directory_ / "mirror", "Go", {"GO-1"}, "2024-01-01T00:00:00Z");
  options_.ecosystems = {"Go"};
  std::ofstream(directory_ / "mirror" / "Go" / "all.zip.sha256")
      << std::string(64, 'a') << "  all.zip\n";
  auto wrong = UpdateDatabase(options_);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(wrong.error().message().find("checksum mismatch"), std::string::npos);
  EXPECT_FALSE(fs::exists(options_.database));

  std::string command = fmt::format("cd '{}' && sha256sum all.zip > all.zip.sha256",
                                    (directory_ / "mirror" / "Go").string());
  ASSERT_EQ(std::system(command.c_str()), 0);
  auto right = UpdateDatabase(options_);
  ASSERT_TRUE(right.has_value()) << right.error().ToString();
  EXPECT_EQ(Info().vulnerabilities, 1);
}

TEST_F(UpdaterTest, UnknownEcosystemNamesTheEcosystem) {
  options_.ecosystems = {"NoSuchEcosystem"};
  auto summary = UpdateDatabase(options_);
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(summary.error().message().starts_with("NoSuchEcosystem: "));
}

TEST(ExportUrlTest, EscapesForUrlsOnly) {
  EXPECT_EQ(ExportUrl(kDefaultRepository, "Rocky Linux"),
            "https://osv-vulnerabilities.storage.googleapis.com/Rocky%20Linux/all.zip");
  EXPECT_EQ(ExportUrl("http://mirror/osv/", "crates.io"), "http://mirror/osv/crates.io/all.zip");
  EXPECT_EQ(ExportUrl("/srv/osv", "Rocky Linux"), "/srv/osv/Rocky Linux/all.zip");
}

}  // namespace
}  // namespace scry::db
