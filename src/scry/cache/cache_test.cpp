#include "scry/cache/cache.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

namespace scry::cache {
namespace {

namespace fs = std::filesystem;

class CacheTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("scry-cache-test-" + std::to_string(::getpid()));
    fs::remove_all(directory_);
    auto cache = MakeCache(GetParam(), directory_);
    ASSERT_TRUE(cache.has_value()) << cache.error().ToString();
    cache_ = std::move(*cache);
  }
  void TearDown() override { fs::remove_all(directory_); }

  fs::path directory_;
  std::unique_ptr<Cache> cache_;
};

TEST_P(CacheTest, StoresReplacesAndClears) {
  std::string key = MakeKey({"sha256:layer", "gobinary:1"});
  EXPECT_EQ(cache_->Get(key).value(), std::nullopt);
  ASSERT_TRUE(cache_->Put(key, "first").has_value());
  EXPECT_EQ(cache_->Get(key).value(), "first");
  ASSERT_TRUE(cache_->Put(key, std::string(300000, 'x')).has_value());
  EXPECT_EQ(cache_->Get(key).value()->size(), 300000u);
  ASSERT_TRUE(cache_->Clear().has_value());
  EXPECT_EQ(cache_->Get(key).value(), std::nullopt);
}

TEST_P(CacheTest, RejectsKeysThatCouldNameOtherFiles) {
  for (const std::string& key : std::vector<std::string>{
           "../../etc/passwd", "", std::string(64, 'G'), std::string(63, 'a')}) {
    EXPECT_EQ(cache_->Get(key).error().code(), ErrorCode::kInvalidInput) << key;
    EXPECT_EQ(cache_->Put(key, "x").error().code(), ErrorCode::kInvalidInput) << key;
  }
}

TEST_P(CacheTest, ConcurrentWritersAndReadersSeeWholeBlobs) {
  std::string key = MakeKey({"shared"});
  std::string a(1 << 20, 'a'), b(1 << 20, 'b');
  std::vector<std::thread> threads;
  std::atomic<int> torn = 0;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        ASSERT_TRUE(cache_->Put(key, t % 2 ? a : b).has_value());
        auto blob = cache_->Get(key);
        ASSERT_TRUE(blob.has_value());
        if (*blob && **blob != a && **blob != b) ++torn;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(torn, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, CacheTest,
                         ::testing::Values(Backend::kFilesystem, Backend::kMemory));

TEST(CacheKeyTest, PartsAreDelimitedUnambiguously) {
  EXPECT_NE(MakeKey({"ab", "c"}), MakeKey({"a", "bc"}));
  EXPECT_EQ(MakeKey({"a", "b"}), MakeKey({"a", "b"}));
  EXPECT_EQ(MakeKey({}).size(), 64u);
}

TEST(CacheBackendTest, NamesTheAcceptedValues) {
  EXPECT_EQ(ParseBackend("fs").value(), Backend::kFilesystem);
  EXPECT_EQ(ParseBackend("memory").value(), Backend::kMemory);
  EXPECT_NE(ParseBackend("redis").error().message().find("fs"), std::string::npos);
}

TEST(FilesystemCacheTest, ProcessesSharingTheFolderNeverFail) {
  fs::path directory =
      fs::temp_directory_path() / ("scry-cache-procs-" + std::to_string(::getpid()));
  fs::remove_all(directory);
  std::vector<pid_t> children;
  for (int child = 0; child < 4; ++child) {
    pid_t pid = ::fork();
    if (pid == 0) {
      auto cache = MakeCache(Backend::kFilesystem, directory);
      bool ok = cache.has_value();
      for (size_t i = 0; ok && i < 50; ++i) {
        std::string key = MakeKey({std::to_string(i % 5)});
        ok = (*cache)->Put(key, std::string(10000 + i % 5, 'z')).has_value();
        auto blob = (*cache)->Get(key);
        ok = ok && blob.has_value() && *blob && (*blob)->size() == 10000 + i % 5;
      }
      ::_exit(ok ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  size_t leftovers = 0;
  for (const auto& entry : fs::recursive_directory_iterator(directory)) {
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) ++leftovers;
  }
  EXPECT_EQ(leftovers, 0u);
  fs::remove_all(directory);
}

}  // namespace
}  // namespace scry::cache
