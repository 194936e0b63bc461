#include "scry/scan/image_scanner.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "scry/archive/stream.hpp"
#include "tar_writer.hpp"

namespace scry::scan {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class LayerCollectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    temp_ = fs::temp_directory_path() / ("scry-layer-collector-" + std::to_string(::getpid()));
    fs::remove_all(temp_);
    fs::create_directories(temp_);
    options_.temp_dir = temp_;
    options_.max_in_memory_file = 4096;  // anything larger would be spooled to temp_
  }
  void TearDown() override { fs::remove_all(temp_); }

  LayerAnalysis Collect(const std::vector<uint8_t>& tar) {
    LayerCollector collector(group_, options_, {"sha256:d", "sha256:i"});
    archive::MemoryStream stream(tar);
    auto walked = archive::WalkTar(
        stream,
        [&](const archive::TarEntry& entry, archive::EntryReader& reader) {
          return collector.OnEntry(entry, reader);
        },
        nullptr);
    EXPECT_TRUE(walked.has_value()) << walked.error().ToString();
    return std::move(collector).Finish();
  }

  analyzer::AnalyzerGroup group_ = analyzer::AnalyzerGroup::CreateDefault({});
  ImageScanOptions options_;
  fs::path temp_;
};

TEST_F(LayerCollectorTest, CountsWalkedBytesAndAnalysedFiles) {
  ProgressCallback none;
  ProgressCounters counters(none);
  LayerCollector collector(group_, options_, {"sha256:d", "sha256:i"});
  collector.CountInto(&counters);
  testing::TarWriter tar;
  tar.File("app/go.mod", "module example.com/app\n\ngo 1.21\n");
  tar.File("app/README", std::string(1000, 'x'));
  tar.End();
  archive::MemoryStream stream(tar.bytes());
  auto walked = archive::WalkTar(
      stream,
      [&](const archive::TarEntry& entry, archive::EntryReader& reader) {
        return collector.OnEntry(entry, reader);
      },
      nullptr);
  ASSERT_TRUE(walked.has_value());
  ScanProgress progress = counters.Snapshot();
  EXPECT_EQ(progress.bytes_read, 32u + 1000u);  // content bytes of every entry
  EXPECT_EQ(progress.files_done, 1u);           // only what an analyzer wants: the go.mod
}

TEST_F(LayerCollectorTest, LargeFilesThatAreNotExecutablesAreNeverSpooled) {
  // A spool attempt would fail the walk: the spool folder cannot be created under a file.
  std::ofstream(temp_ / "not-a-folder") << "x";
  options_.temp_dir = temp_ / "not-a-folder" / "spool";
  testing::TarWriter tar;
  tar.File("data/big.bin", std::string(1 << 20, 'x'));
  tar.End();
  LayerAnalysis layer = Collect(tar.bytes());
  EXPECT_TRUE(layer.files.empty());
  EXPECT_EQ(layer.written, std::vector<std::string>{"data/big.bin"});
}

TEST_F(LayerCollectorTest, LargeGoBinariesAreSpooledAnalysedAndRemoved) {
  const char* fixtures = std::getenv("SCRY_GO_FIXTURES");
  ASSERT_NE(fixtures, nullptr) << "run through ctest, which builds the Go fixtures first";
  fs::path hello = fs::path(fixtures) / "bin/hello";
  testing::TarWriter tar;
  tar.File("usr/bin/hello", ReadFile(hello), 0755);
  tar.Hardlink("usr/bin/hello2", "usr/bin/hello");
  tar.File("etc/.wh.gone", "");
  tar.File("opt/.wh..wh..opq", "");
  tar.End();
  LayerAnalysis layer = Collect(tar.bytes());
  EXPECT_TRUE(fs::is_empty(temp_));  // the spooled copy (the binary exceeds 4 KiB) is gone
  ASSERT_EQ(layer.files.size(), 2u);
  EXPECT_EQ(layer.files.at("usr/bin/hello2").applications.at(0).file_path, "usr/bin/hello2");
  EXPECT_EQ(layer.whiteouts, std::vector<std::string>{"etc/gone"});
  EXPECT_EQ(layer.opaque_directories, std::vector<std::string>{"opt"});
  EXPECT_EQ(layer.written, (std::vector<std::string>{"usr/bin/hello", "usr/bin/hello2"}));
}

}  // namespace
}  // namespace scry::scan
