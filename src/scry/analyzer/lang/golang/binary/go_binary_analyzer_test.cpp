#include "scry/analyzer/lang/golang/binary/go_binary_analyzer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scry/analyzer/lang/golang/binary/go_binary_parser.hpp"
#include "scry/base/log.hpp"

namespace scry::analyzer {
namespace {

Opener BytesOpener(std::vector<uint8_t> bytes) {
  return [bytes]() -> Result<std::shared_ptr<const ByteSource>> {
    return std::make_shared<OwnedBytes>(bytes);
  };
}

std::vector<uint8_t> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  std::vector<uint8_t> bytes(in ? static_cast<size_t>(in.tellg()) : 0);
  in.seekg(0);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

// The Go toolchain's own binary: build info without modules ("path cmd/go"), stdlib only.
TEST(GoBinaryAnalyzerTest, GoToolchainBinary) {
  std::vector<uint8_t> go = ReadFile("/usr/lib/go-1.19/bin/go");
  ASSERT_FALSE(go.empty()) << "golang-go is not installed: run scripts/install-deps";
  auto parsed = lang::golang::ParseGoBinary(go);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  ASSERT_TRUE(parsed->has_value());
  const model::Application& app = (*parsed)->application;
  EXPECT_EQ(app.type, "gobinary");
  ASSERT_EQ(app.packages.size(), 2u);
  EXPECT_EQ(app.packages[0].name, "stdlib");
  EXPECT_TRUE(app.packages[0].version.starts_with("v1.19."));
  // The go command's own vulnerabilities are filed under the "toolchain" pseudo-module.
  EXPECT_EQ(app.packages[1].name, "toolchain");
  EXPECT_EQ(app.packages[1].version, app.packages[0].version);
  EXPECT_EQ(app.packages[1].evidence.at("Command"), "cmd/go");
  ASSERT_TRUE(app.go_binary.has_value());
  EXPECT_EQ(app.go_binary->main_package_path, "cmd/go");
  EXPECT_EQ(app.go_binary->build_info, model::GoBinaryDetails::BuildInfo::kPresent);
}

// A truncated ELF is reported as a warning naming the file; other files are not errors at all.
TEST(GoBinaryAnalyzerTest, CorruptExecutableIsAWarningNamingTheFile) {
  std::vector<uint8_t> go = ReadFile("/usr/lib/go-1.19/bin/go");
  ASSERT_GT(go.size(), 4096u);
  std::vector<uint8_t> truncated(go.begin(), go.begin() + 4096);
  std::vector<std::string> warnings;
  log::SetSink([&warnings](log::Level level, std::string_view message) {
    if (level == log::Level::kWarn) warnings.emplace_back(message);
  });
  Registry registry;
  lang::golang::RegisterGoBinary(registry);
  AnalyzerGroup group(registry.CreateAll({}));
  FileInfo info{"usr/bin/truncated", truncated.size(), 0100755};
  AnalysisResult result = group.AnalyzeFile(info, BytesOpener(truncated));
  EXPECT_TRUE(result.applications.empty());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("usr/bin/truncated"), std::string::npos) << warnings[0];

  warnings.clear();
  std::string text = "#!/bin/sh\necho this is a script, not a binary, and it is long enough\n";
  FileInfo script{"usr/bin/script", text.size(), 0100755};
  result = group.AnalyzeFile(script, BytesOpener({text.begin(), text.end()}));
  EXPECT_TRUE(result.applications.empty());
  std::vector<uint8_t> not_pe(200, 0);
  not_pe[0] = 'M';
  not_pe[1] = 'Z';  // many files start with MZ without being PE executables
  FileInfo mz{"data/mz.bin", not_pe.size(), 0100644};
  result = group.AnalyzeFile(mz, BytesOpener(not_pe));
  EXPECT_TRUE(result.applications.empty());
  EXPECT_TRUE(warnings.empty());
  log::SetSink({});
  EXPECT_EQ(group.VersionsKey(), "gobinary:2");
}

TEST(GoBinaryAnalyzerTest, RequiredByModeAndSize) {
  Registry registry;
  lang::golang::RegisterGoBinary(registry);
  auto analyzers = registry.CreateAll({});
  ASSERT_EQ(analyzers.size(), 1u);
  // Mode bits do not matter (binaries are found by content); regular files only.
  EXPECT_TRUE(analyzers[0]->Required({"bin/app", 100000, 0100644}));
  EXPECT_FALSE(analyzers[0]->Required({"bin/tiny", 10, 0100755}));
  EXPECT_FALSE(analyzers[0]->Required({"dev/sda", 100000, 060644}));
}

}  // namespace
}  // namespace scry::analyzer
