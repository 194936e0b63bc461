#include "scry/version/semver/semver_scheme.hpp"

#include <gtest/gtest.h>

namespace scry::version {
namespace {

TEST(SemverSchemeTest, KeepsTheTextAndIgnoresBuildMetadata) {
  SemverScheme scheme;
  auto a = scheme.Parse("v1.2.3+build.7");
  auto b = scheme.Parse("1.2.3");
  ASSERT_TRUE(a && b);
  EXPECT_EQ((*a)->text(), "v1.2.3+build.7");
  EXPECT_EQ(scheme.Compare(**a, **b), 0);
}

TEST(SemverSchemeTest, NamesTheProblem) {
  auto parsed = SemverScheme().Parse("1.2.3-01");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message(), "semver version \"1.2.3-01\": invalid prerelease");
}

}  // namespace
}  // namespace scry::version
