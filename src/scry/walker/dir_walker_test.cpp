#include "scry/walker/dir_walker.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace scry::walker {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

class DirWalkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("scry-walker-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "tree");
    fs::create_directories(root_ / "outside");
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << content;
  }

  std::vector<std::string> Paths(const fs::path& target, const WalkOptions& options = {}) {
    auto files = ListRegularFiles(target, options);
    EXPECT_TRUE(files.has_value());
    std::vector<std::string> paths;
    if (files) {
      for (const auto& file : *files) paths.push_back(file.info.path);
    }
    return paths;
  }

  fs::path root_;
};

TEST_F(DirWalkerTest, ListsRegularFilesInSortedOrder) {
  Write(root_ / "tree/b/z.txt", "z");
  Write(root_ / "tree/a.bin", "a");
  Write(root_ / "tree/b/a.txt", "aa");
  EXPECT_THAT(Paths(root_ / "tree"), ElementsAre("a.bin", "b/a.txt", "b/z.txt"));
  auto files = ListRegularFiles(root_ / "tree", {});
  ASSERT_TRUE(files.has_value());
  EXPECT_EQ((*files)[1].info.size, 2u);
  EXPECT_TRUE(S_ISREG((*files)[1].info.mode));
}

TEST_F(DirWalkerTest, NeverFollowsSymbolicLinks) {
  Write(root_ / "outside/secret", "outside the tree");
  Write(root_ / "tree/real", "inside");
  fs::create_directory_symlink(root_ / "outside", root_ / "tree/link-to-outside-dir");
  fs::create_symlink(root_ / "outside/secret", root_ / "tree/link-to-outside-file");
  fs::create_symlink("real", root_ / "tree/link-to-inside");
  fs::create_directory_symlink("..", root_ / "tree/loop");
  fs::create_symlink("missing", root_ / "tree/dangling");
  EXPECT_THAT(Paths(root_ / "tree"), ElementsAre("real"));
}

TEST_F(DirWalkerTest, HardLinksAreOfferedOnce) {
  Write(root_ / "tree/a/original", "same inode");
  fs::create_hard_link(root_ / "tree/a/original", root_ / "tree/b-link");
  fs::create_directories(root_ / "tree/c");
  fs::create_hard_link(root_ / "tree/a/original", root_ / "tree/c/another");
  EXPECT_THAT(Paths(root_ / "tree"), ElementsAre("a/original"));
}

TEST_F(DirWalkerTest, SkipsDirectoriesAndSpecialFiles) {
  Write(root_ / "tree/proc/1/status", "x");
  Write(root_ / "tree/etc/os-release", "x");
  ASSERT_EQ(::mkfifo((root_ / "tree/fifo").c_str(), 0600), 0);
  WalkOptions options;
  options.skip_directories = {"proc"};
  EXPECT_THAT(Paths(root_ / "tree", options), ElementsAre("etc/os-release"));
}

TEST_F(DirWalkerTest, SkipGlobsAndNames) {
  for (const char* path : {"go.mod", "go.sum", ".git/config", "sub/.git/HEAD", "a/testdata/go.mod",
                           "a/b/testdata/x", "vendor/modules.txt", "web/yarn.lock"}) {
    Write(root_ / "tree" / path, "x");
  }
  WalkOptions options;
  options.skip_directory_names = {".git"};
  options.skip_directory_globs = {"**/testdata", "./vendor/"};
  options.skip_file_globs = {"**/*.lock", "go.sum"};
  EXPECT_THAT(Paths(root_ / "tree", options), ElementsAre("go.mod"));
}

TEST_F(DirWalkerTest, SingleFileAndRootLink) {
  Write(root_ / "outside/app", "binary");
  EXPECT_THAT(Paths(root_ / "outside/app"), ElementsAre("app"));
  // The root itself may be a link: the user named it.
  fs::create_directory_symlink(root_ / "outside", root_ / "tree/root-link");
  EXPECT_THAT(Paths(root_ / "tree/root-link"), ElementsAre("app"));
}

TEST_F(DirWalkerTest, MissingRoot) {
  auto files = ListRegularFiles(root_ / "does-not-exist", {});
  ASSERT_FALSE(files.has_value());
  EXPECT_EQ(files.error().code(), ErrorCode::kNotFound);
}

TEST_F(DirWalkerTest, OpensThroughMemoryMap) {
  Write(root_ / "tree/data", "hello");
  auto source = MapFileOpener(root_ / "tree/data")();
  ASSERT_TRUE(source.has_value());
  EXPECT_EQ(AsChars((*source)->bytes()), "hello");
  Write(root_ / "tree/empty", "");
  auto empty = MapFileOpener(root_ / "tree/empty")();
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE((*empty)->bytes().empty());
  EXPECT_FALSE(MapFileOpener(root_ / "tree/none")().has_value());
}

TEST_F(DirWalkerTest, DepthIsBounded) {
  fs::path deep = root_ / "tree";
  for (int i = 0; i < 300; ++i) deep /= "d";
  std::error_code error;
  fs::create_directories(deep, error);
  if (error) GTEST_SKIP() << "cannot create a 300-level tree: " << error.message();
  Write(deep / "file", "x");
  Write(root_ / "tree/shallow", "x");
  EXPECT_THAT(Paths(root_ / "tree"), ElementsAre("shallow"));
}

}  // namespace
}  // namespace scry::walker
