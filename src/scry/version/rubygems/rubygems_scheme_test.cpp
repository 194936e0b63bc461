#include "scry/version/rubygems/rubygems_scheme.hpp"

#include <gtest/gtest.h>

namespace scry::version {
namespace {

TEST(RubyGemsSchemeTest, EmptyIsUnknownNotZero) {
  // Gem::Version.new("") is "0"; an empty version must not silently match as 0.
  auto parsed = RubyGemsScheme().Parse("");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidInput);
}

TEST(RubyGemsSchemeTest, PrereleaseBeforeRelease) {
  auto result = RubyGemsScheme().CompareText("7.1.0.rc1", "7.1.0");
  ASSERT_TRUE(result.has_value());
  EXPECT_LT(*result, 0);
}

}  // namespace
}  // namespace scry::version
