#include "scry/version/dpkg/dpkg_scheme.hpp"

#include <gtest/gtest.h>

namespace scry::version {
namespace {

TEST(DebianSchemeTest, SplitsEpochUpstreamAndRevision) {
  auto parsed = DebianScheme().Parse(" 2:1.0-rc1-3ubuntu0.1 ");
  ASSERT_TRUE(parsed.has_value());
  const auto& version = dynamic_cast<const DebianVersion&>(**parsed);
  EXPECT_EQ(version.text(), " 2:1.0-rc1-3ubuntu0.1 ");
  EXPECT_EQ(version.epoch(), 2u);
  EXPECT_EQ(version.upstream(), "1.0-rc1");
  EXPECT_EQ(version.revision(), "3ubuntu0.1");
  EXPECT_EQ(version.warning(), "");
}

TEST(DebianSchemeTest, RemembersDpkgWarnings) {
  auto parsed = DebianScheme().Parse("0:abc3-0");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(dynamic_cast<const DebianVersion&>(**parsed).warning(),
            "version number does not start with digit");
  parsed = DebianScheme().Parse("0:1.0-0:0");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(dynamic_cast<const DebianVersion&>(**parsed).warning(),
            "invalid character in revision number");
}

TEST(DebianSchemeTest, ErrorsUseDpkgWording) {
  auto parsed = DebianScheme().Parse("1:");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message(), "dpkg version \"1:\": nothing after colon in version number");
}

}  // namespace
}  // namespace scry::version
