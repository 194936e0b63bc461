#include "scry/version/composer/composer_scheme.hpp"

#include <gtest/gtest.h>

#include <string>

namespace scry::version {
namespace {

TEST(ComposerSchemeTest, BranchNamesHaveNoOrder) {
  for (const char* branch : {"dev-main", "dev-master", "master", "dev-feature/x"}) {
    auto parsed = ComposerScheme().Parse(branch);
    ASSERT_FALSE(parsed.has_value()) << branch;
    EXPECT_NE(parsed.error().message().find("branch"), std::string::npos);
  }
}

TEST(ComposerSchemeTest, StabilityOrder) {
  ComposerScheme scheme;
  const char* ordered[] = {"1.0.0-dev", "1.0.0-alpha1", "1.0.0-beta", "1.0.0-RC1",
                           "1.0.0",     "1.0.0-p1",     "1.0.1"};
  for (size_t i = 0; i + 1 < std::size(ordered); ++i) {
    auto result = scheme.CompareText(ordered[i], ordered[i + 1]);
    ASSERT_TRUE(result.has_value()) << ordered[i];
    EXPECT_LT(*result, 0) << ordered[i] << " vs " << ordered[i + 1];
  }
}

}  // namespace
}  // namespace scry::version
