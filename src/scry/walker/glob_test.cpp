#include "scry/walker/glob.hpp"

#include <gtest/gtest.h>

namespace scry::walker {
namespace {

TEST(GlobTest, TrivySemantics) {
  struct Case {
    const char* pattern;
    const char* path;
    bool match;
  } cases[] = {
      {"vendor", "vendor", true},
      {"vendor", "a/vendor", false},
      {"./vendor/", "vendor", true},
      {"*/testdata", "pkg/testdata", true},
      {"*/testdata", "a/b/testdata", false},
      {"**/testdata", "testdata", true},
      {"**/testdata", "a/b/testdata", true},
      {"a/**/go.mod", "a/go.mod", true},
      {"a/**/go.mod", "a/x/y/go.mod", true},
      {"a/**/go.mod", "b/x/go.mod", false},
      {"**/*.lock", "x/Cargo.lock", true},
      {"**", "anything/at/all", true},
      {"**/**/**/**/**/**/**/**/**/**/z", "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/y", false},
      {"go.[ms]*", "go.sum", true},
      {"go.?od", "go.mod", true},
      {"go.?od", "go.mmod", false},
      {"[", "[", true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(GlobMatch(c.pattern, c.path), c.match) << c.pattern << " ~ " << c.path;
  }
  EXPECT_TRUE(GlobMatchAny({"x", "**/go.sum"}, "a/go.sum"));
  EXPECT_FALSE(GlobMatchAny({}, "a/go.sum"));
}

}  // namespace
}  // namespace scry::walker
