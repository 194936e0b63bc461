#include "scry/binary/go/versions.hpp"

#include <gtest/gtest.h>

namespace scry::binary::go {
namespace {

TEST(VersionsTest, ModuleVersions) {
  for (const char* good :
       {"v0.0.0", "v1.2.3", "v1.2.3-pre", "v1.2.3-pre.1+build.5", "v2.0.0+incompatible",
        "v0.0.0-20191109021931-daa7c04131f5", "v1.2.3-0.alpha-1", "v10.20.30+dirty"}) {
    EXPECT_TRUE(IsModuleVersion(good)) << good;
  }
  for (const char* bad :
       {"", "v", "1.2.3", "v1", "v1.2", "v01.2.3", "v1.02.3", "v1.2.3-", "v1.2.3-01", "v1.2.3+",
        "v1.2.3-a..b", "v1.2.3-a_b", "(devel)", "v1.2.3 ", "v1.2.3.4"}) {
    EXPECT_FALSE(IsModuleVersion(bad)) << bad;
  }
}

TEST(VersionsTest, PseudoVersions) {
  for (const char* pseudo :
       {"v0.0.0-20191109021931-daa7c04131f5", "v1.2.4-0.20191109021931-daa7c04131f5",
        "v1.2.3-pre.0.20191109021931-daa7c04131f5", "v2.0.0-20191109021931-daa7c04131f5",
        "v0.0.0-20191109021931-daa7c04131f5+incompatible",
        "v1.5.1-0.20250101000000-abcdef012345+dirty"}) {
    EXPECT_TRUE(IsPseudoVersion(pseudo)) << pseudo;
  }
  for (const char* other : {"v1.2.3", "v1.2.3-pre", "v0.0.0-2019110902193-daa7c04131f5",
                            "v1.2.3-20191109021931-daa7c04131f5", "v0.0.0-20191109021931-",
                            "v1.2.4-1.20191109021931-daa7c04131f5", "(devel)"}) {
    EXPECT_FALSE(IsPseudoVersion(other)) << other;
  }
}

TEST(VersionsTest, NormalizeModuleVersion) {
  EXPECT_EQ(NormalizeModuleVersion("1.4.2"), "v1.4.2");
  EXPECT_EQ(NormalizeModuleVersion("v1.4.2"), "v1.4.2");
  EXPECT_EQ(NormalizeModuleVersion("'v1.4.2'"), "v1.4.2");
  EXPECT_EQ(NormalizeModuleVersion("\"1.0.0-rc.1\""), "v1.0.0-rc.1");
  EXPECT_FALSE(NormalizeModuleVersion("dev").has_value());
  EXPECT_FALSE(NormalizeModuleVersion("1.4").has_value());
  EXPECT_FALSE(NormalizeModuleVersion("").has_value());
  EXPECT_FALSE(NormalizeModuleVersion("''").has_value());
}

TEST(VersionsTest, ToolchainVersions) {
  struct Case {
    const char* raw;
    const char* semver;
    const char* suffix;
  };
  for (const Case& c :
       {Case{"go1.19.8", "v1.19.8", ""}, Case{"go1.20", "v1.20.0", ""},
        Case{"go1.21rc2", "v1.21.0-rc.2", ""}, Case{"go1.9beta1", "v1.9.0-beta.1", ""},
        Case{"go1.22.5 X:boringcrypto", "v1.22.5", " X:boringcrypto"},
        Case{"go1.22-20231128-RC02 cl/586117301", "v1.22.0", "-20231128-RC02 cl/586117301"},
        Case{"go1.15", "v1.15.0", ""}}) {
    auto parsed = ParseToolchainVersion(c.raw);
    ASSERT_TRUE(parsed.has_value()) << c.raw;
    EXPECT_EQ(parsed->semver, c.semver) << c.raw;
    EXPECT_EQ(parsed->suffix, c.suffix) << c.raw;
  }
  for (const char* bad : {"devel go1.23-abcdef Tue Jan 1", "go2.0", "go1.", "go1.x", "go1.19.",
                          "go1.19.8foo", "go1.021", "1.19.8", "", "go1.21rc"}) {
    EXPECT_FALSE(ParseToolchainVersion(bad).has_value()) << bad;
  }
}

TEST(VersionsTest, PseudoVersionFromVcs) {
  EXPECT_EQ(
      PseudoVersionFromVcs("daa7c04131f5e7f6f2ab2c0d5b8a1e1f2a3b4c5d", "2019-11-09T02:19:31Z"),
      "v0.0.0-20191109021931-daa7c04131f5");
  EXPECT_FALSE(PseudoVersionFromVcs("short", "2019-11-09T02:19:31Z").has_value());
  EXPECT_FALSE(PseudoVersionFromVcs("daa7c04131f5e7f6", "2019-11-09 02:19:31").has_value());
  EXPECT_FALSE(PseudoVersionFromVcs("daa7c04131f5e7f6", "2019-11-09T02:19:31+01:00").has_value());
  EXPECT_FALSE(PseudoVersionFromVcs("daa7c04131f5-7f6", "2019-11-09T02:19:31Z").has_value());
}

}  // namespace
}  // namespace scry::binary::go
