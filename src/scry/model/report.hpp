// The scan report: Trivy's JSON schema v2 as data (docs/cli.md). Writers in report/ only emit it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/model/os.hpp"
#include "scry/model/package.hpp"
#include "scry/model/vulnerability.hpp"

namespace scry::model {

enum class ArtifactType { kContainerImage, kFilesystem, kRepository, kSbom };
std::string_view ArtifactTypeName(ArtifactType type);

enum class ResultClass { kOsPackages, kLanguagePackages };
std::string_view ResultClassName(ResultClass result_class);

// Findings for one target inside the artifact (a binary, a lockfile, the OS).
struct ScanResult {
  std::string target;
  ResultClass result_class = ResultClass::kLanguagePackages;
  std::string type;
  std::vector<Package> packages;
  std::vector<DetectedVulnerability> vulnerabilities;  // sorted by package, then ID
  std::vector<FilteredVulnerability> filtered_vulnerabilities;
  std::vector<UnmatchedPackage> unmatched_packages;
  std::optional<GoBinaryDetails> go_binary;
  // The OS package that installed this file ("dpkg:golang-1.19-go@1.19.8-2"), when one did.
  std::string owned_by;
};

// Report metadata (Trivy's "Metadata"): image facts are empty for other targets.
struct Metadata {
  std::optional<OsInfo> os;
  std::string image_id;  // config digest, "sha256:..."
  std::vector<std::string> diff_ids;
  std::vector<std::string> repo_tags;
  std::vector<std::string> repo_digests;
  std::string image_config;  // the image config JSON as read (ImageConfig), empty when none
  // Repository scans (`scry repo`): the URL without credentials, the checked-out branch, the
  // tags at HEAD and HEAD's commit SHA.
  std::string repo_url;
  std::string branch;
  std::vector<std::string> tags;
  std::string commit;
};

struct Report {
  int schema_version = 2;
  std::optional<std::string> created_at;  // RFC 3339; absent for reproducible output
  std::string artifact_name;
  ArtifactType artifact_type = ArtifactType::kFilesystem;
  Metadata metadata;
  std::vector<ScanResult> results;  // sorted by target
};

}  // namespace scry::model
