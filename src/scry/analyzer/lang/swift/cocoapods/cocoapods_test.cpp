#include <gtest/gtest.h>

#include "scry/analyzer/analyzer_golden_test_util.hpp"

namespace scry::analyzer::lang::swift {
namespace {

TEST(CocoapodsGoldenTest, AllCases) {
  testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/lang/swift/cocoapods/testdata");
}

}  // namespace
}  // namespace scry::analyzer::lang::swift
