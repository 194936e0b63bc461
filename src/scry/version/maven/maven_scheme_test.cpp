#include "scry/version/maven/maven_scheme.hpp"

#include <gtest/gtest.h>

#include <string>

namespace scry::version {
namespace {

TEST(MavenSchemeTest, DeepNestingNeedsNoRecursion) {
  // Every "-1" and every digit/letter change opens a nested list: 2000 levels here.
  std::string a = "1";
  for (int i = 0; i < 1000; ++i) a += "-a1";
  std::string b = a + "-1";
  MavenScheme scheme;
  auto result = scheme.CompareText(a, b);
  ASSERT_TRUE(result.has_value());
  EXPECT_LT(*result, 0);
  EXPECT_EQ(*scheme.CompareText(a, a), 0);
}

TEST(MavenSchemeTest, RefusesWhiteSpace) {
  EXPECT_FALSE(MavenScheme().Parse("1.0 beta").has_value());
  EXPECT_FALSE(MavenScheme().Parse("").has_value());
}

}  // namespace
}  // namespace scry::version
