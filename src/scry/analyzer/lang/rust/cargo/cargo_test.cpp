#include <gtest/gtest.h>

#include <string>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/lang/rust/cargo/cargo_parser.hpp"
#include "scry/analyzer/lang/sibling_golden_test_util.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::rust {
namespace {

TEST(CargoGoldenTest, AllCases) {
  testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/lang/rust/cargo/testdata");
}

TEST(CargoGoldenTest, WithManifests) {
  testing::RunSiblingGoldens(SCRY_MODULE_DIR "/lang/rust/cargo/testdata/siblings",
                             AnalyzerType::kCargo);
}

// toml++ frees nested tables recursively: a table header of 200,000 dotted parts (400 KB) used
// to overflow the stack. The depth is now checked before parsing, for Cargo.lock and Cargo.toml.
TEST(CargoParserTest, DeepDottedKeysAreRefusedBeforeParsing) {
  std::string header = "[a";
  for (int i = 0; i < 200'000; ++i) header += ".a";
  header += "]\nx = 1\n";
  auto lock = ParseCargoLock(header, "deep/Cargo.lock");
  ASSERT_FALSE(lock.has_value());
  EXPECT_EQ(lock.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_NE(lock.error().ToString().find("deep/Cargo.lock"), std::string::npos);
  auto manifest = ParseCargoManifest("[package]\nname = \"x\"\n" + header, "deep/Cargo.toml");
  ASSERT_FALSE(manifest.has_value());
  EXPECT_EQ(manifest.error().code(), ErrorCode::kLimitExceeded);
}

TEST(CargoAnalyzerTest, RequiredScopeAndLimit) {
  Registry registry;
  RegisterAllAnalyzers(registry);
  for (const auto& analyzer : registry.CreateAll({})) {
    if (analyzer->Type() != AnalyzerType::kCargo) continue;
    EXPECT_EQ(analyzer->Scope(), AnalyzerScope::kLockfile);
    EXPECT_TRUE(analyzer->Required({"Cargo.lock", 1, 0100644}));
    EXPECT_TRUE(analyzer->Required({"src/x/Cargo.lock", 1, 0100644}));
    EXPECT_FALSE(analyzer->Required({"src/xCargo.lock", 1, 0100644}));
    EXPECT_FALSE(analyzer->Required({"Cargo.lock", 1, 0120777}));
    FileInfo big{"a/Cargo.lock", limits::kMaxLockfileSize + 1, 0100644};
    Opener never = []() -> Result<std::shared_ptr<const ByteSource>> {
      return Fail(ErrorCode::kInternal, "must not be opened");
    };
    auto result = analyzer->Analyze({big, never});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
    EXPECT_NE(result.error().ToString().find("a/Cargo.lock"), std::string::npos);
    // A file that grew after it was listed is refused after opening too.
    FileInfo small{"a/Cargo.lock", 10, 0100644};
    auto grown = analyzer->Analyze(
        {small, testing::TextOpener(std::string(limits::kMaxLockfileSize + 1, '#'))});
    ASSERT_FALSE(grown.has_value());
    EXPECT_EQ(grown.error().code(), ErrorCode::kLimitExceeded);
    return;
  }
  FAIL() << "no cargo analyzer registered";
}

}  // namespace
}  // namespace scry::analyzer::lang::rust
