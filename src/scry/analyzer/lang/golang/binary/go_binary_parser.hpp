// Go binaries to packages: the main module, every dependency as built (after replacement) and
// "stdlib" at the toolchain's version, from build info (as `go version -m` shows it). Without
// module information, what the function table tells instead: the Go version and probable module
// paths, all with unknown versions, plus where the source probably lives.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::lang::golang {

struct ParsedGoBinary {
  model::Application application;  // type "gobinary"; file_path left empty
  std::vector<std::string> warnings;
};

// Pure (no I/O, no logging). nullopt when `file` is not a Go executable (not an executable, or
// one without Go build info and without a Go function table). kInvalidInput when the file has an
// executable's magic but corrupt headers. A universal Mach-O gives one application whose packages
// are the union of its slices.
Result<std::optional<ParsedGoBinary>> ParseGoBinary(Bytes file);

}  // namespace scry::analyzer::lang::golang
