// Core metadata of installed Python distributions
// (https://packaging.python.org/en/latest/specifications/core-metadata/, versions 1.0-2.4), as
// found in *.dist-info/METADATA, *.egg-info/PKG-INFO and single-file *.egg-info: RFC 822 style
// "Key: value" headers up to the first blank line (the description body follows), values
// continued on lines starting with whitespace.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::lang::python {

struct DistributionMetadata {
  model::Package package;  // name, version, licenses; id and purl set ("pypi")
  std::vector<std::string> warnings;
};

// Licences as Trivy reads them: License-Expression (metadata 2.4) first, else a one-line
// License field (not "UNKNOWN"; multi-line fields hold whole licence texts and are ignored),
// else the last part of each "License :: ..." classifier ("License :: OSI Approved :: MIT
// License" -> "MIT License"). kInvalidInput for binary content or when Name or Version is
// missing.
Result<DistributionMetadata> ParseDistributionMetadata(std::string_view content);

}  // namespace scry::analyzer::lang::python
