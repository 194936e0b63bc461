// Fuzzes the Cargo.lock and Cargo.toml parsers and the relationship resolution over both: ids
// are unique and every depends_on id names a package of the same lockfile.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/rust/cargo/cargo_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace rust = scry::analyzer::lang::rust;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto manifest = rust::ParseCargoManifest(text, "Cargo.toml");
  auto lock = rust::ParseCargoLock(text, "Cargo.lock");
  if (!lock) return 0;
  if (lock->local.size() != lock->packages.size()) __builtin_trap();
  std::map<std::string, rust::CargoManifest> manifests;
  std::optional<std::string> root;
  if (manifest) {
    root = manifest->name;
    manifests.emplace(manifest->name, *manifest);
  }
  rust::ResolveCargoRelationships(*lock, manifests, root);
  std::set<std::string> ids;
  for (const auto& package : lock->packages) {
    if (package.name.empty() || !ids.insert(package.id).second) __builtin_trap();
  }
  for (const auto& package : lock->packages) {
    for (const auto& id : package.depends_on) {
      if (!ids.count(id)) __builtin_trap();
    }
  }
  return 0;
}
