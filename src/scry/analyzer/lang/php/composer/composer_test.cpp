#include <gtest/gtest.h>

#include "scry/analyzer/analyzer_golden_test_util.hpp"
#include "scry/analyzer/lang/sibling_golden_test_util.hpp"

namespace scry::analyzer::lang::php {
namespace {

TEST(ComposerGoldenTest, AllCases) {
  testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/lang/php/composer/testdata");
}

TEST(ComposerGoldenTest, WithManifest) {
  testing::RunSiblingGoldens(SCRY_MODULE_DIR "/lang/php/composer/testdata/siblings",
                             AnalyzerType::kComposer);
}

}  // namespace
}  // namespace scry::analyzer::lang::php
