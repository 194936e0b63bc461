#include "scry/scan/applier.hpp"

#include <gtest/gtest.h>

namespace scry::scan {
namespace {

analyzer::AnalysisResult Binary(const std::string& path, const std::string& version) {
  analyzer::AnalysisResult result;
  model::Application application;
  application.type = "gobinary";
  application.file_path = path;
  model::Package package;
  package.name = "example.com/app";
  package.version = version;
  model::SetIdentity(package, "golang");
  application.packages.push_back(package);
  result.applications.push_back(std::move(application));
  return result;
}

model::Package OsPackage(const std::string& name, const std::string& version) {
  model::Package package;
  package.name = name;
  package.version = version;
  package.arch = "amd64";
  return package;
}

analyzer::AnalysisResult Status(std::vector<model::Package> packages) {
  analyzer::AnalysisResult result;
  result.package_databases.push_back({"var/lib/dpkg/status", "dpkg", std::move(packages)});
  return result;
}

LayerAnalysis Layer(int number) {
  LayerAnalysis layer;
  layer.layer.digest = "sha256:digest" + std::to_string(number);
  layer.layer.diff_id = "sha256:diff" + std::to_string(number);
  return layer;
}

std::vector<std::string> Targets(const Inventory& inventory) {
  std::vector<std::string> targets;
  for (const auto& result : inventory.results) targets.push_back(result.target);
  return targets;
}

TEST(ApplyLayersTest, WhiteoutsOpaqueDirectoriesAndRewritesHideLowerLayers) {
  std::vector<LayerAnalysis> layers;
  layers.push_back(Layer(0));
  for (std::string path : {"usr/bin/deleted", "opt/app/bin/tool", "opt/app", "usr/bin/replaced",
                           "usr/bin/kept", "usr/bin/rewritten"}) {
    layers[0].files.emplace(path, Binary(path, "v1.0.0"));
  }
  layers.push_back(Layer(1));
  layers[1].whiteouts = {"usr/bin/deleted"};
  layers[1].opaque_directories = {"opt/app"};
  layers[1].written = {"usr/bin/replaced"};  // now a shell script: nothing found in it
  layers[1].files.emplace("usr/bin/rewritten", Binary("usr/bin/rewritten", "v2.0.0"));

  Inventory inventory = ApplyLayers(layers, "image");
  // opt/app itself survives its own opacity (only what is below it is hidden).
  EXPECT_EQ(Targets(inventory),
            (std::vector<std::string>{"opt/app", "usr/bin/kept", "usr/bin/rewritten"}));
  EXPECT_EQ(inventory.results[1].packages[0].layer.diff_id, "sha256:diff0");
  EXPECT_EQ(inventory.results[2].packages[0].version, "v2.0.0");
  EXPECT_EQ(inventory.results[2].packages[0].layer.diff_id, "sha256:diff1");
}

TEST(ApplyLayersTest, WhiteoutOfADirectoryRemovesItsTree) {
  std::vector<LayerAnalysis> layers{Layer(0), Layer(1)};
  layers[0].files.emplace("srv/a/b/app", Binary("srv/a/b/app", "v1.0.0"));
  layers[0].files.emplace("srv/ab", Binary("srv/ab", "v1.0.0"));
  layers[1].whiteouts = {"srv/a"};
  EXPECT_EQ(Targets(ApplyLayers(layers, "image")), (std::vector<std::string>{"srv/ab"}));
}

TEST(ApplyLayersTest, OsPackagesKeepTheLayerThatLastChangedThem) {
  std::vector<LayerAnalysis> layers{Layer(0), Layer(1), Layer(2)};
  layers[0].files.emplace("var/lib/dpkg/status",
                          Status({OsPackage("libc6", "2.36-9"), OsPackage("curl", "7.88.1-10"),
                                  OsPackage("wget", "1.21.3-1")}));
  layers[0].files["var/lib/dpkg/info/curl.md5sums"].installed_files.push_back(
      {"var/lib/dpkg/info/curl.md5sums", "curl", {"usr/bin/curl"}});
  // Layer 1 upgrades curl and purges wget; libc6 is untouched.
  layers[1].files.emplace("var/lib/dpkg/status",
                          Status({OsPackage("libc6", "2.36-9"), OsPackage("curl", "7.88.1-11")}));
  layers[1].files.emplace("usr/bin/curl", Binary("usr/bin/curl", "v0.0.1"));
  // Layer 2 rewrites the status file with the same content.
  layers[2].files.emplace("var/lib/dpkg/status",
                          Status({OsPackage("libc6", "2.36-9"), OsPackage("curl", "7.88.1-11")}));

  Inventory inventory = ApplyLayers(layers, "image");
  ASSERT_EQ(inventory.results.size(), 2u);
  const auto& os = inventory.results[0];
  EXPECT_EQ(os.result_class, model::ResultClass::kOsPackages);
  EXPECT_EQ(os.target, "image (unknown OS)");
  ASSERT_EQ(os.packages.size(), 2u);
  EXPECT_EQ(os.packages[0].name, "curl");
  EXPECT_EQ(os.packages[0].layer.diff_id, "sha256:diff1");
  EXPECT_EQ(os.packages[1].name, "libc6");
  EXPECT_EQ(os.packages[1].layer.diff_id, "sha256:diff0");
  EXPECT_EQ(inventory.results[1].owned_by, "dpkg:curl@7.88.1-11");
}

analyzer::AnalysisResult Installed(const std::string& type, const std::string& path,
                                   const std::string& name) {
  analyzer::AnalysisResult result;
  model::Application application;
  application.type = type;
  application.file_path = path;
  model::Package package;
  package.name = name;
  package.version = "1.0";
  model::SetIdentity(package, "pypi");
  application.packages.push_back(package);
  result.applications.push_back(std::move(application));
  return result;
}

TEST(ApplyLayersTest, InstalledPackagesAreAggregatedPerType) {
  std::vector<LayerAnalysis> layers{Layer(0)};
  layers[0].files.emplace("site/b-1.0.dist-info/METADATA",
                          Installed("python-pkg", "site/b-1.0.dist-info/METADATA", "b"));
  layers[0].files.emplace("site/a-1.0.dist-info/METADATA",
                          Installed("python-pkg", "site/a-1.0.dist-info/METADATA", "a"));
  layers[0].files.emplace("app/go", Binary("app/go", "v1.0.0"));
  Inventory inventory = ApplyLayers(layers, "image");
  EXPECT_EQ(Targets(inventory), (std::vector<std::string>{"Python", "app/go"}));
  const auto& python = inventory.results[0];
  EXPECT_EQ(python.type, "python-pkg");
  ASSERT_EQ(python.packages.size(), 2u);
  EXPECT_EQ(python.packages[0].name, "a");
  EXPECT_EQ(python.packages[0].file_path, "site/a-1.0.dist-info/METADATA");
}

TEST(ApplyLayersTest, DevPackagesOnlyWhenAskedFor) {
  analyzer::AnalysisResult lockfile;
  model::Application application;
  application.type = "npm";
  application.file_path = "package-lock.json";
  model::Package app, jest, lodash;
  app.name = "app";
  app.id = "app@1.0.0";
  jest.name = "jest";
  jest.id = "jest@29.0.0";
  jest.dev = true;
  lodash.name = "lodash";
  lodash.id = "lodash@4.17.21";
  app.depends_on = {jest.id, lodash.id};
  application.packages = {app, jest, lodash};
  lockfile.applications.push_back(application);
  std::vector<LayerAnalysis> layers{Layer(0)};
  layers[0].files.emplace("package-lock.json", lockfile);

  Inventory without = ApplyLayers(layers, "repo");
  ASSERT_EQ(without.results.size(), 1u);
  ASSERT_EQ(without.results[0].packages.size(), 2u);
  for (const auto& package : without.results[0].packages) EXPECT_FALSE(package.dev);
  EXPECT_EQ(without.results[0].packages[0].depends_on, std::vector<std::string>{lodash.id});

  Inventory with = ApplyLayers(layers, "repo", ApplyOptions{.include_dev_deps = true});
  EXPECT_EQ(with.results[0].packages.size(), 3u);
}

}  // namespace
}  // namespace scry::scan
