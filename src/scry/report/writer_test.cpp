#include "scry/report/writer.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "golden.hpp"

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

std::string Render(Format format, const model::Report& report, bool list_all) {
  WriterOptions options;
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

TEST(WriterTest, ParsesFormatNames) {
  EXPECT_EQ(ParseFormat("json"), Format::kJson);
  EXPECT_EQ(ParseFormat("table"), Format::kTable);
  EXPECT_FALSE(ParseFormat("xml").has_value());
}

}  // namespace
}  // namespace scry::report
