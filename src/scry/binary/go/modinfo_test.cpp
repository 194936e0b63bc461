#include "scry/binary/go/modinfo.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "golden.hpp"
#include "scry/formats/txtar.hpp"

namespace scry::binary::go {
namespace {

using nlohmann::ordered_json;

ordered_json ModuleJson(const ModuleVersion& module) {
  return ordered_json{{"path", module.path}, {"version", module.version}, {"sum", module.sum}};
}

ordered_json ModuleJson(const Module& module) {
  ordered_json out = ModuleJson(static_cast<const ModuleVersion&>(module));
  if (module.replace) out["replace"] = ModuleJson(*module.replace);
  return out;
}

ordered_json ToJson(const Result<ModInfo>& parsed) {
  if (!parsed) return ordered_json{{"error", parsed.error().ToString()}};
  ordered_json out;
  out["path"] = parsed->path;
  out["main"] = parsed->main ? ModuleJson(*parsed->main) : ordered_json(nullptr);
  out["deps"] = ordered_json::array();
  for (const Module& dep : parsed->deps) out["deps"].push_back(ModuleJson(dep));
  out["settings"] = ordered_json::array();
  for (const auto& [key, value] : parsed->settings) out["settings"].push_back({key, value});
  return out;
}

// Every testdata/modinfo/<case>.txtar holds a "modinfo" file; <case>.golden.json the result.
TEST(ModInfoGoldenTest, AllCases) {
  auto cases = testing::ListFiles(SCRY_MODULE_DIR "/go/testdata/modinfo", ".txtar");
  ASSERT_FALSE(cases.empty());
  for (const auto& path : cases) {
    SCOPED_TRACE(path.string());
    auto archive = formats::ParseTxtar(testing::ReadTextFile(path));
    const std::string* modinfo = archive.Find("modinfo");
    ASSERT_NE(modinfo, nullptr);
    auto golden = path;
    golden.replace_extension(".golden.json");
    EXPECT_TRUE(testing::MatchesGolden(golden, ToJson(ParseModInfo(*modinfo)).dump(2) + "\n"));
  }
}

TEST(UnquoteGoStringTest, Escapes) {
  EXPECT_EQ(UnquoteGoString(R"("a\tb\n\\\"")"), "a\tb\n\\\"");
  EXPECT_EQ(UnquoteGoString(R"("\x41\101\u00e9\U0001F600")"), "AA\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(UnquoteGoString("`raw \\n`"), "raw \\n");
  EXPECT_EQ(UnquoteGoString(R"("")"), "");
}

TEST(UnquoteGoStringTest, RejectsMalformed) {
  for (const char* bad :
       {"", "\"", "\"abc", "abc\"", "\"a\"b\"", R"("\q")", R"("\x4")", R"("\xZZ")", R"("\400")",
        R"("\uD800")", R"("\U00110000")", "`a`b`", "\"a\nb\"", R"("trailing\")"}) {
    EXPECT_FALSE(UnquoteGoString(bad).has_value()) << bad;
  }
}

TEST(SplitQuotedFieldsTest, LikeGoQuotedSplit) {
  auto fields = SplitQuotedFields(R"( -X main.version=1.0  '-X' "main.commit=abc def" -s )");
  ASSERT_TRUE(fields.has_value());
  EXPECT_EQ(*fields, (std::vector<std::string>{"-X", "main.version=1.0", "-X",
                                               "main.commit=abc def", "-s"}));
  EXPECT_FALSE(SplitQuotedFields("-X 'unterminated").has_value());
  EXPECT_FALSE(SplitQuotedFields("'a'b").has_value());
  EXPECT_EQ(SplitQuotedFields("")->size(), 0u);
}

}  // namespace
}  // namespace scry::binary::go
