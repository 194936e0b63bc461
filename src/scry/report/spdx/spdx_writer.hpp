// SPDX 2.3 JSON: the artifact as the described package, the OS and each Result target as packages
// it CONTAINS, their packages CONTAINed in them and linked by DEPENDS_ON. Document namespace and
// SPDXIDs are derived from the report; created comes from the report or SOURCE_DATE_EPOCH.
#pragma once

#include "scry/report/writer.hpp"

namespace scry::report {

class SpdxWriter final : public Writer {
 public:
  explicit SpdxWriter(const WriterOptions& options) : options_(options) {}
  Status Write(const model::Report& report, std::ostream& out) const override;

 private:
  WriterOptions options_;
};

}  // namespace scry::report
