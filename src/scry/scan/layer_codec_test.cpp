#include "scry/scan/layer_codec.hpp"

#include <gtest/gtest.h>

namespace scry::scan {
namespace {

LayerAnalysis EveryField() {
  LayerAnalysis layer;
  layer.layer = {"sha256:aa", "sha256:bb"};
  analyzer::AnalysisResult& status = layer.files["var/lib/dpkg/status"];
  model::Package os_package;
  os_package.name = "libssl3";
  os_package.version = "3.0.11";
  os_package.release = "1~deb12u2";
  os_package.epoch = 1;
  os_package.arch = "amd64";
  os_package.src_name = "openssl";
  os_package.src_version = "3.0.11";
  os_package.src_release = "1~deb12u2";
  os_package.src_epoch = 1;
  os_package.licenses = {"Apache-2.0"};
  os_package.maintainer = "Debian OpenSSL Team";
  model::SetIdentity(os_package, "deb");
  status.package_databases.push_back({"var/lib/dpkg/status", "dpkg", {os_package}});
  status.installed_files.push_back(
      {"var/lib/dpkg/info/libssl3.md5sums", "libssl3", {"usr/lib/libssl.so.3", "usr/share/doc"}});
  layer.files["etc/os-release"].os = model::OsInfo{"debian", "12", true};

  analyzer::AnalysisResult& binary = layer.files["usr/bin/app"];
  model::Application application;
  application.type = "gobinary";
  application.file_path = "usr/bin/app";
  model::Package module;
  module.name = "golang.org/x/text";
  module.version = "v0.3.7";
  module.relationship = model::Relationship::kIndirect;
  module.version_source = model::VersionSource::kLdflags;
  module.evidence = {{"Replaces", "example.com/x v1.0.0"}, {"Unicode", "\xc3\xa9"}};
  module.depends_on = {"a@v1"};
  module.file_path = "usr/bin/app";
  model::SetIdentity(module, "golang");
  application.packages.push_back(module);
  model::GoBinaryDetails details;
  details.go_version = "go1.22.5 X:boringcrypto";
  details.main_package_path = "example.com/app";
  details.build_settings = {{"GOOS", "linux"}, {"-ldflags", "-X \"main.v=1\""}};
  details.format = "elf";
  details.architectures = {"amd64"};
  details.build_info = model::GoBinaryDetails::BuildInfo::kNoModules;
  details.source_module = "example.com/app";
  details.source_repository = "https://example.com/app";
  details.source_command = "scry repo https://example.com/app";
  application.go_binary = details;
  binary.applications.push_back(application);
  binary.warnings = {"build info is corrupt"};

  layer.written = {"etc/os-release", "usr/bin/app"};
  layer.whiteouts = {"usr/bin/old"};
  layer.opaque_directories = {"opt"};
  return layer;
}

TEST(LayerCodecTest, RoundTripsEveryField) {
  std::string blob = EncodeLayerAnalysis(EveryField());
  auto decoded = DecodeLayerAnalysis(blob);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().ToString();
  EXPECT_EQ(EncodeLayerAnalysis(*decoded), blob);
  const auto& package = decoded->files.at("var/lib/dpkg/status").package_databases[0].packages[0];
  EXPECT_EQ(model::FullVersion(package), "1:3.0.11-1~deb12u2");
  EXPECT_EQ(package.purl,
            EveryField().files.at("var/lib/dpkg/status").package_databases[0].packages[0].purl);
  const auto& module = decoded->files.at("usr/bin/app").applications[0].packages[0];
  EXPECT_EQ(module.version_source, model::VersionSource::kLdflags);
  EXPECT_EQ(module.relationship, model::Relationship::kIndirect);
  EXPECT_EQ(decoded->files.at("usr/bin/app").applications[0].go_binary->build_info,
            model::GoBinaryDetails::BuildInfo::kNoModules);
}

TEST(LayerCodecTest, DamagedBlobsAreErrorsNotCrashes) {
  std::string blob = EncodeLayerAnalysis(EveryField());
  for (size_t cut = 0; cut < blob.size(); cut += 7) {
    EXPECT_FALSE(DecodeLayerAnalysis(blob.substr(0, cut)).has_value()) << cut;
  }
  EXPECT_FALSE(DecodeLayerAnalysis(R"({"codec": 0})").has_value());
  EXPECT_FALSE(DecodeLayerAnalysis(R"({"codec": 1, "files": {"a": 3}})").has_value());
  EXPECT_FALSE(
      DecodeLayerAnalysis(R"({"codec": 1, "files": {"a": {"applications": [{"packages": [{}]}]}}})")
          .has_value());
}

}  // namespace
}  // namespace scry::scan
