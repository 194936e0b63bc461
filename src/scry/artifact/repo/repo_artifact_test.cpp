#include "scry/artifact/repo/repo_artifact.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>

namespace scry::artifact::repo {
namespace {

TEST(RepoUrlTest, IsRemoteUrl) {
  for (const char* url : {"file:///srv/x", "git://host/x.git", "http://h/x", "https://h/x",
                          "ssh://git@h/x", "git+ssh://h/x", "git@github.com:owner/repo.git"}) {
    EXPECT_TRUE(IsRemoteUrl(url)) << url;
  }
  for (const char* path : {".", "/srv/repo", "a/b@c:d", "repo", "C:foo", "./x@y:z"}) {
    EXPECT_FALSE(IsRemoteUrl(path)) << path;
  }
}

TEST(RepoUrlTest, RedactUrl) {
  EXPECT_EQ(RedactUrl("https://user:secret@h/x.git"), "https://h/x.git");
  EXPECT_EQ(RedactUrl("https://TOKEN@github.com/o/r"), "https://github.com/o/r");
  EXPECT_EQ(RedactUrl("http://u:p@h:8080/a@b"), "http://h:8080/a@b");
  EXPECT_EQ(RedactUrl("ssh://git@h/x"), "ssh://git@h/x");
  EXPECT_EQ(RedactUrl("ssh://git:pw@h/x"), "ssh://h/x");
  EXPECT_EQ(RedactUrl("git@github.com:o/r.git"), "git@github.com:o/r.git");
  EXPECT_EQ(RedactUrl("file:///srv/x"), "file:///srv/x");
}

int Shell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(OpenRepositoryTest, LocalWorkingTreeAndClone) {
  auto dir =
      std::filesystem::temp_directory_path() / ("scry-repo-unit-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "work");
  std::ofstream(dir / "work" / "go.mod") << "module x\n";
  std::string git = "cd '" + (dir / "work").string() + "' && git -c user.name=t -c user.email=t@e ";
  ASSERT_EQ(Shell("cd '" + (dir / "work").string() + "' && git init -q -b trunk && git add go.mod"),
            0);
  ASSERT_EQ(Shell(git + "commit -qm one && git tag v1"), 0);

  RepoOptions options;
  options.target = (dir / "work").string();
  auto local = OpenRepository(options);
  ASSERT_TRUE(local.has_value()) << local.error().ToString();
  EXPECT_FALSE(local->cloned);
  EXPECT_EQ(local->branch, "trunk");
  EXPECT_EQ(local->tags, std::vector<std::string>{"v1"});
  EXPECT_EQ(local->commit.size(), 40u);

  options.tag = "v1";
  options.clone_dir = dir / "clone";
  auto cloned = OpenRepository(options);
  ASSERT_TRUE(cloned.has_value()) << cloned.error().ToString();
  EXPECT_TRUE(cloned->cloned);
  EXPECT_EQ(cloned->commit, local->commit);
  EXPECT_TRUE(std::filesystem::exists(dir / "clone" / "go.mod"));

  options.tag = "missing";
  options.clone_dir = dir / "clone2";
  auto missing = OpenRepository(options);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.error().ToString().find("unknown tag missing"), std::string::npos);

  options.tag.clear();
  options.branch = "a";
  options.commit = "b";
  EXPECT_EQ(OpenRepository(options).error().code(), ErrorCode::kInvalidInput);
  options.branch.clear();
  options.commit.clear();
  options.target = dir.string();  // not a working tree
  EXPECT_EQ(OpenRepository(options).error().code(), ErrorCode::kInvalidInput);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scry::artifact::repo
