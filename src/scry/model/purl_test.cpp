#include "scry/model/purl.hpp"

#include <gtest/gtest.h>

#include "scry/model/package.hpp"

namespace scry::model {
namespace {

TEST(PurlTest, GoModules) {
  EXPECT_EQ(MakePurl("golang", "golang.org/x/text", "v0.3.7"),
            "pkg:golang/golang.org/x/text@v0.3.7");
  EXPECT_EQ(MakePurl("golang", "github.com/BurntSushi/toml", "v1.2.0+incompatible"),
            "pkg:golang/github.com/BurntSushi/toml@v1.2.0%2Bincompatible");
  EXPECT_EQ(MakePurl("golang", "stdlib", "v1.22.5"), "pkg:golang/stdlib@v1.22.5");
  EXPECT_EQ(MakePurl("golang", "example.com/app", ""), "pkg:golang/example.com/app");
  EXPECT_EQ(MakePurl("golang", "example.com//odd name/", ""), "pkg:golang/example.com/odd%20name");
  EXPECT_EQ(PurlEncode("a@b:c/d~e"), "a%40b%3Ac%2Fd~e");
}

TEST(PurlTest, PackageIdentity) {
  Package package;
  package.name = "golang.org/x/text";
  package.version = "v0.3.7";
  SetIdentity(package, "golang");
  EXPECT_EQ(package.id, "golang.org/x/text@v0.3.7");
  package.version.clear();
  SetIdentity(package, "golang");
  EXPECT_EQ(package.id, "golang.org/x/text");
  EXPECT_EQ(package.purl, "pkg:golang/golang.org/x/text");
}

}  // namespace
}  // namespace scry::model
