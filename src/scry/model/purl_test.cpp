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

TEST(PurlTest, LanguageTypes) {
  Package package;
  package.name = "org.apache.logging.log4j:log4j-core";
  package.version = "2.14.1";
  SetIdentity(package, "maven");
  EXPECT_EQ(package.id, "org.apache.logging.log4j:log4j-core@2.14.1");
  EXPECT_EQ(package.purl, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
  package.name = "Typing_Extensions";
  package.version = "4.1.0";
  SetIdentity(package, "pypi");
  EXPECT_EQ(package.purl, "pkg:pypi/typing-extensions@4.1.0");
  package.name = "@babel/core";
  package.version = "7.1.0";
  SetIdentity(package, "npm");
  EXPECT_EQ(package.purl, "pkg:npm/%40babel/core@7.1.0");
}

}  // namespace
}  // namespace scry::model
