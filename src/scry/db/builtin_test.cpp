#include "scry/db/builtin.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "scry/db/advisory_store.hpp"
#include "scry/db/writer.hpp"

namespace scry::db {
namespace {

namespace fs = std::filesystem;

class BuiltinTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("scry-builtin-" + std::to_string(::getpid()));
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  // A one-record database, gzip-compressed as the build does it.
  std::vector<uint8_t> CompressedDatabase() {
    fs::path source = directory_ / "source.db";
    auto writer = DatabaseWriter::Begin(source);
    EXPECT_TRUE(writer.has_value());
    auto record = osv::ParseRecord(R"({"id": "GO-1", "modified": "2024-01-01T00:00:00Z"})");
    EXPECT_TRUE((*writer)->Add(*record, "test").has_value());
    EXPECT_TRUE((*writer)->Commit().has_value());
    std::string command = "gzip -9 -n -f '" + source.string() + "'";
    EXPECT_EQ(std::system(command.c_str()), 0);
    std::ifstream in(directory_ / "source.db.gz", std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  fs::path directory_;
};

TEST_F(BuiltinTest, InstallsAndOpens) {
  std::vector<uint8_t> compressed = CompressedDatabase();
  fs::path target = directory_ / "cache" / "db" / "scry.db";
  ASSERT_TRUE(InstallDatabase(target, compressed).has_value());
  auto store = AdvisoryStore::Open(target);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  EXPECT_TRUE((*store)->FindRecord("GO-1")->has_value());
  // A second install leaves the existing database alone.
  ASSERT_TRUE(InstallDatabase(target, std::vector<uint8_t>{1, 2, 3}).has_value());
  EXPECT_TRUE(AdvisoryStore::Open(target).has_value());
}

TEST_F(BuiltinTest, CorruptDataLeavesNothingBehind) {
  std::vector<uint8_t> compressed = CompressedDatabase();
  compressed.resize(compressed.size() / 2);
  fs::path target = directory_ / "cache" / "db" / "scry.db";
  auto installed = InstallDatabase(target, compressed);
  ASSERT_FALSE(installed.has_value());
  EXPECT_EQ(installed.error().code(), ErrorCode::kInvalidInput);
  for (const auto& entry : fs::directory_iterator(target.parent_path())) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(target));
}

TEST_F(BuiltinTest, TestsAreLinkedWithoutABuiltinDatabase) {
  // Only the scry executable carries the data; libraries and tests see none.
  EXPECT_TRUE(BuiltinDatabase().empty());
}

}  // namespace
}  // namespace scry::db
