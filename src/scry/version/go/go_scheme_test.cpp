#include "scry/version/go/go_scheme.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace scry::version {
namespace {

TEST(GoSchemeTest, SortsPseudoVersionsAmongReleases) {
  // Listed in order; sorting a reversed copy must restore it.
  std::vector<std::string> ordered = {"v0.0.0-20180101000000-aaaaaaaaaaaa",
                                      "v0.0.0-20190101000000-abcdef123456",
                                      "v0.0.0",
                                      "v1.2.3",
                                      "v1.2.4-0.20190101000000-abcdef123456",
                                      "v1.2.4-beta",
                                      "v1.2.4",
                                      "v2.0.0-20190101000000-abcdef123456+incompatible",
                                      "v2.0.0+incompatible"};
  GoScheme scheme;
  std::vector<std::unique_ptr<ParsedVersion>> parsed;
  for (auto it = ordered.rbegin(); it != ordered.rend(); ++it) {
    auto version = scheme.Parse(*it);
    ASSERT_TRUE(version.has_value()) << *it;
    parsed.push_back(std::move(*version));
  }
  std::stable_sort(parsed.begin(), parsed.end(),
                   [&](const auto& a, const auto& b) { return scheme.Compare(*a, *b) < 0; });
  for (size_t i = 0; i < ordered.size(); ++i) EXPECT_EQ(parsed[i]->text(), ordered[i]);
}

TEST(GoSchemeTest, ExplainsAMissingV) {
  auto parsed = GoScheme().Parse("1.2.3");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(parsed.error().message().find("start with \"v\""), std::string::npos);
}

}  // namespace
}  // namespace scry::version
