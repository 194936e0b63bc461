#include <gtest/gtest.h>

#include "scry/analyzer/analyzer_golden_test_util.hpp"

namespace scry::analyzer::lang::dotnet {
namespace {

TEST(PackagesPropsGoldenTest, AllCases) {
  testing::RunAnalyzerGoldens(SCRY_MODULE_DIR "/lang/dotnet/packages_props/testdata");
}

}  // namespace
}  // namespace scry::analyzer::lang::dotnet
