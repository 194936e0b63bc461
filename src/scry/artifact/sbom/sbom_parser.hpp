// Reading SBOMs back into scry's inventory, for `scry sbom FILE`: CycloneDX JSON 1.2 to 1.6
// (https://cyclonedx.org/docs/1.6/json/) and SPDX JSON 2.2 and 2.3
// (https://spdx.github.io/spdx-spec/v2.3/), as scry, Trivy, Syft and cdxgen write them.
//
// Documents written by scry or Trivy carry their results: holder components (CycloneDX
// "application"/"operating-system" with Class/Type properties, SPDX packages with Class/Type
// annotations) that contain the packages, and per-package properties (PkgID, SrcName, layer,
// FilePath, Relationship) under the "scry:" or "aquasecurity:trivy:" prefix. Packages of other
// SBOMs are grouped by purl type: deb/apk/rpm into one OS result, others into one result per
// Trivy application type ("gomod", "node-pkg", "python-pkg", "jar", ...).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"
#include "scry/model/os.hpp"
#include "scry/model/report.hpp"

namespace scry::artifact::sbom {

enum class SbomFormat { kCycloneDx, kSpdx };

// What the CLI names in its error for a document that is neither.
inline constexpr std::string_view kAcceptedFormats =
    "CycloneDX JSON (1.2 to 1.6) or SPDX JSON (2.2, 2.3)";

struct Sbom {
  SbomFormat format = SbomFormat::kCycloneDx;
  std::string spec_version;  // "1.6", "2.3"
  // From the operating-system component or package, else the distro qualifier of OS purls.
  std::optional<model::OsInfo> os;
  // The OS result first, then the others sorted by target; packages sorted by name, version and
  // file. Vulnerabilities are empty: the SBOM's own are not read (scry matches again).
  std::vector<model::ScanResult> results;
  // Components or packages left out, with the reason ("pkg:generic/x@1: purl type generic has no
  // advisory ecosystem"), for the caller's debug log.
  std::vector<std::string> skipped;
};

// Parses a CycloneDX or SPDX JSON document. `name` is what the OS result's target is made of
// ("<name> (debian 12.5)", as Trivy names it). Pure. kUnsupported when the document is JSON but
// neither format (or an unsupported version of one), kInvalidInput when malformed,
// kLimitExceeded past limits::kMaxSbomSize, kMaxSbomDepth or kMaxSbomComponents.
Result<Sbom> ParseSbom(std::string_view text, std::string_view name);

}  // namespace scry::artifact::sbom
