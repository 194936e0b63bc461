#include "scry/version/nuget/nuget_scheme.hpp"

#include <gtest/gtest.h>

namespace scry::version {
namespace {

TEST(NuGetSchemeTest, VersionNumbersAreInt32) {
  NuGetScheme scheme;
  EXPECT_TRUE(scheme.Parse("2147483647.0.0.2147483647").has_value());
  EXPECT_FALSE(scheme.Parse("2147483648.0.0").has_value());
  EXPECT_FALSE(scheme.Parse("1.0.0.0.0").has_value());
}

TEST(NuGetSchemeTest, LabelsIgnoreCase) {
  auto result = NuGetScheme().CompareText("1.0.0-RC.1", "1.0.0-rc.1");
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, 0);
}

}  // namespace
}  // namespace scry::version
