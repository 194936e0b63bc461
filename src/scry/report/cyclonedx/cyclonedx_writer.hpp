// CycloneDX 1.6 JSON as Trivy writes it (properties "scry:*" for Trivy's "aquasecurity:trivy:*"):
// the artifact as metadata.component, the OS and each Result target as components holding their
// packages through the dependency graph, one library component per purl, and vulnerabilities with
// ratings and the components they affect. Serial number and bom-refs are derived from the report.
#pragma once

#include "scry/report/writer.hpp"

namespace scry::report {

class CycloneDxWriter final : public Writer {
 public:
  explicit CycloneDxWriter(const WriterOptions& options) : options_(options) {}
  Status Write(const model::Report& report, std::ostream& out) const override;

 private:
  WriterOptions options_;
};

}  // namespace scry::report
