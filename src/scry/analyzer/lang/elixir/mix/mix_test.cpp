#include <gtest/gtest.h>

#include <string>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/lang/elixir/mix/mix_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::elixir {
namespace {

TEST(MixGoldenTest, AllCases) {
  testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/lang/elixir/mix/testdata");
}

TEST(ElixirTermTest, Shapes) {
  auto term = ParseElixirTerm(
      "%{\"k\": {:a, :\"b c\", \"s\\\"q\", 'cl', -12, 1.5e3, true, nil, Elixir.Foo},"
      " :x => [1, y: 2, \"z w\": 3]} # c");
  ASSERT_TRUE(term.has_value()) << term.error().ToString();
  ASSERT_EQ(term->kind, Term::Kind::kMap);
  ASSERT_EQ(term->items.size(), 4u);
  EXPECT_EQ(term->items[0].text, "k");
  const Term& tuple = term->items[1];
  ASSERT_EQ(tuple.items.size(), 9u);
  EXPECT_EQ(tuple.items[1].text, "b c");
  EXPECT_EQ(tuple.items[2].text, "s\"q");
  EXPECT_EQ(tuple.items[3].kind, Term::Kind::kString);
  EXPECT_EQ(tuple.items[4].kind, Term::Kind::kNumber);
  EXPECT_EQ(tuple.items[4].text, "-12");
  EXPECT_EQ(tuple.items[8].text, "Elixir.Foo");
  const Term& list = term->items[3];
  ASSERT_EQ(list.items.size(), 3u);
  EXPECT_EQ(list.items[1].kind, Term::Kind::kTuple);
  EXPECT_EQ(list.items[1].items[0].text, "y");
  EXPECT_EQ(list.items[2].items[0].text, "z w");
}

TEST(ElixirTermTest, Errors) {
  EXPECT_EQ(ParseElixirTerm("").error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseElixirTerm("{1 2}").error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseElixirTerm("%{1}").error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseElixirTerm("@").error().code(), ErrorCode::kInvalidInput);
  auto deep = ParseElixirTerm(std::string(1000000, '['));
  ASSERT_FALSE(deep.has_value());
  EXPECT_EQ(deep.error().code(), ErrorCode::kLimitExceeded);
  std::string nested(limits::kMaxLockfileDepth - 1, '{');
  nested += std::string(limits::kMaxLockfileDepth - 1, '}');
  EXPECT_TRUE(ParseElixirTerm(nested).has_value());
}

}  // namespace
}  // namespace scry::analyzer::lang::elixir
