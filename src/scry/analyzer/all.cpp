// THE list of analyzers (like Trivy's analyzer/all and DuckDB's Register* lists): adding an
// analyzer means adding one line here (docs/adding-an-analyzer.md). Sorted by group.
#include "scry/analyzer/analyzer.hpp"
#include "scry/analyzer/lang/dotnet/dotnet_analyzers.hpp"
#include "scry/analyzer/lang/golang/binary/go_binary_analyzer.hpp"
#include "scry/analyzer/lang/golang/mod/gomod_analyzer.hpp"
#include "scry/analyzer/lang/java/java_analyzers.hpp"
#include "scry/analyzer/lang/python/python_analyzers.hpp"
#include "scry/analyzer/lang/php/composer/composer_analyzer.hpp"
#include "scry/analyzer/lang/ruby/bundler/bundler_analyzer.hpp"
#include "scry/analyzer/lang/ruby/gemspec/gemspec_analyzer.hpp"
#include "scry/analyzer/lang/rust/binary/rust_binary_analyzer.hpp"
#include "scry/analyzer/lang/rust/cargo/cargo_analyzer.hpp"
#include "scry/analyzer/lang/c/conan/conan_analyzer.hpp"
#include "scry/analyzer/lang/dart/pub/pub_analyzer.hpp"
#include "scry/analyzer/lang/elixir/mix/mix_analyzer.hpp"
#include "scry/analyzer/lang/golang/binary/go_binary_analyzer.hpp"
#include "scry/analyzer/lang/swift/cocoapods/cocoapods_analyzer.hpp"
#include "scry/analyzer/lang/swift/swiftpm/swiftpm_analyzer.hpp"
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
  lang::golang::RegisterGoMod(registry);
  lang::java::RegisterJar(registry);
  lang::java::RegisterPom(registry);
  lang::java::RegisterGradleLock(registry);
  lang::dotnet::RegisterNuget(registry);
  lang::dotnet::RegisterDotnetDeps(registry);
  lang::dotnet::RegisterPackagesProps(registry);
  lang::python::RegisterPip(registry);
  lang::python::RegisterPipenv(registry);
  lang::python::RegisterPoetry(registry);
  lang::python::RegisterUv(registry);
  lang::python::RegisterPylock(registry);
  lang::python::RegisterPythonPackaging(registry);
  lang::rust::RegisterCargo(registry);
  lang::rust::RegisterRustBinary(registry);
  lang::ruby::RegisterBundler(registry);
  lang::ruby::RegisterGemspec(registry);
  lang::php::RegisterComposer(registry);
  lang::php::RegisterComposerVendor(registry);
  lang::c::RegisterConanLock(registry);
  lang::dart::RegisterPubspecLock(registry);
  lang::elixir::RegisterMixLock(registry);
  lang::swift::RegisterSwiftPm(registry);
  lang::swift::RegisterCocoapods(registry);
  lang::nodejs::RegisterNpm(registry);
  lang::nodejs::RegisterYarn(registry);
  lang::nodejs::RegisterPnpm(registry);
  lang::nodejs::RegisterNodePkg(registry);
}

}  // namespace scry::analyzer
