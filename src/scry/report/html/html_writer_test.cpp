#include "scry/report/html/html_writer.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <sstream>

#include "golden.hpp"

namespace scry::report {
namespace {

constexpr std::string_view kHostileTitle = "<script>alert(\"x\")</script> \"'& done";

std::shared_ptr<model::VulnerabilityDetails> Details(std::string title, std::string url) {
  auto details = std::make_shared<model::VulnerabilityDetails>();
  details->title = std::move(title);
  details->primary_url = std::move(url);
  return details;
}

model::DetectedVulnerability Finding(std::string id, std::string package, std::string installed,
                                     std::string fixed, model::Severity severity,
                                     std::shared_ptr<model::VulnerabilityDetails> details) {
  model::DetectedVulnerability finding;
  finding.vulnerability_id = std::move(id);
  finding.pkg_name = std::move(package);
  finding.pkg_id = finding.pkg_name + "@" + installed;
  finding.installed_version = std::move(installed);
  finding.fixed_version = std::move(fixed);
  finding.status = finding.fixed_version.empty() ? "affected" : "fixed";
  finding.severity = severity;
  finding.details = std::move(details);
  return finding;
}

// Debian packages and a Cargo.lock with findings of every severity; one title is hostile.
model::Report SampleReport() {
  model::Report report;
  report.artifact_name = "registry.example/app:1.0";
  report.artifact_type = model::ArtifactType::kContainerImage;
  report.metadata.os = model::OsInfo{"debian", "11.6", false};

  model::ScanResult os;
  os.target = "registry.example/app:1.0 (debian 11.6)";
  os.result_class = model::ResultClass::kOsPackages;
  os.type = "debian";
  model::Package zlib;
  zlib.name = "zlib1g";
  zlib.version = "1.2.11.dfsg";
  zlib.release = "2";
  zlib.epoch = 1;
  zlib.src_name = "zlib";
  model::SetOsPackageIdentity(zlib, "deb", &*report.metadata.os);
  os.packages = {zlib};
  os.vulnerabilities = {
      Finding("CVE-2022-37434", "zlib1g", "1:1.2.11.dfsg-2", "1:1.2.11.dfsg-2+deb11u2",
              model::Severity::kCritical,
              Details(std::string(kHostileTitle), "https://security-tracker.debian.org/x")),
      Finding("DSA-5218-1", "zlib1g", "1:1.2.11.dfsg-2", "", model::Severity::kUnknown,
              Details("zlib - security update", "javascript:alert(1)"))};

  model::ScanResult cargo;
  cargo.target = "Cargo.lock";
  cargo.type = "cargo";
  model::Package hyper;
  hyper.name = "hyper";
  hyper.version = "0.12.0";
  hyper.relationship = model::Relationship::kDirect;
  model::SetIdentity(hyper, "cargo");
  cargo.packages = {hyper};
  cargo.vulnerabilities = {
      Finding("RUSTSEC-2020-0008", "hyper", "0.12.0", "0.12.34", model::Severity::kCritical,
              Details("Flaw in hyper allows request smuggling", "https://rustsec.org/a/1")),
      Finding("RUSTSEC-2021-0078", "hyper", "0.12.0", "0.14.10", model::Severity::kMedium,
              Details("Lenient hyper header parsing", "https://rustsec.org/a/2")),
      Finding("RUSTSEC-2021-0079", "hyper", "0.12.0", "0.14.10", model::Severity::kHigh,
              Details("Integer overflow in hyper's parsing", "https://rustsec.org/a/3")),
      Finding("RUSTSEC-2099-0001", "hyper", "0.12.0", "", model::Severity::kLow,
              Details("Low one", ""))};
  model::FilteredVulnerability ignored;
  ignored.vulnerability_id = "RUSTSEC-2000-0001";
  ignored.pkg_name = "hyper";
  ignored.installed_version = "0.12.0";
  ignored.reason = "ignored by .scryignore <b>";
  cargo.filtered_vulnerabilities = {ignored};
  report.results = {os, cargo};
  return report;
}

std::string Render(const model::Report& report, bool list_all = false) {
  WriterOptions options;
  options.list_all_packages = list_all;
  options.vulnerabilities = true;
  options.tool_version = "0.0.0-test";
  options.source_date_epoch = 1700000000;
  std::ostringstream out;
  EXPECT_TRUE(HtmlWriter(options).Write(report, out).has_value());
  return out.str();
}

size_t Count(const std::string& text, std::string_view needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(HtmlWriterTest, MatchesGolden) {
  EXPECT_TRUE(testing::MatchesGolden(SCRY_MODULE_DIR "/testdata/vulnerable.golden.html",
                                     Render(SampleReport(), true)));
}

TEST(HtmlWriterTest, EscapesEverythingFromTheReport) {
  model::Report report = SampleReport();
  report.artifact_name = "<img src=x onerror=alert(1)>";
  report.results[1].target = "a\"b'c<d>&e/Cargo.lock";
  std::string page = Render(report, true);
  // Our own script is the only one; no tag from the report survives.
  EXPECT_EQ(Count(page, "<script"), 1u);
  EXPECT_EQ(Count(page, "<img"), 0u);
  EXPECT_NE(page.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;&#39;&amp; done"),
            std::string::npos);
  EXPECT_NE(page.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(page.find("a&quot;b&#39;c&lt;d&gt;&amp;e/Cargo.lock"), std::string::npos);
  EXPECT_NE(page.find("ignored by .scryignore &lt;b&gt;"), std::string::npos);
  // Only http(s) URLs become links.
  EXPECT_EQ(page.find("javascript:"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"https://rustsec.org/a/1\" rel=\"noopener noreferrer\">"
                      "RUSTSEC-2020-0008</a>"),
            std::string::npos);
  EXPECT_NE(page.find("<td>DSA-5218-1</td>"), std::string::npos);
}

TEST(HtmlWriterTest, EscapeReplacesInvalidUtf8AndControls) {
  EXPECT_EQ(HtmlEscape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
  EXPECT_EQ(HtmlEscape("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x90\x9B"),
            "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x90\x9B");
  EXPECT_EQ(HtmlEscape("x\xFFy"), "x\xEF\xBF\xBDy");
  EXPECT_EQ(HtmlEscape("\xC0\xBC"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '<'
  EXPECT_EQ(HtmlEscape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(HtmlEscape("\xE2\x9C"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // truncated
  EXPECT_EQ(HtmlEscape(std::string("a\0b\x1b\tc\n", 7)),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\tc\n");
}

TEST(HtmlWriterTest, CountsBySeverityOverallAndPerTarget) {
  std::string page = Render(SampleReport());
  // The chart: one bar per severity with its count.
  for (auto [severity, count] :
       {std::pair{"CRITICAL", 2}, {"HIGH", 1}, {"MEDIUM", 1}, {"LOW", 1}, {"UNKNOWN", 1}}) {
    EXPECT_NE(page.find(fmt::format("<g class=\"bar\" data-severity=\"{}\" data-count=\"{}\">",
                                    severity, count)),
              std::string::npos)
        << severity;
  }
  std::smatch match;
  ASSERT_TRUE(std::regex_search(page, match, std::regex("<tr id=\"summary-total\">.*</tr>")));
  EXPECT_EQ(match.str(),
            "<tr id=\"summary-total\"><th>All targets</th>"
            "<td class=\"num\" data-severity=\"CRITICAL\">2</td>"
            "<td class=\"num\" data-severity=\"HIGH\">1</td>"
            "<td class=\"num\" data-severity=\"MEDIUM\">1</td>"
            "<td class=\"num\" data-severity=\"LOW\">1</td>"
            "<td class=\"num\" data-severity=\"UNKNOWN\">1</td>"
            "<td class=\"num\" data-total>6</td></tr>");
  ASSERT_TRUE(std::regex_search(page, match, std::regex("<tr data-target-index=\"1\">.*</tr>")));
  EXPECT_NE(match.str().find("Cargo.lock (cargo)</a></td>"
                             "<td class=\"num\" data-severity=\"CRITICAL\">1</td>"
                             "<td class=\"num\" data-severity=\"HIGH\">1</td>"
                             "<td class=\"num\" data-severity=\"MEDIUM\">1</td>"
                             "<td class=\"num\" data-severity=\"LOW\">1</td>"
                             "<td class=\"num\" data-severity=\"UNKNOWN\">0</td>"
                             "<td class=\"num\" data-total>4</td>"),
            std::string::npos)
      << match.str();
  // One table row per finding, each tagged with its severity for the filter.
  EXPECT_EQ(Count(page, "<tr data-severity="), 6u);
  EXPECT_EQ(Count(page, "<tr data-severity=\"CRITICAL\">"), 2u);
  EXPECT_NE(page.find("<dd id=\"scan-time\">2023-11-14T22:13:20Z</dd>"), std::string::npos);
}

TEST(HtmlWriterTest, PackagesOnlyWithListAll) {
  EXPECT_EQ(Render(SampleReport(), false).find("id=\"packages\""), std::string::npos);
  std::string page = Render(SampleReport(), true);
  EXPECT_NE(page.find("<section id=\"packages\">"), std::string::npos);
  EXPECT_NE(page.find("<tr><td>zlib1g</td><td>1:1.2.11.dfsg-2</td><td>zlib</td></tr>"),
            std::string::npos);
  EXPECT_NE(page.find("<tr><td>hyper</td><td>0.12.0</td><td>direct</td><td></td></tr>"),
            std::string::npos);
}

TEST(HtmlWriterTest, DeterministicAndContentDerived) {
  std::string first = Render(SampleReport(), true);
  EXPECT_EQ(first, Render(SampleReport(), true));
  model::Report changed = SampleReport();
  changed.results[1].vulnerabilities[0].installed_version = "0.12.1";
  EXPECT_NE(first, Render(changed, true));
  // Without a report time or SOURCE_DATE_EPOCH no time is shown at all.
  WriterOptions options;
  std::ostringstream out;
  ASSERT_TRUE(HtmlWriter(options).Write(SampleReport(), out).has_value());
  EXPECT_EQ(out.str().find("scan-time"), std::string::npos);
  model::Report timed = SampleReport();
  timed.created_at = "2026-01-02T03:04:05.000000006Z";
  std::ostringstream timed_out;
  ASSERT_TRUE(HtmlWriter(options).Write(timed, timed_out).has_value());
  EXPECT_NE(timed_out.str().find("<dd id=\"scan-time\">2026-01-02T03:04:05Z</dd>"),
            std::string::npos);
}

TEST(HtmlWriterTest, EmptyReportAndInventoryOnly) {
  model::Report empty;
  empty.artifact_name = "nothing";
  WriterOptions options;
  std::ostringstream out;
  ASSERT_TRUE(HtmlWriter(options).Write(empty, out).has_value());
  EXPECT_NE(out.str().find("<p>No packages found in nothing</p>"), std::string::npos);
  EXPECT_EQ(out.str().find("id=\"chart\""), std::string::npos);
  // Inventory only (--scanners none): packages, no severity summary.
  model::Report inventory = SampleReport();
  for (auto& result : inventory.results) result.vulnerabilities.clear();
  options.list_all_packages = true;
  std::ostringstream inventory_out;
  ASSERT_TRUE(HtmlWriter(options).Write(inventory, inventory_out).has_value());
  EXPECT_EQ(inventory_out.str().find("id=\"summary\""), std::string::npos);
  EXPECT_NE(inventory_out.str().find("<section id=\"packages\">"), std::string::npos);
}

TEST(HtmlWriterTest, ChosenThroughTheFormatName) {
  EXPECT_EQ(ParseFormat("html"), Format::kHtml);
  std::ostringstream out;
  ASSERT_TRUE(MakeWriter(Format::kHtml, {})->Write(SampleReport(), out).has_value());
  EXPECT_TRUE(out.str().starts_with("<!DOCTYPE html>\n"));
}

}  // namespace
}  // namespace scry::report
