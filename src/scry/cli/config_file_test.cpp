#include "scry/cli/config_file.hpp"

#include <gtest/gtest.h>

namespace scry::cli {
namespace {

TEST(ConfigFile, ReadsScalarsAndLists) {
  auto entries = ParseConfigFile(
      "# CI settings\nseverity: [HIGH, CRITICAL]\nexit-code: 1\nformat: json\n"
      "skip-dirs:\n  - vendor\n  - '**/testdata'\nignore-unfixed: true\n",
      "scry.yaml");
  ASSERT_TRUE(entries) << entries.error().ToString();
  ASSERT_EQ(entries->size(), 5u);
  EXPECT_EQ((*entries)[0].key, "severity");
  EXPECT_EQ((*entries)[0].values, (std::vector<std::string>{"HIGH", "CRITICAL"}));
  EXPECT_EQ((*entries)[0].line, 2u);
  EXPECT_EQ((*entries)[1].values, (std::vector<std::string>{"1"}));
  EXPECT_EQ((*entries)[3].values, (std::vector<std::string>{"vendor", "**/testdata"}));
  EXPECT_EQ((*entries)[4].key, "ignore-unfixed");
  EXPECT_EQ((*entries)[4].values, (std::vector<std::string>{"true"}));
}

TEST(ConfigFile, EmptyDocumentIsNoSettings) {
  auto entries = ParseConfigFile("# nothing yet\n", "scry.yaml");
  ASSERT_TRUE(entries);
  EXPECT_TRUE(entries->empty());
}

TEST(ConfigFile, ErrorsNameTheFileAndLine) {
  const std::pair<std::string, std::string> kCases[] = {
      {"severity: [HIGH\nformat: json\n", "ci.yaml: YAML line "},
      {"- severity\n", "ci.yaml:1: expected a mapping"},
      {"format: json\nformat: table\n", "ci.yaml:2: format is set twice"},
      {"db:\n  skip-update: true\n", "ci.yaml:2: db: nested settings are not read"},
      {"format:\n", "ci.yaml:1: format has no value"},
      {"severity: []\n", "ci.yaml:1: severity: the list is empty"},
      {"severity:\n  - [HIGH]\n", "ci.yaml:2: severity: expected a list of plain values"},
  };
  for (const auto& [text, expected] : kCases) {
    SCOPED_TRACE(text);
    auto entries = ParseConfigFile(text, "ci.yaml");
    ASSERT_FALSE(entries);
    EXPECT_EQ(entries.error().ToString().rfind(expected, 0), 0u) << entries.error().ToString();
  }
}

}  // namespace
}  // namespace scry::cli
