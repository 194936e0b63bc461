#include "scry/version/npm/npm_scheme.hpp"

#include <gtest/gtest.h>

#include <string>

namespace scry::version {
namespace {

TEST(NpmSchemeTest, EnforcesNodeSemverLimits) {
  NpmScheme scheme;
  EXPECT_TRUE(scheme.Parse("9007199254740991.0.0").has_value());
  EXPECT_FALSE(scheme.Parse("9007199254740992.0.0").has_value());
  // MAX_LENGTH applies after "=v" and surrounding spaces are removed.
  std::string at_limit = "1.0.0-" + std::string(250, 'a');
  ASSERT_EQ(at_limit.size(), 256u);
  EXPECT_TRUE(scheme.Parse("  =v" + at_limit).has_value());
  EXPECT_FALSE(scheme.Parse(at_limit + "b").has_value());
}

}  // namespace
}  // namespace scry::version
