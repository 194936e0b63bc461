#include "scry/formats/yaml.hpp"

#include <gtest/gtest.h>

namespace scry::formats::yaml {
namespace {

TEST(YamlTest, MappingsSequencesAndNulls) {
  auto node = Parse(
      "distroversion: v3.11\n"
      "archs: [x86_64, \"x86\"]\n"
      "empty:\n"
      "quoted: \"\"\n"
      "packages:\n"
      "  - pkg:\n"
      "      name: ansible\n"
      "      secfixes:\n"
      "        2.9.3-r0:\n"
      "          - CVE-2019-14904\n");
  ASSERT_TRUE(node.has_value()) << node.error().ToString();
  EXPECT_EQ(node->Find("distroversion")->scalar, "v3.11");
  EXPECT_EQ(node->Find("archs")->items.size(), 2u);
  EXPECT_TRUE(node->Find("empty")->IsNull());
  EXPECT_EQ(node->Find("quoted")->kind, Node::Kind::kScalar);
  const Node* pkg = node->Find("packages")->items.at(0).Find("pkg");
  ASSERT_NE(pkg, nullptr);
  EXPECT_EQ(pkg->Find("secfixes")->entries.at(0).first, "2.9.3-r0");
  EXPECT_EQ(pkg->Find("secfixes")->entries.at(0).second.items.at(0).scalar, "CVE-2019-14904");
  EXPECT_EQ(pkg->line, 7u);
  EXPECT_EQ(node->Find("missing"), nullptr);
}

TEST(YamlTest, JsonIsYaml) {
  auto node = Parse(R"({"a": [1, {"b": null}]})");
  ASSERT_TRUE(node.has_value());
  EXPECT_TRUE(node->Find("a")->items.at(1).Find("b")->IsNull());
}

TEST(YamlTest, Errors) {
  EXPECT_EQ(Parse("a: [b\n").error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(Parse("a: &x [1]\nb: *x\n").error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(Parse("? [a]\n: b\n").error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(Parse(std::string(100, '[')).error().code(), ErrorCode::kLimitExceeded);
  Limits small;
  small.max_nodes = 3;
  EXPECT_EQ(Parse("[1, 2, 3, 4]", small).error().code(), ErrorCode::kLimitExceeded);
  EXPECT_TRUE(Parse("").has_value());
  EXPECT_TRUE(Parse("").value().IsNull());
  // An empty view may have a null data pointer (an empty file's bytes); libyaml must not see it.
  EXPECT_TRUE(Parse(std::string_view()).value().IsNull());
}

}  // namespace
}  // namespace scry::formats::yaml
