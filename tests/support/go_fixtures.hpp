// Real Go binaries for unit tests: built by tools/make-go-fixtures and fetched by
// tools/fetch-npm-go-binaries into one directory that every build directory shares, and described
// by its manifest.json and manifest-npm.json. CTest runs the go_fixtures setup test first and
// passes the directory in $SCRY_GO_FIXTURES; a test executable run by hand falls back to the
// directory configured at build time (SCRY_FIXTURES_DIR/go).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>

namespace scry::testing {

struct GoFixture {
  std::filesystem::path path;  // the file
  nlohmann::json manifest;     // its manifest entry: go_version, format, dependencies, ...
};

// $SCRY_GO_FIXTURES when set, else the directory configured at build time.
std::filesystem::path GoFixturesDirectory();

// Looks up `relative` ("bin/cross/linux-386", "npm/esbuild-linux-64-0.8.0") in the manifests
// (read once per process) and checks that the file is there. The failure says how to build the
// fixtures.
::testing::AssertionResult FindGoFixture(std::string_view relative, GoFixture* fixture);

// The path of fixture `relative`; adds a non-fatal failure (see FindGoFixture) when it is missing.
std::filesystem::path GoFixturePath(std::string_view relative);

}  // namespace scry::testing
