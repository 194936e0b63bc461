// THE list of analyzers (like Trivy's analyzer/all and DuckDB's Register* lists): adding an
// analyzer means adding one line here (docs/adding-an-analyzer.md). Sorted by group.
#include "scry/analyzer/analyzer.hpp"
#include "scry/analyzer/lang/golang/binary/go_binary_analyzer.hpp"
#include "scry/analyzer/lang/nodejs/npm/npm_analyzer.hpp"
#include "scry/analyzer/lang/nodejs/pkg/node_pkg_analyzer.hpp"
#include "scry/analyzer/lang/nodejs/pnpm/pnpm_analyzer.hpp"
#include "scry/analyzer/lang/nodejs/yarn/yarn_analyzer.hpp"
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
  lang::nodejs::RegisterNpm(registry);
  lang::nodejs::RegisterYarn(registry);
  lang::nodejs::RegisterPnpm(registry);
  lang::nodejs::RegisterNodePkg(registry);
}

}  // namespace scry::analyzer
