#include "scry/report/table/table_writer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "golden.hpp"
#include "scry/report/table/box_table.hpp"
#include "scry/report/table/terminal_text.hpp"

namespace scry::report {
namespace {

// A case's report in Trivy's JSON shape (the fields the table shows), built into the model here:
// scry has no report reader, and the writer only ever sees the model.
model::Report ReportFromJson(const nlohmann::json& json) {
  model::Report report;
  report.artifact_name = json.value("ArtifactName", "");
  for (const auto& entry : json.value("Results", nlohmann::json::array())) {
    model::ScanResult result;
    result.target = entry.value("Target", "");
    result.type = entry.value("Type", "");
    if (entry.value("Class", "") == "os-pkgs") {
      result.result_class = model::ResultClass::kOsPackages;
    }
    for (const auto& item : entry.value("Packages", nlohmann::json::array())) {
      model::Package package;
      package.name = item.value("Name", "");
      package.version = item.value("Version", "");
      package.src_name = item.value("SrcName", "");
      result.packages.push_back(package);
    }
    for (const auto& item : entry.value("Vulnerabilities", nlohmann::json::array())) {
      model::DetectedVulnerability finding;
      finding.vulnerability_id = item.value("VulnerabilityID", "");
      finding.pkg_name = item.value("PkgName", "");
      finding.installed_version = item.value("InstalledVersion", "");
      finding.fixed_version = item.value("FixedVersion", "");
      finding.status = item.value("Status", "");
      finding.severity = model::ParseSeverity(item.value("Severity", "UNKNOWN")).value();
      auto details = std::make_shared<model::VulnerabilityDetails>();
      details->title = item.value("Title", "");
      details->primary_url = item.value("PrimaryURL", "");
      finding.details = details;
      result.vulnerabilities.push_back(finding);
    }
    report.results.push_back(result);
  }
  return report;
}

struct Case {
  model::Report report;
  WriterOptions options;
};

Case LoadCase(const std::filesystem::path& path) {
  auto json = nlohmann::json::parse(testing::ReadTextFile(path));
  Case loaded;
  loaded.report = ReportFromJson(json.at("report"));
  const auto& options = json.at("options");
  loaded.options.terminal_width = options.value("width", 0u);
  loaded.options.color = options.value("color", false);
  loaded.options.list_all_packages = options.value("list_all_packages", false);
  loaded.options.vulnerabilities = options.value("vulnerabilities", true);
  return loaded;
}

std::string Render(const model::Report& report, const WriterOptions& options) {
  std::ostringstream out;
  EXPECT_TRUE(TableWriter(options).Write(report, out).has_value());
  return out.str();
}

std::string WithoutSgr(const std::string& text) {
  static const std::regex kSgr("\033\\[[0-9;]*m");
  return std::regex_replace(text, kSgr, "");
}

std::filesystem::path CaseDirectory() { return SCRY_MODULE_DIR "/table/testdata"; }

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& path : testing::ListFiles(CaseDirectory(), ".json")) {
    names.push_back(path.stem().string());
  }
  return names;
}

class TableGoldenTest : public ::testing::TestWithParam<std::string> {};

// testdata/table/<case>.json holds the report and the options; <case>.golden.txt the output
// (UPDATE_GOLDEN=1 rewrites it).
TEST_P(TableGoldenTest, MatchesGolden) {
  Case loaded = LoadCase(CaseDirectory() / (GetParam() + ".json"));
  std::string text = Render(loaded.report, loaded.options);
  EXPECT_TRUE(testing::MatchesGolden(CaseDirectory() / (GetParam() + ".golden.txt"), text));
  EXPECT_EQ(text, Render(loaded.report, loaded.options)) << "not deterministic";
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::string plain = WithoutSgr(line);
    if (loaded.options.terminal_width != 0) {
      EXPECT_LE(DisplayWidth(plain), loaded.options.terminal_width) << plain;
    }
    // Only SGR sequences, and only when colour is on; no other control character at all.
    if (!loaded.options.color) {
      EXPECT_EQ(plain, line);
    }
    for (char c : plain) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7f) << plain;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, TableGoldenTest, ::testing::ValuesIn(CaseNames()),
                         [](const auto& test) { return test.param; });

TEST(TerminalTextTest, DisplayWidth) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("漢字"), 4u);              // wide
  EXPECT_EQ(DisplayWidth("ＡＢ"), 4u);              // fullwidth
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1u);         // e + combining acute
  EXPECT_EQ(DisplayWidth("\xF0\x9F\x94\xA5"), 2u);  // emoji U+1F525
  EXPECT_EQ(DisplayWidth("한국어"), 6u);            // Hangul
  EXPECT_EQ(DisplayWidth("\xff\xfe"), 2u);          // invalid bytes: one column each
  EXPECT_EQ(DisplayWidth("\xE2\x80\x8B"), 0u);      // zero width space
  EXPECT_EQ(CodePointWidth(0x3000), 2u);
  EXPECT_EQ(CodePointWidth(0x303F), 1u);
  EXPECT_EQ(CodePointWidth(0x20000), 2u);
}

TEST(TerminalTextTest, TerminalSafeReplacesControlsAndInvalidUtf8) {
  EXPECT_EQ(TerminalSafe("plain é 漢"), "plain é 漢");
  EXPECT_EQ(TerminalSafe("a\033]0;title\007b"),
            "a\xEF\xBF\xBD]0;title\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(TerminalSafe("line\nnext\ttab\r"), "line next tab ");
  EXPECT_EQ(TerminalSafe("\xC2\x9B"
                         "31m"),
            "\xEF\xBF\xBD"
            "31m");  // C1 CSI
  EXPECT_EQ(TerminalSafe("\x7f"), "\xEF\xBF\xBD");
  EXPECT_EQ(TerminalSafe("x\xE2\x80\xAEy"), "x\xEF\xBF\xBDy");  // RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(TerminalSafe("\xff"), "\xEF\xBF\xBD");
  EXPECT_EQ(TerminalSafe("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(TerminalSafe("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(TerminalSafe("\xE6\xBC"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // truncated
}

TEST(TerminalTextTest, WrapText) {
  using Lines = std::vector<std::string>;
  EXPECT_EQ(WrapText("", 10), Lines{""});
  EXPECT_EQ(WrapText("the quick brown fox", 9), (Lines{"the quick", "brown fox"}));
  EXPECT_EQ(WrapText("abcdefghij", 4), (Lines{"abcd", "efgh", "ij"}));
  EXPECT_EQ(WrapText("漢字漢字漢", 4), (Lines{"漢字", "漢字", "漢"}));
  EXPECT_EQ(WrapText("漢字漢", 3), (Lines{"漢", "字", "漢"}));
  EXPECT_EQ(WrapText("ae\xCC\x81"
                     "bc",
                     2),
            (Lines{"ae\xCC\x81", "bc"}));
  EXPECT_EQ(WrapText("one\ntwo three", 0), (Lines{"one", "two three"}));
  EXPECT_EQ(WrapText("one\n\ntwo", 5), (Lines{"one", "", "two"}));
}

// Anything an advisory or a file name holds is shown, but never as a terminal command.
TEST(TableWriterTest, NoControlCharacterReachesTheOutput) {
  model::Report report;
  report.artifact_name = "x";
  model::ScanResult result;
  result.target = "usr/bin/\033[2Japp\xff";
  result.type = "gobinary";
  model::DetectedVulnerability finding;
  finding.vulnerability_id = "CVE-2024-0001\a";
  finding.pkg_name =
      "pkg\x9b"
      "31m";
  finding.severity = model::Severity::kHigh;
  auto details = std::make_shared<model::VulnerabilityDetails>();
  details->title =
      "title \033]8;;http://evil\033\\link\033]8;;\033\\ \xE2\x80\xAE"
      "dlrow";
  finding.details = details;
  result.vulnerabilities = {finding};
  report.results = {result};
  for (bool color : {false, true}) {
    WriterOptions options;
    options.vulnerabilities = true;
    options.color = color;
    options.terminal_width = 60;
    std::string plain = WithoutSgr(Render(report, options));
    for (char c : plain) {
      auto byte = static_cast<unsigned char>(c);
      EXPECT_TRUE(byte >= 0x20 || byte == '\n') << int(byte);
      EXPECT_NE(byte, 0x7f);
    }
    EXPECT_EQ(plain.find("\xC2\x9B"), std::string::npos);
    EXPECT_EQ(plain.find("\xE2\x80\xAE"), std::string::npos);
    EXPECT_NE(plain.find("usr/bin/\xEF\xBF\xBD[2Japp\xEF\xBF\xBD"), std::string::npos);
  }
}

TEST(TableWriterTest, ColourOnlyWhenAsked) {
  Case loaded = LoadCase(CaseDirectory() / "wrap_80.json");
  loaded.options.color = false;
  std::string plain = Render(loaded.report, loaded.options);
  EXPECT_EQ(plain.find('\033'), std::string::npos);
  loaded.options.color = true;
  std::string colored = Render(loaded.report, loaded.options);
  EXPECT_NE(colored.find("\033[1;31mCRITICAL\033[0m"), std::string::npos);
  EXPECT_EQ(WithoutSgr(colored), plain);
}

TEST(BoxTableTest, ShrinksPreferredColumnsFirstAndFits) {
  BoxTable table({"Name", "Title"});
  table.AddRow({"short", "a long title that will certainly need to wrap somewhere"});
  table.PreferShrinking(1, 10);
  std::string text = table.Render({.max_width = 30});
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) EXPECT_EQ(DisplayWidth(line), 30u) << line;
  EXPECT_NE(text.find("│ short │"), std::string::npos) << text;
  // Unlimited: one line per row.
  std::string unlimited = table.Render();
  EXPECT_EQ(std::count(unlimited.begin(), unlimited.end(), '\n'), 5);
}

}  // namespace
}  // namespace scry::report
