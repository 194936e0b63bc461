#include "scry/cli/db_command.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "scry/base/log.hpp"
#include "scry/db/writer.hpp"

namespace scry::cli {
namespace {

namespace fs = std::filesystem;

// EnsureDatabase against local folder mirrors (<mirror>/Go/all.zip): no network.
class EnsureDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("scry-ensure-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    global_.cache_dir = (directory_ / "cache").string();
    global_.quiet = true;
    options_.repositories = {(directory_ / "mirror").string()};
    options_.ecosystems = {"Go"};
    log::SetSink([this](log::Level level, std::string_view message) {
      if (level >= log::Level::kWarn) warnings_.emplace_back(message);
    });
  }
  void TearDown() override {
    log::SetSink({});
    fs::remove_all(directory_);
  }

  void Publish(const std::string& id) {
    fs::path staging = directory_ / "staging";
    fs::remove_all(staging);
    fs::create_directories(staging);
    std::ofstream(staging / (id + ".json")) << fmt::format(
        R"({{"id": "{}", "modified": "2024-01-01T00:00:00Z", "affected": [{{"package":
            {{"ecosystem": "Go", "name": "example.com/m"}}, "ranges": [{{"type": "SEMVER",
            "events": [{{"introduced": "0"}}]}}]}}]}})",
        id);
    fs::create_directories(directory_ / "mirror" / "Go");
    std::string command = fmt::format(
        "cd '{}' && python3 -c \"import zipfile; z = zipfile.ZipFile('{}', 'w'); "
        "z.write('{}.json'); z.close()\"",
        staging.string(), (directory_ / "mirror" / "Go" / "all.zip").string(), id);
    ASSERT_EQ(std::system(command.c_str()), 0);
  }

  // Marks the database as due for an update (or never due, for an empty value).
  void SetNextUpdate(std::string next_update) {
    auto writer = db::DatabaseWriter::Begin(db::DefaultDatabasePath(global_.cache_dir));
    ASSERT_TRUE(writer.has_value());
    (*writer)->SetNextUpdate(std::move(next_update));
    ASSERT_TRUE((*writer)->Commit().has_value());
  }

  bool Has(const db::AdvisoryStore& store, std::string_view id) {
    auto record = store.FindRecord(id);
    return record.has_value() && record->has_value();
  }

  fs::path directory_;
  GlobalOptions global_;
  DbUpdateOptions options_;
  std::vector<std::string> warnings_;
};

TEST_F(EnsureDatabaseTest, DownloadsAMissingDatabase) {
  Publish("GO-1");
  auto store = EnsureDatabase(global_, options_);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  EXPECT_TRUE(Has(**store, "GO-1"));
}

TEST_F(EnsureDatabaseTest, FirstRunWithoutNetworkSaysWhatToDo) {
  auto store = EnsureDatabase(global_, options_);
  ASSERT_FALSE(store.has_value());
  std::string message = store.error().ToString();
  EXPECT_TRUE(message.starts_with("no vulnerability database, and downloading one failed (Go: "))
      << message;
  EXPECT_NE(message.find("no such file"), std::string::npos) << message;
  EXPECT_TRUE(
      message.ends_with("): run `scry db update` when online, or `scry db import DIR` "
                        "with OSV records offline"))
      << message;
  EXPECT_FALSE(fs::exists(db::DefaultDatabasePath(global_.cache_dir)));
}

TEST_F(EnsureDatabaseTest, SkipUpdateNeverDownloads) {
  Publish("GO-1");
  options_.skip_update = true;
  auto store = EnsureDatabase(global_, options_);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(store.error().ToString().find("--skip-db-update"), std::string::npos);
  EXPECT_FALSE(fs::exists(db::DefaultDatabasePath(global_.cache_dir)));

  options_.skip_update = false;
  ASSERT_TRUE(EnsureDatabase(global_, options_).has_value());
  SetNextUpdate("2000-01-01T00:00:00Z");
  Publish("GO-2");
  options_.skip_update = true;
  auto stale = EnsureDatabase(global_, options_);
  ASSERT_TRUE(stale.has_value());
  EXPECT_TRUE(Has(**stale, "GO-1"));
  EXPECT_FALSE(Has(**stale, "GO-2"));
}

TEST_F(EnsureDatabaseTest, RefreshesADueDatabase) {
  Publish("GO-1");
  ASSERT_TRUE(EnsureDatabase(global_, options_).has_value());
  Publish("GO-2");
  // Not due yet: the database stays as it is.
  auto current = EnsureDatabase(global_, options_);
  ASSERT_TRUE(current.has_value());
  EXPECT_TRUE(Has(**current, "GO-1"));
  EXPECT_FALSE(Has(**current, "GO-2"));
  SetNextUpdate("2000-01-01T00:00:00Z");
  auto refreshed = EnsureDatabase(global_, options_);
  ASSERT_TRUE(refreshed.has_value()) << refreshed.error().ToString();
  EXPECT_FALSE(Has(**refreshed, "GO-1"));
  EXPECT_TRUE(Has(**refreshed, "GO-2"));
  EXPECT_TRUE(warnings_.empty());
}

TEST_F(EnsureDatabaseTest, FailedRefreshWarnsAndKeepsTheOldDatabase) {
  Publish("GO-1");
  ASSERT_TRUE(EnsureDatabase(global_, options_).has_value());
  SetNextUpdate("2000-01-01T00:00:00Z");
  fs::remove_all(directory_ / "mirror");
  auto store = EnsureDatabase(global_, options_);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  EXPECT_TRUE(Has(**store, "GO-1"));
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_NE(warnings_[0].find("could not update the vulnerability database"), std::string::npos);
}

TEST_F(EnsureDatabaseTest, ImportedDatabasesAreNeverRefreshed) {
  Publish("GO-1");
  ASSERT_TRUE(EnsureDatabase(global_, options_).has_value());
  SetNextUpdate("");
  Publish("GO-2");
  auto store = EnsureDatabase(global_, options_);
  ASSERT_TRUE(store.has_value());
  EXPECT_TRUE(Has(**store, "GO-1"));
  EXPECT_FALSE(Has(**store, "GO-2"));
}

}  // namespace
}  // namespace scry::cli
