#include "scry/scan/scanner.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>

namespace scry::scan {
namespace {

namespace fs = std::filesystem;

// Progress comes from the analysing threads at once; the last word is every file, done.
TEST(ScanProgressTest, FilesystemScanCountsEveryAnalysedFile) {
  fs::path root = fs::temp_directory_path() / ("scry-scan-progress-" + std::to_string(::getpid()));
  fs::remove_all(root);
  for (int i = 0; i < 12; ++i) {
    fs::create_directories(root / std::to_string(i));
    std::ofstream(root / std::to_string(i) / "go.mod")
        << "module example.com/m" << i << "\n\ngo 1.21\n\nrequire golang.org/x/text v0.3.7\n";
    std::ofstream(root / std::to_string(i) / "README") << "not analysed\n";
  }
  auto artifact = artifact::InspectFilesystem(root.string(), artifact::FilesystemKind::kFilesystem);
  ASSERT_TRUE(artifact.has_value()) << artifact.error().ToString();

  std::mutex mutex;
  std::vector<ScanProgress> seen;
  ScanOptions options;
  options.parallel = 4;
  options.progress = [&](const ScanProgress& progress) {
    std::lock_guard lock(mutex);
    seen.push_back(progress);
  };
  auto report = ScanFilesystem(*artifact, options);
  fs::remove_all(root);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->results.size(), 12u);

  ASSERT_FALSE(seen.empty());
  size_t most = 0;
  for (const auto& progress : seen) {
    EXPECT_EQ(progress.files_total, 12u);
    EXPECT_LE(progress.files_done, progress.files_total);
    EXPECT_EQ(progress.layers_total, 0u);
    most = std::max(most, progress.files_done);
  }
  EXPECT_EQ(most, 12u);
  EXPECT_EQ(seen.size(), 13u);  // the totals, then one per file
}

TEST(ScanProgressTest, CountersWithoutCallbackOnlyCount) {
  ProgressCallback none;
  ProgressCounters counters(none);
  counters.SetTotals(3, 2);
  counters.AddFile();
  counters.AddLayer();
  counters.AddBytes(1000);
  counters.AddBytes(24);
  ScanProgress now = counters.Snapshot();
  EXPECT_EQ(now.files_done, 1u);
  EXPECT_EQ(now.files_total, 3u);
  EXPECT_EQ(now.layers_done, 1u);
  EXPECT_EQ(now.layers_total, 2u);
  EXPECT_EQ(now.bytes_read, 1024u);
}

}  // namespace
}  // namespace scry::scan
