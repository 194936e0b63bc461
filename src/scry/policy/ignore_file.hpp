// Trivy's ignore files: `.trivyignore` (one ID per line, `exp:YYYY-MM-DD`, `#` comments) and its
// YAML form `.trivyignore.yaml` (sections of entries with id, paths, purls, expired_at,
// statement). Pure parsers: bytes in, rules out; expiry is judged later against a date.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"

namespace scry::policy {

// One rule. Only `vulnerabilities` rules act on scry's findings; the other sections are read so
// that a Trivy file with misconfiguration or secret rules is accepted.
struct IgnoreRule {
  std::string id;                  // vulnerability ID or any alias (CVE, GHSA, GO-...)
  std::vector<std::string> paths;  // globs on the Result target or package path; empty: any
  std::vector<std::string> purls;  // package URLs; empty: any package
  std::string expires;             // "YYYY-MM-DD": the rule stops applying after this day
  std::string statement;           // why it is ignored (YAML form only)
  size_t line = 0;                 // 1-based line of the rule in its file
};

struct IgnoreFile {
  std::vector<IgnoreRule> vulnerabilities;
  std::vector<IgnoreRule> others;  // misconfigurations, secrets, licenses: kept, not applied
};

// Which form a file name implies: ".yaml"/".yml" suffix means the YAML form.
bool IsYamlIgnoreFile(std::string_view file_name);

// The plain form. Lines that are blank or start with '#' are skipped; the first field is the
// ID, `exp:YYYY-MM-DD` after it sets the expiry. kInvalidInput (naming the line) for a malformed
// expiry date; kLimitExceeded for files over kMaxIgnoreFileSize or kMaxIgnoreRules rules.
Result<IgnoreFile> ParsePlainIgnoreFile(std::string_view text);

// The YAML form. kInvalidInput for malformed YAML, a non-mapping document, an entry without an
// id, or a malformed expired_at (each naming the line); kLimitExceeded as for the plain form.
Result<IgnoreFile> ParseYamlIgnoreFile(std::string_view text);

// True when `date` is a valid calendar date written YYYY-MM-DD.
bool IsIsoDate(std::string_view date);

inline constexpr size_t kMaxIgnoreFileSize = 16u << 20;
inline constexpr size_t kMaxIgnoreRules = 1u << 20;

}  // namespace scry::policy
