// THE list of analyzers (like Trivy's analyzer/all and DuckDB's Register* lists): adding an
// analyzer means adding one line here (docs/adding-an-analyzer.md). Sorted by group.
#include "scry/analyzer/analyzer.hpp"
#include "scry/analyzer/lang/c/conan/conan_analyzer.hpp"
#include "scry/analyzer/lang/dart/pub/pub_analyzer.hpp"
#include "scry/analyzer/lang/elixir/mix/mix_analyzer.hpp"
#include "scry/analyzer/lang/golang/binary/go_binary_analyzer.hpp"
#include "scry/analyzer/lang/swift/cocoapods/cocoapods_analyzer.hpp"
#include "scry/analyzer/lang/swift/swiftpm/swiftpm_analyzer.hpp"
#include "scry/analyzer/os/os_analyzer.hpp"
#include "scry/analyzer/pkg/apk/apk_analyzer.hpp"
#include "scry/analyzer/pkg/dpkg/dpkg_analyzer.hpp"
#include "scry/analyzer/pkg/rpm/rpm_analyzer.hpp"

namespace scry::analyzer {

void RegisterAllAnalyzers(Registry& registry) {
  // Operating system
  os::RegisterOs(registry);
  // OS packages
  pkg::RegisterDpkg(registry);
  pkg::RegisterApk(registry);
  pkg::RegisterRpm(registry);
  // Language packages
  lang::golang::RegisterGoBinary(registry);
  lang::c::RegisterConanLock(registry);
  lang::dart::RegisterPubspecLock(registry);
  lang::elixir::RegisterMixLock(registry);
  lang::swift::RegisterSwiftPm(registry);
  lang::swift::RegisterCocoapods(registry);
}

}  // namespace scry::analyzer
