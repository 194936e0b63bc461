#include "scry/version/rpm/rpm_scheme.hpp"

#include <gtest/gtest.h>

namespace scry::version {
namespace {

TEST(RpmVerCmpTest, TildeAndCaret) {
  EXPECT_EQ(RpmVerCmp("1.0~rc1", "1.0"), -1);
  EXPECT_EQ(RpmVerCmp("1.0^git1", "1.0"), 1);
  EXPECT_EQ(RpmVerCmp("1.0^git1", "1.0.1"), -1);
  EXPECT_EQ(RpmVerCmp("1.0^", "1.0~"), 1);
  EXPECT_EQ(RpmVerCmp("", ""), 0);
  EXPECT_EQ(RpmVerCmp("", "~"), 1);
  EXPECT_EQ(RpmVerCmp("", "^"), -1);
}

TEST(RpmVerCmpTest, NumbersBeatLetters) {
  EXPECT_EQ(RpmVerCmp("1.1", "1.a"), 1);
  EXPECT_EQ(RpmVerCmp("1a", "1.1"), -1);
  EXPECT_EQ(RpmVerCmp("0001", "1"), 0);
}

TEST(RpmSchemeTest, MissingReleaseSortsFirst) {
  auto result = RpmScheme().CompareText("1.0", "1.0-0");
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, -1);
}

}  // namespace
}  // namespace scry::version
