#include <gtest/gtest.h>

#include "scry/analyzer/analyzer_golden_test_util.hpp"

namespace scry::analyzer::lang::ruby {
namespace {

TEST(BundlerGoldenTest, AllCases) {
  testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/lang/ruby/bundler/testdata");
}

}  // namespace
}  // namespace scry::analyzer::lang::ruby
