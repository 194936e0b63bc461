#include "scry/policy/match.hpp"

#include <gtest/gtest.h>

namespace scry::policy {
namespace {

TEST(PackageUrlTest, ParsesEveryPart) {
  auto purl = ParsePackageUrl("pkg:NPM/%40babel/core@7.0.0?arch=x86_64&Distro=deb#lib/x");
  ASSERT_TRUE(purl.has_value());
  EXPECT_EQ(purl->type, "npm");
  EXPECT_EQ(purl->name_space, "@babel");
  EXPECT_EQ(purl->name, "core");
  EXPECT_EQ(purl->version, "7.0.0");
  EXPECT_EQ(purl->qualifiers.at("arch"), "x86_64");
  EXPECT_EQ(purl->qualifiers.at("distro"), "deb");
  EXPECT_EQ(purl->subpath, "lib/x");

  auto go = ParsePackageUrl("pkg:golang/golang.org/x/text@v0.3.7");
  ASSERT_TRUE(go.has_value());
  EXPECT_EQ(go->name_space, "golang.org/x");
  EXPECT_EQ(go->name, "text");
  EXPECT_EQ(go->version, "v0.3.7");

  EXPECT_FALSE(ParsePackageUrl("npm/foo@1").has_value());
  EXPECT_FALSE(ParsePackageUrl("pkg:npm").has_value());
  EXPECT_FALSE(ParsePackageUrl("pkg:npm/").has_value());
  EXPECT_FALSE(ParsePackageUrl("pkg:/foo").has_value());
}

TEST(PackageUrlTest, MatchesLikeAConstraint) {
  auto package = *ParsePackageUrl("pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12");
  EXPECT_TRUE(PurlMatches(*ParsePackageUrl("pkg:deb/debian/openssl"), package));
  EXPECT_TRUE(PurlMatches(*ParsePackageUrl("pkg:deb/debian/openssl@3.0.11-1"), package));
  EXPECT_TRUE(PurlMatches(*ParsePackageUrl("pkg:deb/debian/openssl?arch=amd64"), package));
  EXPECT_FALSE(PurlMatches(*ParsePackageUrl("pkg:deb/debian/openssl?arch=arm64"), package));
  EXPECT_FALSE(PurlMatches(*ParsePackageUrl("pkg:deb/debian/openssl@3.0.12-1"), package));
  EXPECT_FALSE(PurlMatches(*ParsePackageUrl("pkg:deb/ubuntu/openssl"), package));
  EXPECT_FALSE(PurlMatches(*ParsePackageUrl("pkg:rpm/debian/openssl"), package));
  EXPECT_FALSE(PurlMatches(*ParsePackageUrl("pkg:deb/debian/openssl-dev"), package));
}

TEST(GlobTest, DoublestarSemantics) {
  EXPECT_TRUE(GlobMatches("app/go.mod", "app/go.mod"));
  EXPECT_TRUE(GlobMatches("app/*.mod", "app/go.mod"));
  EXPECT_FALSE(GlobMatches("*.mod", "app/go.mod"));
  EXPECT_TRUE(GlobMatches("**/go.mod", "go.mod"));
  EXPECT_TRUE(GlobMatches("**/go.mod", "a/b/c/go.mod"));
  EXPECT_TRUE(GlobMatches("a/**/go.mod", "a/go.mod"));
  EXPECT_TRUE(GlobMatches("a/**/go.mod", "a/x/y/go.mod"));
  EXPECT_FALSE(GlobMatches("a/**/go.mod", "b/x/go.mod"));
  EXPECT_TRUE(GlobMatches("usr/**", "usr/local/bin/app"));
  EXPECT_TRUE(GlobMatches("usr/local/bin/ap?", "usr/local/bin/app"));
  EXPECT_FALSE(GlobMatches("usr/local/bin?app", "usr/local/bin/app"));
  EXPECT_TRUE(GlobMatches("bin/[a-c]pp", "bin/app"));
  EXPECT_FALSE(GlobMatches("bin/[!a]pp", "bin/app"));
  EXPECT_TRUE(GlobMatches("bin/\\*", "bin/*"));
  EXPECT_FALSE(GlobMatches("bin/\\*", "bin/x"));
  EXPECT_TRUE(GlobMatches("", ""));
  EXPECT_FALSE(GlobMatches("", "x"));
  // Many stars against a long path stay polynomial.
  std::string pattern(200, '*');
  pattern += "b";
  EXPECT_FALSE(GlobMatches(pattern, std::string(2000, 'a')));
}

}  // namespace
}  // namespace scry::policy
