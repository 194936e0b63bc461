#include "scry/version/apk/apk_scheme.hpp"

#include <gtest/gtest.h>

namespace scry::version {
namespace {

TEST(ApkSchemeTest, LeadingZerosCompareAsStrings) {
  ApkScheme scheme;
  EXPECT_LT(*scheme.CompareText("1.01", "1.1"), 0);
  EXPECT_LT(*scheme.CompareText("1.0015", "1.002"), 0);
  // Only after the first number: 006 is 6.
  EXPECT_GT(*scheme.CompareText("006", "5.9"), 0);
}

TEST(ApkSchemeTest, RevisionEndsTheVersion) {
  ApkScheme scheme;
  EXPECT_TRUE(scheme.Parse("1.2.3_rc1_p2~abc123-r10").has_value());
  EXPECT_FALSE(scheme.Parse("1.2.3-r1_p2").has_value());
  EXPECT_FALSE(scheme.Parse("1.2.3-r1-r2").has_value());
}

}  // namespace
}  // namespace scry::version
