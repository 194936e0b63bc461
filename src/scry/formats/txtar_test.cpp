#include "scry/formats/txtar.hpp"

#include <gtest/gtest.h>

namespace scry::formats {
namespace {

TEST(TxtarTest, ParsesCommentAndFiles) {
  Txtar archive = ParseTxtar("a comment\n-- one.txt --\nhello\n--  two --\n-- three --\nx");
  EXPECT_EQ(archive.comment, "a comment\n");
  ASSERT_EQ(archive.files.size(), 3u);
  EXPECT_EQ(archive.files[0].name, "one.txt");
  EXPECT_EQ(archive.files[0].content, "hello\n");
  EXPECT_EQ(archive.files[1].name, "two");
  EXPECT_EQ(archive.files[1].content, "");
  EXPECT_EQ(archive.files[2].content, "x");
  ASSERT_NE(archive.Find("one.txt"), nullptr);
  EXPECT_EQ(archive.Find("missing"), nullptr);
}

TEST(TxtarTest, NotAMarker) {
  Txtar archive = ParseTxtar("-- --\n--x --\n-- y--\n");
  EXPECT_TRUE(archive.files.empty());
  EXPECT_EQ(archive.comment, "-- --\n--x --\n-- y--\n");
}

TEST(TxtarTest, FormatRoundTrips) {
  std::string text = "comment\n-- a --\n1\n2\n-- b --\n";
  EXPECT_EQ(FormatTxtar(ParseTxtar(text)), text);
}

}  // namespace
}  // namespace scry::formats
