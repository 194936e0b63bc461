#include "scry/analyzer/lang/golang/source/module_path.hpp"

#include <gtest/gtest.h>

namespace scry::analyzer::lang::golang {
namespace {

TEST(ModulePathTest, GuessesModulePaths) {
  struct Case {
    const char* package;
    const char* module;
  };
  for (const Case& c : {
           Case{"github.com/pkg/errors", "github.com/pkg/errors"},
           Case{"github.com/evanw/esbuild/internal/js_parser", "github.com/evanw/esbuild"},
           Case{"github.com/go-redis/redis/v8/internal/pool", "github.com/go-redis/redis/v8"},
           Case{"gitlab.com/group/project/sub", "gitlab.com/group/project"},
           Case{"golang.org/x/sys/unix", "golang.org/x/sys"},
           Case{"golang.org/x/text/unicode/norm", "golang.org/x/text"},
           Case{"gopkg.in/yaml.v3", "gopkg.in/yaml.v3"},
           Case{"gopkg.in/inconshreveable/log15.v2/stack", "gopkg.in/inconshreveable/log15.v2"},
           Case{"k8s.io/client-go/kubernetes", "k8s.io/client-go"},
           Case{"go.uber.org/zap/zapcore", "go.uber.org/zap"},
           Case{"google.golang.org/protobuf/proto", "google.golang.org/protobuf"},
           Case{"cloud.google.com/go/storage/internal", "cloud.google.com/go/storage"},
           Case{"example.com/app/internal/x", "example.com/app"},
           Case{"example.com/app/v3/x", "example.com/app/v3"},
           Case{"example.com", "example.com"},
       }) {
    EXPECT_EQ(GuessModulePath(c.package), c.module) << c.package;
  }
}

TEST(ModulePathTest, RepositoryUrls) {
  EXPECT_EQ(RepositoryUrl("github.com/evanw/esbuild"), "https://github.com/evanw/esbuild");
  EXPECT_EQ(RepositoryUrl("github.com/go-redis/redis/v8"), "https://github.com/go-redis/redis");
  EXPECT_EQ(RepositoryUrl("golang.org/x/net"), "https://go.googlesource.com/net");
  EXPECT_EQ(RepositoryUrl("gopkg.in/yaml.v3"), "https://github.com/go-yaml/yaml");
  EXPECT_EQ(RepositoryUrl("gopkg.in/inconshreveable/log15.v2"),
            "https://github.com/inconshreveable/log15");
  EXPECT_EQ(RepositoryUrl("k8s.io/client-go"), "https://github.com/kubernetes/client-go");
  EXPECT_EQ(RepositoryUrl("sigs.k8s.io/yaml"), "https://github.com/kubernetes-sigs/yaml");
  EXPECT_EQ(RepositoryUrl("go.uber.org/zap"), "https://github.com/uber-go/zap");
  EXPECT_EQ(RepositoryUrl("google.golang.org/grpc"), "https://github.com/grpc/grpc-go");
  EXPECT_EQ(RepositoryUrl("example.com/app/v2"), "https://example.com/app");
  EXPECT_EQ(RepositoryUrl(""), "");
}

TEST(ModulePathTest, Escaping) {
  EXPECT_EQ(UnescapeModulePath("github.com/!burnt!sushi/toml"), "github.com/BurntSushi/toml");
  EXPECT_EQ(UnescapeModulePath("plain/path!"), "plain/path!");
  EXPECT_TRUE(IsMajorVersionSuffix("v2"));
  EXPECT_TRUE(IsMajorVersionSuffix("v10"));
  EXPECT_FALSE(IsMajorVersionSuffix("v1"));
  EXPECT_FALSE(IsMajorVersionSuffix("v0"));
  EXPECT_FALSE(IsMajorVersionSuffix("v02"));
  EXPECT_FALSE(IsMajorVersionSuffix("v"));
  EXPECT_FALSE(IsMajorVersionSuffix("vx"));
}

}  // namespace
}  // namespace scry::analyzer::lang::golang
