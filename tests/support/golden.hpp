// Golden-file testing: compare produced text with a checked-in file; UPDATE_GOLDEN=1 rewrites the
// file instead, and the diff is then reviewed like code.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace scry::testing {

// The whole content of `path`; fails the current test when it cannot be read.
std::string ReadTextFile(const std::filesystem::path& path);

// Files in `directory` whose name ends with `suffix`, sorted by name.
std::vector<std::filesystem::path> ListFiles(const std::filesystem::path& directory,
                                             const std::string& suffix);

// Succeeds when `actual` equals the golden file's content (or rewrote it under UPDATE_GOLDEN=1).
::testing::AssertionResult MatchesGolden(const std::filesystem::path& golden,
                                         const std::string& actual);

}  // namespace scry::testing
