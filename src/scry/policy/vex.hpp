// VEX documents (OpenVEX v0.2.0 and CycloneDX VEX) as statements about vulnerabilities in
// products. Pure parsers: bytes in, statements out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"

namespace scry::policy {

// The status a statement gives, in OpenVEX's terms; CycloneDX states map onto them
// (resolved -> fixed, false_positive -> not_affected, exploitable -> affected,
// in_triage -> under_investigation).
enum class VexStatus { kNotAffected, kFixed, kAffected, kUnderInvestigation };
std::string_view VexStatusName(VexStatus status);  // "not_affected", "fixed", ...

struct VexStatement {
  std::vector<std::string> vulnerability_ids;  // name/id first, then @id and aliases
  // Package URLs the statement is about: OpenVEX subcomponents when given (the products are then
  // the artifact holding them), else the products; CycloneDX affects refs resolved to purls.
  std::vector<std::string> purls;
  VexStatus status = VexStatus::kUnderInvestigation;
  std::string original_status;  // as written ("resolved", "false_positive", "not_affected"...)
  std::string justification;
  std::string detail;     // OpenVEX impact_statement / status_notes, CycloneDX analysis.detail
  std::string timestamp;  // RFC 3339; the document's when the statement has none
  size_t index = 0;       // position in the document, for messages and ties
};

struct VexDocument {
  std::string format;  // "openvex" or "cyclonedx"
  std::string id;      // OpenVEX @id or CycloneDX serialNumber, may be empty
  std::vector<VexStatement> statements;
};

// OpenVEX JSON. kInvalidInput for malformed JSON, a missing statements array, a statement without
// a vulnerability or with an unknown status (naming the statement). Statements without any
// product purl are kept (they match nothing).
Result<VexDocument> ParseOpenVex(std::string_view text);

// CycloneDX JSON (a BOM or a VEX-only document) with a vulnerabilities array: each vulnerability
// with an analysis.state becomes a statement; affects[].ref is a purl or the bom-ref of a
// component (nested components included). Vulnerabilities without analysis are skipped.
Result<VexDocument> ParseCycloneDxVex(std::string_view text);

// Either form, told apart by OpenVEX's "@context" or CycloneDX's "bomFormat".
Result<VexDocument> ParseVex(std::string_view text);

inline constexpr size_t kMaxVexStatements = 1u << 20;

}  // namespace scry::policy
