#include "scry/base/strings.hpp"

#include <gtest/gtest.h>

#include "scry/base/error.hpp"

namespace scry {
namespace {

TEST(StringsTest, SplitKeepsEmptyFields) {
  EXPECT_EQ(strings::Split("a,,b", ','), (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_EQ(strings::Split("", ','), (std::vector<std::string_view>{""}));
  EXPECT_EQ(strings::Split("x\t", '\t'), (std::vector<std::string_view>{"x", ""}));
}

TEST(StringsTest, Helpers) {
  EXPECT_EQ(strings::TrimSpace(" \t a b \n"), "a b");
  EXPECT_EQ(strings::TrimSpace("   "), "");
  EXPECT_EQ(strings::ToLower("Main.Version"), "main.version");
  EXPECT_TRUE(strings::EndsWithIgnoreCase("main.VERSION", ".version"));
  EXPECT_FALSE(strings::EndsWithIgnoreCase("ver", ".version"));
  EXPECT_EQ(strings::Join({"a", "b", "c"}, ", "), "a, b, c");
  auto cut = strings::Cut("key=value=x", "=");
  EXPECT_TRUE(cut.found);
  EXPECT_EQ(cut.before, "key");
  EXPECT_EQ(cut.after, "value=x");
  EXPECT_FALSE(strings::Cut("novalue", "=").found);
}

TEST(StringsTest, PrintableUtf8) {
  EXPECT_TRUE(strings::IsPrintableUtf8("go1.22.5 X:boringcrypto"));
  EXPECT_TRUE(strings::IsPrintableUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(strings::IsPrintableUtf8("tab\there"));
  EXPECT_FALSE(strings::IsPrintableUtf8("\xc3"));
  EXPECT_FALSE(strings::IsPrintableUtf8("\xff"));
  EXPECT_FALSE(strings::IsPrintableUtf8(std::string_view("a\0b", 3)));
}

TEST(ErrorTest, ContextReadsOutermostFirst) {
  Error error(ErrorCode::kInvalidInput, "section 3 past end of file");
  error.Wrap("read ELF").Wrap("analyze usr/bin/app");
  EXPECT_EQ(error.ToString(), "analyze usr/bin/app: read ELF: section 3 past end of file");
  EXPECT_EQ(error.message(), "section 3 past end of file");
  EXPECT_EQ(ErrorCodeName(error.code()), "invalid input");
}

Result<int> Half(int value) {
  if (value % 2 != 0) return Fail(ErrorCode::kInvalidInput, "{} is odd", value);
  return value / 2;
}

Result<int> Quarter(int value) {
  SCRY_TRY(int half, Half(value));
  SCRY_TRY(int quarter, Half(half));
  return quarter;
}

TEST(ErrorTest, TryPropagates) {
  EXPECT_EQ(Quarter(8), 2);
  auto odd = Quarter(6);
  ASSERT_FALSE(odd.has_value());
  EXPECT_EQ(odd.error().message(), "3 is odd");
}

TEST(StringsTest, DecodeUtf8AtIsStrict) {
  constexpr char32_t kInvalid = strings::Utf8CodePoint::kInvalid;
  auto at = [](std::string_view text) { return strings::DecodeUtf8At(text, 0); };
  EXPECT_EQ(at("a").code_point, U'a');
  EXPECT_EQ(at("\xC3\xA9").code_point, U'\u00E9');
  EXPECT_EQ(at("\xC3\xA9").length, 2U);
  EXPECT_EQ(at("\xF0\x9F\x98\x80").code_point, U'\U0001F600');
  EXPECT_EQ(at("\xC0\xAF").code_point, kInvalid);          // overlong '/'
  EXPECT_EQ(at("\xED\xA0\x80").code_point, kInvalid);      // surrogate
  EXPECT_EQ(at("\xF4\x90\x80\x80").code_point, kInvalid);  // above U+10FFFF
  EXPECT_EQ(at("\xE2\x82").code_point, kInvalid);          // truncated
  EXPECT_EQ(at("\xE2\x82").length, 1U);
  EXPECT_EQ(at("\xFF").code_point, kInvalid);
}

}  // namespace
}  // namespace scry
