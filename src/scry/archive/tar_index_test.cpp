#include "scry/archive/tar_index.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tar_writer.hpp"

namespace scry::archive {
namespace {

using ::testing::HasSubstr;
using scry::testing::TarWriter;

std::string Content(const MemoryFile& file, const TarIndexEntry& entry) {
  std::string text(entry.size, '\0');
  auto read = file.ReadAt(entry.offset, {reinterpret_cast<uint8_t*>(text.data()), text.size()});
  EXPECT_TRUE(read);
  return text;
}

TEST(TarIndex, FindsMembersAndFollowsLinks) {
  TarWriter tar;
  tar.File("manifest.json", "[]");
  tar.Dir("aaa/");
  tar.File("./aaa/layer.tar", "layer a");
  tar.Symlink("bbb/layer.tar", "../aaa/layer.tar");
  tar.Symlink("ccc/layer.tar", "/bbb/layer.tar");
  tar.Hardlink("ddd/layer.tar", "aaa/layer.tar");
  std::string long_name = "blobs/sha256/" + std::string(120, 'f');
  tar.File(long_name, "long");
  tar.File("manifest.json", "[1]");  // a later member replaces an earlier one
  tar.End();
  MemoryFile file(tar.bytes(), "t.tar");
  auto index = TarIndex::Build(file);
  ASSERT_TRUE(index) << index.error().ToString();
  for (const char* name : {"aaa/layer.tar", "bbb/layer.tar", "ccc/layer.tar", "ddd/layer.tar"}) {
    auto entry = index->Resolve(name);
    ASSERT_TRUE(entry) << entry.error().ToString();
    EXPECT_EQ(Content(file, **entry), "layer a");
  }
  EXPECT_EQ(Content(file, **index->Resolve(long_name)), "long");
  EXPECT_EQ(Content(file, **index->Resolve("manifest.json")), "[1]");
  auto missing = index->Resolve("nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  auto directory = index->Resolve("aaa");
  ASSERT_FALSE(directory);
  EXPECT_THAT(directory.error().ToString(), HasSubstr("aaa is not a regular file"));
}

TEST(TarIndex, LoopsAndEscapes) {
  TarWriter tar;
  tar.Symlink("a", "b");
  tar.Symlink("b", "a");
  tar.Symlink("out", "../../etc/passwd");
  tar.File("../escaped", "x");
  MemoryFile file(tar.bytes(), "t.tar");  // no end-of-archive blocks: tolerated
  auto index = TarIndex::Build(file);
  ASSERT_TRUE(index) << index.error().ToString();
  EXPECT_EQ(index->Find("escaped"), nullptr);
  EXPECT_THAT(index->Resolve("a").error().ToString(), HasSubstr("link loop"));
  EXPECT_THAT(index->Resolve("out").error().ToString(), HasSubstr("points outside the archive"));
}

TEST(TarIndex, CorruptTars) {
  TarWriter tar;
  tar.File("big", std::string(5000, 'x'));
  tar.End();
  std::vector<uint8_t> truncated(tar.bytes().begin(), tar.bytes().begin() + 2000);
  MemoryFile short_file(truncated, "short.tar");
  auto index = TarIndex::Build(short_file);
  ASSERT_FALSE(index);
  EXPECT_THAT(index.error().ToString(), HasSubstr("short.tar is truncated"));

  std::vector<uint8_t> bad = tar.bytes();
  bad[10] ^= 1;
  MemoryFile bad_file(bad, "bad.tar");
  index = TarIndex::Build(bad_file);
  ASSERT_FALSE(index);
  EXPECT_THAT(index.error().ToString(), HasSubstr("bad.tar is not a tar file or is corrupt"));

  std::vector<uint8_t> cut_header(tar.bytes().begin(), tar.bytes().begin() + 100);
  MemoryFile cut_file(cut_header, "cut.tar");
  EXPECT_FALSE(TarIndex::Build(cut_file));
}

}  // namespace
}  // namespace scry::archive
