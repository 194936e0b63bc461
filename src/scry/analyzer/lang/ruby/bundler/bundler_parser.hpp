// Bundler's lockfile, Gemfile.lock (https://bundler.io/man/gemfile.5.html and bundler's
// lib/bundler/lockfile_parser.rb): source sections GEM, GIT, PATH and PLUGIN SOURCE whose
// "  specs:" list gems as "    name (version[-platform])" with their dependencies indented by six
// spaces below them, then PLATFORMS, DEPENDENCIES ("  name[!] [(requirement)]": the Gemfile's
// own gems), RUBY VERSION, CHECKSUMS and BUNDLED WITH. Read as Trivy's bundler parser reads it
// (pkg/dependency/parser/ruby/bundler): the platform suffix is dropped from versions, DEPENDENCIES
// make gems direct. Development groups are only in the Gemfile, so gems are never marked dev.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::lang::ruby {

struct GemfileLock {
  // In file order, one per name@version (other platforms of the same version are dropped), id
  // and purl ("gem") set, kDirect when DEPENDENCIES names them and kIndirect otherwise,
  // depends_on sorted; evidence "Platform" for platform-specific gems, "Source" for GIT and PATH
  // gems (the remote).
  std::vector<model::Package> packages;
  std::string bundled_with;           // the Bundler version of BUNDLED WITH; empty when absent
  std::vector<std::string> warnings;  // lines that were skipped, with their line numbers
};

// `path` names the file in warnings. kInvalidInput for binary content (a NUL byte).
Result<GemfileLock> ParseGemfileLock(std::string_view content, std::string_view path);

}  // namespace scry::analyzer::lang::ruby
