// THE list of analyzers (like Trivy's analyzer/all and DuckDB's Register* lists): adding an
// analyzer means adding one line here (docs/adding-an-analyzer.md). Sorted by group.
#include "scry/analyzer/analyzer.hpp"
#include "scry/analyzer/lang/golang/binary/go_binary_analyzer.hpp"
#include "scry/analyzer/lang/php/composer/composer_analyzer.hpp"
#include "scry/analyzer/lang/ruby/bundler/bundler_analyzer.hpp"
#include "scry/analyzer/lang/ruby/gemspec/gemspec_analyzer.hpp"
#include "scry/analyzer/lang/rust/binary/rust_binary_analyzer.hpp"
#include "scry/analyzer/lang/rust/cargo/cargo_analyzer.hpp"
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
  lang::rust::RegisterCargo(registry);
  lang::rust::RegisterRustBinary(registry);
  lang::ruby::RegisterBundler(registry);
  lang::ruby::RegisterGemspec(registry);
  lang::php::RegisterComposer(registry);
  lang::php::RegisterComposerVendor(registry);
}

}  // namespace scry::analyzer
