// What the Python lockfile parsers share: their result type and PyPI name normalisation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/analyzer/analyzer.hpp"
#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::lang::python {

// The packages of one lockfile, in file order, with id and purl set (model::SetIdentity
// "pypi"). Warnings name the entry and key that was skipped or misread, one line each; the
// analyzer group prefixes them with the file's path.
struct PythonLockfile {
  std::vector<model::Package> packages;
  std::vector<std::string> warnings;
};

// PEP 503 normalisation ("Foo.Bar_baz" -> "foo-bar-baz"): how lockfiles' dependency lists and
// their package tables refer to each other.
std::string NormalizeName(std::string_view name);

// The PEP 508 distribution name at the start of `text` ("requests[socks]>=2" -> "requests");
// empty when `text` does not start with one.
std::string_view LeadingName(std::string_view text);

// Shared analyzer plumbing: refuses files over limits::kMaxLockfileSize (before and after
// opening) and reads it; errors name the path.
Result<std::shared_ptr<const ByteSource>> ReadLockfile(const AnalysisInput& input);

}  // namespace scry::analyzer::lang::python
