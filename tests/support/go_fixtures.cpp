#include "go_fixtures.hpp"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <string>

namespace scry::testing {
namespace {

namespace fs = std::filesystem;

struct Manifests {
  fs::path directory;
  std::string error;  // why the manifests could not be read; empty when they were
  std::map<std::string, nlohmann::json, std::less<>> fixtures;
};

std::string HowToBuild(const fs::path& directory) {
  return "build the Go fixtures with `ctest --preset release -R go_fixtures`, or with `" +
         std::string(SCRY_SOURCE_DIR) + "/tools/make-go-fixtures " + directory.string() + " && " +
         SCRY_SOURCE_DIR + "/tools/fetch-npm-go-binaries " + directory.string() +
         "` (tests read $SCRY_GO_FIXTURES, else " + SCRY_GO_FIXTURES_DEFAULT_DIR + ")";
}

Manifests ReadManifests() {
  Manifests manifests;
  manifests.directory = GoFixturesDirectory();
  for (const char* name : {"manifest.json", "manifest-npm.json"}) {
    fs::path path = manifests.directory / name;
    std::ifstream in(path);
    if (!in) {
      manifests.error = "cannot read " + path.string();
      return manifests;
    }
    nlohmann::json document = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.contains("fixtures") ||
        !document["fixtures"].is_array()) {
      manifests.error = path.string() + " is not a fixture manifest";
      return manifests;
    }
    for (const nlohmann::json& entry : document["fixtures"]) {
      manifests.fixtures[entry.value("path", "")] = entry;
    }
  }
  return manifests;
}

}  // namespace

fs::path GoFixturesDirectory() {
  const char* directory = std::getenv("SCRY_GO_FIXTURES");
  return directory != nullptr && *directory != '\0' ? fs::path(directory)
                                                    : fs::path(SCRY_GO_FIXTURES_DEFAULT_DIR);
}

::testing::AssertionResult FindGoFixture(std::string_view relative, GoFixture* fixture) {
  static const Manifests manifests = ReadManifests();
  if (!manifests.error.empty()) {
    return ::testing::AssertionFailure()
           << "no Go fixtures: " << manifests.error << "; " << HowToBuild(manifests.directory);
  }
  auto entry = manifests.fixtures.find(relative);
  if (entry == manifests.fixtures.end()) {
    return ::testing::AssertionFailure()
           << "the manifests in " << manifests.directory.string() << " have no fixture " << relative
           << " (built by an older tools/make-go-fixtures?); " << HowToBuild(manifests.directory);
  }
  fixture->path = manifests.directory / relative;
  fixture->manifest = entry->second;
  std::error_code error;
  if (!fs::is_regular_file(fixture->path, error)) {
    return ::testing::AssertionFailure()
           << fixture->path.string() << " is missing; " << HowToBuild(manifests.directory);
  }
  return ::testing::AssertionSuccess();
}

fs::path GoFixturePath(std::string_view relative) {
  GoFixture fixture;
  EXPECT_TRUE(FindGoFixture(relative, &fixture));
  return fixture.path;
}

}  // namespace scry::testing
