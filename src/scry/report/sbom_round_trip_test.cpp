// The cyclonedx and spdx-json writers against the SBOM reader `scry sbom` uses: what a scan found
// comes back as the same Results and packages (the OS Result named after the SBOM, as Trivy does).
#include <gtest/gtest.h>

#include <sstream>

#include "scry/artifact/sbom/sbom_parser.hpp"
#include "scry/report/writer.hpp"

namespace scry::report {
namespace {

model::Package OsPackage(std::string name, int epoch, std::string version, std::string release,
                         std::string source) {
  model::Package package;
  package.name = std::move(name);
  package.epoch = epoch;
  package.version = std::move(version);
  package.release = std::move(release);
  package.arch = "amd64";
  package.src_name = std::move(source);
  package.src_epoch = package.epoch;
  package.src_version = package.version;
  package.src_release = package.release;
  package.layer = {"sha256:aaaa", "sha256:bbbb"};
  return package;
}

model::Report ScannedImage() {
  model::Report report;
  report.artifact_name = "registry.example/app:1";
  report.artifact_type = model::ArtifactType::kContainerImage;
  report.metadata.os = model::OsInfo{"debian", "11.6"};

  model::ScanResult os;
  os.target = "registry.example/app:1 (debian 11.6)";
  os.result_class = model::ResultClass::kOsPackages;
  os.type = "debian";
  os.packages.push_back(OsPackage("libc6", 0, "2.31", "13", "glibc"));
  os.packages.push_back(OsPackage("zlib1g", 1, "1.2.11.dfsg", "2", "zlib"));
  for (auto& package : os.packages)
    model::SetOsPackageIdentity(package, "deb", &*report.metadata.os);
  os.packages[1].depends_on = {os.packages[0].id};
  report.results.push_back(os);

  model::ScanResult go;
  go.target = "usr/bin/app";
  go.type = "gobinary";
  model::Package main_module;
  main_module.name = "example.com/app";
  main_module.relationship = model::Relationship::kRoot;
  main_module.version_source = model::VersionSource::kUnknown;
  model::Package text;
  text.name = "golang.org/x/text";
  text.version = "v0.3.7";
  text.relationship = model::Relationship::kDirect;
  text.version_source = model::VersionSource::kBuildInfo;
  for (auto* package : {&main_module, &text}) {
    model::SetIdentity(*package, "golang");
    package->layer = {"sha256:cccc", "sha256:dddd"};
  }
  main_module.depends_on = {text.id};
  go.packages = {main_module, text};
  go.go_binary = model::GoBinaryDetails{};
  go.go_binary->go_version = "go1.19.8";
  go.go_binary->main_package_path = "example.com/app";
  go.go_binary->format = "elf";
  go.go_binary->architectures = {"amd64"};
  go.go_binary->build_settings = {{"-ldflags", "-s"}, {"GOARCH", "amd64"}, {"GOOS", "linux"}};

  model::ScanResult node;
  node.target = "Node.js";
  node.type = "node-pkg";
  model::Package lodash;
  lodash.name = "lodash";
  lodash.version = "4.17.20";
  lodash.file_path = "app/node_modules/lodash/package.json";
  model::SetIdentity(lodash, "npm");
  node.packages = {lodash};
  // As the applier orders them: the OS first, then by target.
  report.results.push_back(node);
  report.results.push_back(go);
  return report;
}

void ExpectSamePackages(const model::ScanResult& want, const model::ScanResult& got) {
  ASSERT_EQ(want.packages.size(), got.packages.size()) << want.target;
  for (size_t i = 0; i < want.packages.size(); ++i) {
    const model::Package& a = want.packages[i];
    const model::Package& b = got.packages[i];
    SCOPED_TRACE(a.id);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.version, b.version);
    EXPECT_EQ(a.epoch, b.epoch);
    EXPECT_EQ(a.release, b.release);
    EXPECT_EQ(a.arch, b.arch);
    EXPECT_EQ(a.src_name, b.src_name);
    EXPECT_EQ(a.src_version, b.src_version);
    EXPECT_EQ(a.src_release, b.src_release);
    EXPECT_EQ(a.src_epoch, b.src_epoch);
    EXPECT_EQ(a.purl, b.purl);
    EXPECT_EQ(a.relationship, b.relationship);
    EXPECT_EQ(a.depends_on, b.depends_on);
    EXPECT_EQ(a.layer.digest, b.layer.digest);
    EXPECT_EQ(a.layer.diff_id, b.layer.diff_id);
    EXPECT_EQ(a.file_path, b.file_path);
    EXPECT_EQ(a.version_source, b.version_source);
  }
}

class SbomRoundTripTest : public ::testing::TestWithParam<Format> {};

TEST_P(SbomRoundTripTest, ResultsAndPackagesComeBack) {
  const model::Report report = ScannedImage();
  WriterOptions options;
  options.tool_version = "test";
  std::ostringstream out;
  ASSERT_TRUE(MakeWriter(GetParam(), options)->Write(report, out).has_value());
  auto sbom = artifact::sbom::ParseSbom(out.str(), "app.sbom.json");
  ASSERT_TRUE(sbom.has_value()) << sbom.error().ToString();
  ASSERT_TRUE(sbom->os.has_value());
  EXPECT_EQ(sbom->os->family, "debian");
  EXPECT_EQ(sbom->os->name, "11.6");
  ASSERT_EQ(sbom->results.size(), report.results.size());
  ASSERT_TRUE(sbom->results[2].go_binary.has_value());
  for (size_t i = 0; i < report.results.size(); ++i) {
    const model::ScanResult& want = report.results[i];
    const model::ScanResult& got = sbom->results[i];
    EXPECT_EQ(got.target, i == 0 ? "app.sbom.json (debian 11.6)" : want.target);
    EXPECT_EQ(got.result_class, want.result_class);
    EXPECT_EQ(got.type, want.type);
    ExpectSamePackages(want, got);
    EXPECT_EQ(got.go_binary.has_value(), want.go_binary.has_value());
  }
  const model::GoBinaryDetails& binary = *sbom->results[2].go_binary;
  EXPECT_EQ(binary.go_version, "go1.19.8");
  EXPECT_EQ(binary.main_package_path, "example.com/app");
  EXPECT_EQ(binary.format, "elf");
  EXPECT_EQ(binary.architectures, std::vector<std::string>{"amd64"});
  // Only what matching reads: the platform, not every build setting.
  using Settings = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(binary.build_settings, (Settings{{"GOARCH", "amd64"}, {"GOOS", "linux"}}));
}

INSTANTIATE_TEST_SUITE_P(Formats, SbomRoundTripTest,
                         ::testing::Values(Format::kCycloneDx, Format::kSpdxJson),
                         [](const auto& test_param) {
                           return test_param.param == Format::kCycloneDx ? "CycloneDx" : "Spdx";
                         });

}  // namespace
}  // namespace scry::report
