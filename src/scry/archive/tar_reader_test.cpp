#include "scry/archive/tar_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tar_writer.hpp"

namespace scry::archive {
namespace {

using scry::testing::TarWriter;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Seen {
  std::string path;
  TarEntry::Type type;
  uint32_t mode;
  std::string content;
  std::string link;
  bool operator==(const Seen&) const = default;
};

void PrintTo(const Seen& seen, std::ostream* os) {
  *os << "{" << seen.path << ", " << static_cast<int>(seen.type) << ", " << std::oct << seen.mode
      << std::dec << ", '" << seen.content << "', " << seen.link << "}";
}

Result<std::vector<Seen>> Walk(const std::vector<uint8_t>& tar, TarWalkReport* report,
                               size_t read_at_most = SIZE_MAX) {
  MemoryStream input(tar);
  std::vector<Seen> seen;
  SCRY_CHECK(WalkTar(
      input,
      [&](const TarEntry& entry, EntryReader& reader) -> Status {
        Seen item{entry.path, entry.type, entry.mode, "", entry.link_target};
        uint8_t buffer[3];
        while (item.content.size() < read_at_most) {
          SCRY_TRY(size_t read, reader.Read(buffer));
          if (read == 0) break;
          item.content.append(reinterpret_cast<char*>(buffer), read);
        }
        EXPECT_EQ(entry.size, entry.type == TarEntry::Type::kRegular && read_at_most == SIZE_MAX
                                  ? item.content.size()
                                  : entry.size);
        seen.push_back(std::move(item));
        return Ok();
      },
      report));
  return seen;
}

TEST(CleanTarPath, Cases) {
  EXPECT_EQ(CleanTarPath("./usr/bin/x"), "usr/bin/x");
  EXPECT_EQ(CleanTarPath("/etc//passwd"), "etc/passwd");
  EXPECT_EQ(CleanTarPath("a/./b/../c/"), "a/c");
  EXPECT_EQ(CleanTarPath("./"), "");
  EXPECT_EQ(CleanTarPath("a/.."), "");
  EXPECT_EQ(CleanTarPath("../x"), std::nullopt);
  EXPECT_EQ(CleanTarPath("a/../../x"), std::nullopt);
  EXPECT_EQ(CleanTarPath("/.."), std::nullopt);
  EXPECT_EQ(CleanTarPath("a/.wh..wh..opq"), "a/.wh..wh..opq");
}

TEST(WalkTar, EntryTypesContentAndLinks) {
  TarWriter tar;
  tar.Dir("./");
  tar.Dir("./etc/");
  tar.File("./etc/os-release", "ID=debian\n");
  tar.Symlink("usr/lib/os-release", "../../etc/os-release");
  tar.Hardlink("etc/hard", "./etc/os-release");
  tar.Fifo("run/fifo");
  tar.File("etc/.wh.gone", "");
  std::string long_name = "deep/" + std::string(150, 'x') + "/file";
  tar.File(long_name, "long", 0755);
  tar.End();
  TarWalkReport report;
  auto seen = Walk(tar.bytes(), &report);
  ASSERT_TRUE(seen) << seen.error().ToString();
  using T = TarEntry::Type;
  EXPECT_THAT(*seen, ElementsAre(Seen{"etc", T::kDirectory, 040755, "", ""},
                                 Seen{"etc/os-release", T::kRegular, 0100644, "ID=debian\n", ""},
                                 Seen{"usr/lib/os-release", T::kSymlink, 0120777, "",
                                      "../../etc/os-release"},
                                 Seen{"etc/hard", T::kHardlink, 0100644, "", "etc/os-release"},
                                 Seen{"run/fifo", T::kOther, 010644, "", ""},
                                 Seen{"etc/.wh.gone", T::kRegular, 0100644, "", ""},
                                 Seen{long_name, T::kRegular, 0100755, "long", ""}));
  EXPECT_EQ(report.entries, 7u);
  EXPECT_EQ(report.skipped, 1u);  // "./"
  EXPECT_TRUE(report.end_marker);
  EXPECT_THAT(report.warnings, ElementsAre());
}

TEST(WalkTar, UnreadContentIsSkipped) {
  TarWriter tar;
  tar.File("a", std::string(5000, 'a'));
  tar.File("b", "bbbb");
  tar.End();
  auto seen = Walk(tar.bytes(), nullptr, 2);
  ASSERT_TRUE(seen) << seen.error().ToString();
  ASSERT_EQ(seen->size(), 2u);
  EXPECT_EQ((*seen)[0].content, "aaa");
  EXPECT_EQ((*seen)[1].content, "bbb");
}

TEST(WalkTar, MissingEndOfArchiveIsAWarning) {
  TarWriter tar;
  tar.File("a", "1");
  tar.File("b", std::string(600, 'b'));
  TarWalkReport report;
  auto seen = Walk(tar.bytes(), &report);
  ASSERT_TRUE(seen) << seen.error().ToString();
  EXPECT_EQ(seen->size(), 2u);
  EXPECT_FALSE(report.end_marker);
  EXPECT_THAT(report.warnings,
              ElementsAre("the tar stream ends without end-of-archive blocks; read 2 entries"));
}

TEST(WalkTar, MissingPaddingAfterTheLastEntry) {
  TarWriter tar;
  tar.Dir("etc/");
  tar.File("etc/os-release", "ID=debian\n");
  std::vector<uint8_t> bytes = tar.bytes();
  bytes.resize(512 * 2 + 10);  // as `umoci insert` writes it
  TarWalkReport report;
  auto seen = Walk(bytes, &report);
  ASSERT_TRUE(seen) << seen.error().ToString();
  ASSERT_EQ(seen->size(), 2u);
  EXPECT_EQ((*seen)[1].content, "ID=debian\n");
  EXPECT_THAT(report.warnings,
              ElementsAre("the tar stream ends without end-of-archive blocks; read 2 entries",
                          "the tar stream ends 502 bytes short of a whole block (the last entry's "
                          "padding is missing)"));
}

TEST(WalkTar, EmptyStreamsAndEmptyTars) {
  TarWalkReport report;
  auto seen = Walk({}, &report);
  ASSERT_TRUE(seen) << seen.error().ToString();
  EXPECT_TRUE(seen->empty());
  EXPECT_THAT(report.warnings, ElementsAre("the tar stream is empty"));
  TarWriter tar;
  tar.End();
  TarWalkReport end_only;
  seen = Walk(tar.bytes(), &end_only);
  ASSERT_TRUE(seen) << seen.error().ToString();
  EXPECT_TRUE(seen->empty());
  EXPECT_TRUE(end_only.end_marker);
  EXPECT_TRUE(end_only.warnings.empty());
}

TEST(WalkTar, EscapingPathsAreSkipped) {
  TarWriter tar;
  tar.File("../../etc/passwd", "x");
  tar.File("a/../../b", "x");
  tar.Hardlink("ok/link", "../../etc/shadow");
  tar.Symlink("abs", "/etc/passwd");
  tar.File("a/../kept", "k");
  tar.End();
  TarWalkReport report;
  auto seen = Walk(tar.bytes(), &report);
  ASSERT_TRUE(seen) << seen.error().ToString();
  ASSERT_EQ(seen->size(), 2u);
  EXPECT_EQ((*seen)[0].path, "abs");
  EXPECT_EQ((*seen)[0].link, "/etc/passwd");
  EXPECT_EQ((*seen)[1].path, "kept");
  EXPECT_EQ(report.skipped, 3u);
  EXPECT_THAT(
      report.warnings,
      ElementsAre("skipped ../../etc/passwd: the path escapes the root",
                  "skipped a/../../b: the path escapes the root",
                  "skipped ok/link: its hard-link target ../../etc/shadow escapes the root"));
}

TEST(WalkTar, TruncatedContentIsAnError) {
  TarWriter tar;
  tar.File("a", "1");
  tar.File("big", std::string(10000, 'x'));
  std::vector<uint8_t> bytes = tar.bytes();
  bytes.resize(512 * 3 + 4000);
  auto seen = Walk(bytes, nullptr);
  ASSERT_FALSE(seen);
  EXPECT_EQ(seen.error().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(seen.error().ToString(), HasSubstr("big"));
  // Skipping the content rather than reading it fails the same way.
  seen = Walk(bytes, nullptr, 0);
  ASSERT_FALSE(seen);
  EXPECT_THAT(seen.error().ToString(), HasSubstr("big"));
}

TEST(WalkTar, TruncatedHeaderAndGarbage) {
  TarWriter tar;
  tar.File("a", "1");
  std::vector<uint8_t> bytes = tar.bytes();
  bytes.resize(bytes.size() + 100, 'x');
  auto seen = Walk(bytes, nullptr);
  ASSERT_FALSE(seen);
  EXPECT_THAT(seen.error().ToString(), HasSubstr("corrupt tar stream after 1 entries (last: a)"));
  std::vector<uint8_t> garbage(2048, 'g');
  seen = Walk(garbage, nullptr);
  ASSERT_FALSE(seen);
  EXPECT_EQ(seen.error().code(), ErrorCode::kInvalidInput);
}

TEST(WalkTar, CallbackErrorsStopTheWalk) {
  TarWriter tar;
  tar.File("a", "1");
  tar.File("b", "2");
  tar.End();
  MemoryStream input(tar.bytes());
  int calls = 0;
  Status status = WalkTar(
      input,
      [&](const TarEntry&, EntryReader&) -> Status {
        ++calls;
        return Fail(ErrorCode::kCancelled, "stop");
      },
      nullptr);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), ErrorCode::kCancelled);
  EXPECT_EQ(calls, 1);
}

// A stream that fails after some bytes: its error comes back unchanged.
class FailingStream final : public ByteStream {
 public:
  explicit FailingStream(const std::vector<uint8_t>& data) : inner_(data) {}
  Result<size_t> Read(std::span<uint8_t> buffer) override {
    if (reads_++ > 0) return Fail(ErrorCode::kLimitExceeded, "layer too big");
    return inner_.Read(buffer.first(std::min<size_t>(buffer.size(), 512)));
  }

 private:
  MemoryStream inner_;
  int reads_ = 0;
};

TEST(WalkTar, InputErrorsComeBackUnchanged) {
  TarWriter tar;
  tar.File("a", std::string(4000, 'a'));
  tar.End();
  FailingStream input(tar.bytes());
  Status status = WalkTar(
      input, [](const TarEntry&, EntryReader&) -> Status { return Ok(); }, nullptr);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(status.error().message(), "layer too big");
}

}  // namespace
}  // namespace scry::archive
