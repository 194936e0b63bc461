#include "scry/version/pep440/pep440_scheme.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace scry::version {
namespace {

TEST(Pep440SchemeTest, SortsLikePackaging) {
  // packaging's tests/test_version.py VERSIONS, in order.
  std::vector<std::string> ordered = {
      "1.0.dev456",    "1.0a1",         "1.0a2.dev456", "1.0a12.dev456",
      "1.0a12",        "1.0b1.dev456",  "1.0b2",        "1.0b2.post345.dev456",
      "1.0b2.post345", "1.0rc1.dev456", "1.0rc1",       "1.0",
      "1.0+abc.5",     "1.0+abc.7",     "1.0+5",        "1.0.post456.dev34",
      "1.0.post456",   "1.1.dev1"};
  Pep440Scheme scheme;
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

}  // namespace
}  // namespace scry::version
