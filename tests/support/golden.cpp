#include "golden.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace scry::testing {

std::string ReadTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<std::filesystem::path> ListFiles(const std::filesystem::path& directory,
                                             const std::string& suffix) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    std::string name = entry.path().filename().string();
    if (name.size() >= suffix.size() && name.ends_with(suffix)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

::testing::AssertionResult MatchesGolden(const std::filesystem::path& golden,
                                         const std::string& actual) {
  const char* update = std::getenv("UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream out(golden, std::ios::binary | std::ios::trunc);
    out << actual;
    if (!out.good()) return ::testing::AssertionFailure() << "cannot write " << golden;
    return ::testing::AssertionSuccess();
  }
  std::ifstream in(golden, std::ios::binary);
  if (!in.good()) {
    return ::testing::AssertionFailure()
           << "missing golden file " << golden << "; run with UPDATE_GOLDEN=1 to create it";
  }
  std::ostringstream expected;
  expected << in.rdbuf();
  if (expected.str() == actual) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "output differs from " << golden << " (UPDATE_GOLDEN=1 rewrites it)\n--- expected\n"
         << expected.str() << "\n--- actual\n"
         << actual;
}

}  // namespace scry::testing
