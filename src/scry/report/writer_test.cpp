#include "scry/report/writer.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "golden.hpp"
#include "scry/report/document_ids.hpp"

namespace scry::report {
namespace {

model::Package GoPackage(std::string name, std::string version, model::Relationship relationship,
                         model::VersionSource source) {
  model::Package package;
  package.name = std::move(name);
  package.version = std::move(version);
  package.relationship = relationship;
  package.version_source = source;
  model::SetIdentity(package, "golang");
  return package;
}

// A report with one binary that has build info and one recovered from its function table.
model::Report SampleReport() {
  model::Report report;
  report.artifact_name = "fixtures";
  report.artifact_type = model::ArtifactType::kFilesystem;

  model::ScanResult app;
  app.target = "usr/bin/app";
  app.type = "gobinary";
  auto root = GoPackage("example.com/app", "v1.4.2", model::Relationship::kRoot,
                        model::VersionSource::kLdflags);
  root.evidence = {{"BuildInfoVersion", "(devel)"}, {"LdflagsKey", "main.version"}};
  auto fork = GoPackage("example.com/fork/errors", "v0.9.2", model::Relationship::kUnknown,
                        model::VersionSource::kBuildInfo);
  fork.evidence = {{"Replaces", "github.com/pkg/errors v0.9.1"}, {"Sum", "h1:abc="}};
  auto local = GoPackage("example.com/local", "", model::Relationship::kUnknown,
                         model::VersionSource::kUnknown);
  local.evidence = {{"LocalReplacement", "./local"}};
  auto stdlib = GoPackage("stdlib", "v1.22.5", model::Relationship::kDirect,
                          model::VersionSource::kBuildInfo);
  stdlib.evidence = {{"GoVersion", "go1.22.5 X:boringcrypto"}};
  root.depends_on = {fork.id, local.id, stdlib.id};
  app.packages = {root, fork, local, stdlib};
  model::GoBinaryDetails details;
  details.go_version = "go1.22.5 X:boringcrypto";
  details.main_package_path = "example.com/app/cmd/app";
  details.format = "elf";
  details.architectures = {"amd64"};
  details.build_settings = {{"-compiler", "gc"}, {"-ldflags", "-X main.version=v1.4.2"}};
  app.go_binary = details;

  model::ScanResult recovered;
  recovered.target = "usr/bin/stripped";
  recovered.type = "gobinary";
  auto module = GoPackage("github.com/evanw/esbuild", "", model::Relationship::kRoot,
                          model::VersionSource::kUnknown);
  module.evidence = {{"RecoveredFrom", "pclntab"}};
  auto runtime_stdlib =
      GoPackage("stdlib", "v1.25.4", model::Relationship::kDirect, model::VersionSource::kRuntime);
  recovered.packages = {module, runtime_stdlib};
  model::GoBinaryDetails missing;
  missing.go_version = "go1.25.4";
  missing.build_info = model::GoBinaryDetails::BuildInfo::kMissing;
  missing.format = "pe";
  missing.architectures = {"386"};
  missing.source_module = "github.com/evanw/esbuild";
  missing.source_repository = "https://github.com/evanw/esbuild";
  missing.source_command = "scry repo https://github.com/evanw/esbuild";
  recovered.go_binary = missing;

  report.results = {app, recovered};
  return report;
}

// An image with Debian packages and a Go module, with findings in both (two share one ID).
model::Report VulnerableReport() {
  model::Report report;
  report.artifact_name = "registry.example/app:1.0";
  report.artifact_type = model::ArtifactType::kContainerImage;
  report.metadata.os = model::OsInfo{};
  report.metadata.os->family = "debian";
  report.metadata.os->name = "12.5";
  report.metadata.image_id =
      "sha256:1111111111111111111111111111111111111111111111111111111111111111";
  report.metadata.diff_ids = {
      "sha256:2222222222222222222222222222222222222222222222222222222222222222"};
  report.metadata.repo_tags = {"registry.example/app:1.0"};

  model::ScanResult os;
  os.target = "registry.example/app:1.0 (debian 12.5)";
  os.result_class = model::ResultClass::kOsPackages;
  os.type = "debian";
  model::Package curl;
  curl.name = "libcurl4";
  curl.version = "7.88.1";
  curl.release = "10+deb12u5";
  curl.arch = "amd64";
  curl.src_name = "curl";
  curl.src_version = "7.88.1";
  curl.src_release = "10+deb12u5";
  curl.licenses = {"curl", "GPL v2 or later"};
  curl.layer = {"sha256:3333",
                "sha256:2222222222222222222222222222222222222222222222222222222222222222"};
  model::SetOsPackageIdentity(curl, "deb", &*report.metadata.os);
  model::Package zlib;
  zlib.name = "zlib1g";
  zlib.version = "1.2.13.dfsg";
  zlib.release = "1";
  zlib.epoch = 1;
  zlib.arch = "amd64";
  zlib.src_name = "zlib";
  zlib.licenses = {"Zlib"};
  model::SetOsPackageIdentity(zlib, "deb", &*report.metadata.os);
  curl.depends_on = {zlib.id};
  os.packages = {curl, zlib};

  auto shared = std::make_shared<model::VulnerabilityDetails>();
  shared->vendor_ids = {"GHSA-xxxx-yyyy-zzzz"};
  shared->vendor_severity = {{"debian", model::Severity::kLow}, {"nvd", model::Severity::kHigh}};
  shared->cvss["nvd"] = {"AV:N/AC:L/Au:N/C:P/I:N/A:N",
                         "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
                         "",
                         5.0,
                         7.5,
                         0};
  shared->primary_url = "https://security-tracker.debian.org/tracker/CVE-2023-38545";
  shared->data_source = {"debian", "Debian Security Tracker",
                         "https://salsa.debian.org/security-tracker-team/security-tracker"};
  shared->title = "curl: heap buffer overflow in the SOCKS5 handshake";
  shared->description = "A heap buffer overflow in curl's SOCKS5 proxy handshake.";
  shared->cwe_ids = {"CWE-787"};
  shared->references = {"https://curl.se/docs/CVE-2023-38545.html"};
  shared->published_date = "2023-10-18T04:15:11Z";
  shared->last_modified_date = "2024-01-02T03:04:05Z";
  model::DetectedVulnerability curl_finding;
  curl_finding.vulnerability_id = "CVE-2023-38545";
  curl_finding.pkg_id = curl.id;
  curl_finding.pkg_name = curl.name;
  curl_finding.pkg_purl = curl.purl;
  curl_finding.installed_version = model::FullVersion(curl);
  curl_finding.fixed_version = "7.88.1-10+deb12u4";
  curl_finding.status = "fixed";
  curl_finding.severity_source = "nvd";
  curl_finding.severity = model::Severity::kHigh;
  curl_finding.layer = curl.layer;
  curl_finding.details = shared;
  os.vulnerabilities = {curl_finding};

  model::ScanResult app;
  app.target = "srv/app/go.mod";
  app.type = "gomod";
  auto root = GoPackage("example.com/app", "", model::Relationship::kRoot,
                        model::VersionSource::kBuildInfo);
  auto text = GoPackage("golang.org/x/text", "v0.3.7", model::Relationship::kDirect,
                        model::VersionSource::kBuildInfo);
  auto net = GoPackage("golang.org/x/net", "v0.17.0", model::Relationship::kIndirect,
                       model::VersionSource::kBuildInfo);
  net.dev = true;
  net.licenses = {"BSD-3-Clause"};
  text.depends_on = {net.id};
  root.depends_on = {text.id};
  app.packages = {root, net, text};
  auto go_details = std::make_shared<model::VulnerabilityDetails>();
  go_details->vendor_ids = {"GO-2022-1059", "GHSA-69ch-w2m2-3vjp"};
  go_details->primary_url = "https://pkg.go.dev/vuln/GO-2022-1059";
  go_details->data_source = {"go", "Go Vulnerability Database", "https://pkg.go.dev/vuln/"};
  go_details->title = "Denial of service via crafted Accept-Language header";
  model::DetectedVulnerability text_finding;
  text_finding.vulnerability_id = "CVE-2022-32149";
  text_finding.pkg_id = text.id;
  text_finding.pkg_name = text.name;
  text_finding.pkg_purl = text.purl;
  text_finding.installed_version = text.version;
  text_finding.fixed_version = "0.3.8";
  text_finding.status = "fixed";
  text_finding.severity = model::Severity::kMedium;
  text_finding.severity_source = "go";
  text_finding.details = go_details;
  // The same record in a second package: one rule, one CycloneDX vulnerability, two places.
  model::DetectedVulnerability curl_in_app = curl_finding;
  curl_in_app.pkg_id = net.id;
  curl_in_app.pkg_name = net.name;
  curl_in_app.pkg_purl = net.purl;
  curl_in_app.installed_version = net.version;
  curl_in_app.fixed_version.clear();
  curl_in_app.status = "affected";
  curl_in_app.severity = model::Severity::kCritical;
  curl_in_app.severity_source = "ghsa";
  app.vulnerabilities = {curl_in_app, text_finding};

  report.results = {os, app};
  return report;
}

WriterOptions DocumentOptions() {
  WriterOptions options;
  options.tool_version = "0.0.0-test";
  options.source_date_epoch = 1700000000;
  options.github_sha = "0123456789abcdef0123456789abcdef01234567";
  options.github_ref = "refs/heads/main";
  options.github_correlator = "ci_scan";
  options.github_job_id = "42";
  return options;
}

std::string Render(Format format, const model::Report& report, bool list_all,
                   WriterOptions options = DocumentOptions()) {
  options.list_all_packages = list_all;
  std::ostringstream out;
  auto written = MakeWriter(format, options)->Write(report, out);
  EXPECT_TRUE(written.has_value());
  return out.str();
}

std::string Golden(const char* name) { return std::string(SCRY_MODULE_DIR "/testdata/") + name; }

TEST(WriterTest, JsonReport) {
  EXPECT_TRUE(testing::MatchesGolden(Golden("sample.golden.json"),
                                     Render(Format::kJson, SampleReport(), true)));
}

TEST(WriterTest, JsonWithoutPackagesUnlessAsked) {
  std::string json = Render(Format::kJson, SampleReport(), false);
  EXPECT_EQ(json.find("\"Packages\""), std::string::npos);
  EXPECT_NE(json.find("\"GoBinary\""), std::string::npos);
}

TEST(WriterTest, JsonCreatedAtAndEmptyResults) {
  model::Report report;
  report.artifact_name = "empty";
  report.created_at = "2026-01-02T03:04:05.000000006Z";
  std::string json = Render(Format::kJson, report, true);
  EXPECT_EQ(json,
            "{\n  \"SchemaVersion\": 2,\n  \"CreatedAt\": \"2026-01-02T03:04:05.000000006Z\",\n"
            "  \"ArtifactName\": \"empty\",\n  \"ArtifactType\": \"filesystem\",\n"
            "  \"Metadata\": {}\n}\n");
}

TEST(WriterTest, JsonReplacesInvalidUtf8) {
  model::Report report = SampleReport();
  report.results[0].target = "usr/bin/\xff\xfe";
  std::string json = Render(Format::kJson, report, true);
  EXPECT_NE(json.find("usr/bin/\xef\xbf\xbd\xef\xbf\xbd"), std::string::npos);
}

TEST(WriterTest, TableReport) {
  EXPECT_TRUE(testing::MatchesGolden(Golden("sample.golden.txt"),
                                     Render(Format::kTable, SampleReport(), true)));
}

struct DocumentCase {
  Format format;
  const char* golden;
};

class DocumentFormatTest : public ::testing::TestWithParam<DocumentCase> {};

TEST_P(DocumentFormatTest, MatchesGolden) {
  EXPECT_TRUE(testing::MatchesGolden(Golden(GetParam().golden),
                                     Render(GetParam().format, VulnerableReport(), false)));
}

TEST_P(DocumentFormatTest, InventoryOnlyReportMatchesGolden) {
  std::string name = GetParam().golden;
  name = "inventory" + name.substr(name.find('.'));
  EXPECT_TRUE(testing::MatchesGolden(Golden(name.c_str()),
                                     Render(GetParam().format, SampleReport(), true)));
}

// Identifiers change with the content and only with it; every run of one scan is byte-identical.
TEST_P(DocumentFormatTest, DeterministicAndContentDerived) {
  std::string first = Render(GetParam().format, VulnerableReport(), false);
  EXPECT_EQ(first, Render(GetParam().format, VulnerableReport(), false));
  model::Report changed = VulnerableReport();
  changed.results[1].packages[1].version = "v0.18.0";
  changed.results[1].packages[1].purl = "pkg:golang/golang.org/x/net@v0.18.0";
  changed.results[1].vulnerabilities[0].installed_version = "v0.18.0";
  EXPECT_NE(first, Render(GetParam().format, changed, false));
}

INSTANTIATE_TEST_SUITE_P(
    Formats, DocumentFormatTest,
    ::testing::Values(DocumentCase{Format::kSarif, "vulnerable.golden.sarif"},
                      DocumentCase{Format::kCycloneDx, "vulnerable.golden.cdx.json"},
                      DocumentCase{Format::kSpdxJson, "vulnerable.golden.spdx.json"},
                      DocumentCase{Format::kGithub, "vulnerable.golden.github.json"}),
    // Named by format, so that test names are the same in every build.
    [](const ::testing::TestParamInfo<DocumentCase>& param) {
      std::string name =
          std::string(param.param.golden).substr(std::string("vulnerable.golden.").size());
      for (char& c : name) {
        if (c == '.') c = '_';
      }
      return name;
    });

TEST(WriterTest, DocumentTimeFromReportThenEpoch) {
  model::Report report = VulnerableReport();
  WriterOptions options = DocumentOptions();
  EXPECT_EQ(DocumentTime(report, options), "2023-11-14T22:13:20Z");
  options.source_date_epoch.reset();
  EXPECT_EQ(DocumentTime(report, options), "1970-01-01T00:00:00Z");
  report.created_at = "2026-01-02T03:04:05.000000006Z";
  EXPECT_EQ(DocumentTime(report, options), "2026-01-02T03:04:05Z");
  std::string bom = Render(Format::kCycloneDx, report, false);
  EXPECT_NE(bom.find("\"timestamp\": \"2026-01-02T03:04:05Z\""), std::string::npos);
}

// Paths and titles from binaries may be any bytes: every format stays valid UTF-8 JSON.
TEST_P(DocumentFormatTest, ReplacesInvalidUtf8) {
  model::Report report = VulnerableReport();
  report.results[1].target = "srv/\xff\xfe/go.mod";
  std::string text = Render(GetParam().format, report, false);
  EXPECT_NE(text.find("srv/\xef\xbf\xbd\xef\xbf\xbd/go.mod"), std::string::npos);
  EXPECT_FALSE(nlohmann::json::parse(text, nullptr, false).is_discarded());
}

// Code scanning resolves result paths against ROOTPATH: the scanned folder when it is absolute.
TEST(WriterTest, SarifRootIsTheScannedFolder) {
  model::Report report = VulnerableReport();
  report.artifact_type = model::ArtifactType::kFilesystem;
  report.artifact_name = "/home/ci/repo";
  auto sarif = nlohmann::json::parse(Render(Format::kSarif, report, false));
  EXPECT_EQ(sarif["runs"][0]["originalUriBaseIds"]["ROOTPATH"]["uri"], "file:///home/ci/repo/");
  EXPECT_EQ(
      sarif["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
      "srv/app/go.mod");
  report.artifact_name = "repo";
  sarif = nlohmann::json::parse(Render(Format::kSarif, report, false));
  EXPECT_EQ(sarif["runs"][0]["originalUriBaseIds"]["ROOTPATH"]["uri"], "file:///");
}

TEST(WriterTest, NameUuidIsVersion5Shaped) {
  std::string uuid = NameUuid("space", "name");
  ASSERT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[14], '5');
  EXPECT_NE(std::string_view("89ab").find(uuid[19]), std::string_view::npos);
  EXPECT_EQ(uuid, NameUuid("space", "name"));
  EXPECT_NE(uuid, NameUuid("space", "other"));
  EXPECT_NE(uuid, NameUuid("spac", "ename"));
}

TEST(WriterTest, SpdxIdsAreValidAndUnique) {
  auto document = nlohmann::json::parse(Render(Format::kSpdxJson, VulnerableReport(), false));
  std::set<std::string> ids;
  for (const auto& package : document["packages"]) {
    std::string id = package["SPDXID"];
    EXPECT_TRUE(ids.insert(id).second) << id;
    ASSERT_TRUE(id.starts_with("SPDXRef-")) << id;
    for (char c : id)
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') << id;
  }
  for (const auto& relationship : document["relationships"]) {
    std::string from = relationship["spdxElementId"];
    EXPECT_TRUE(from == "SPDXRef-DOCUMENT" || ids.count(from)) << from;
    EXPECT_TRUE(ids.count(relationship["relatedSpdxElement"].get<std::string>()));
  }
}

TEST(WriterTest, ParsesFormatNames) {
  EXPECT_EQ(ParseFormat("json"), Format::kJson);
  EXPECT_EQ(ParseFormat("table"), Format::kTable);
  EXPECT_EQ(ParseFormat("sarif"), Format::kSarif);
  EXPECT_EQ(ParseFormat("cyclonedx"), Format::kCycloneDx);
  EXPECT_EQ(ParseFormat("spdx-json"), Format::kSpdxJson);
  EXPECT_EQ(ParseFormat("github"), Format::kGithub);
  EXPECT_FALSE(ParseFormat("spdx").has_value());
  EXPECT_FALSE(ParseFormat("xml").has_value());
}

}  // namespace
}  // namespace scry::report
