// Trivy's JSON report, schema version 2, field for field (docs/cli.md), plus scry's own fields
// (VersionSource, Evidence, GoBinary). Deterministic: the report is already sorted and no
// timestamp is written unless the report carries one.
#pragma once

#include "scry/report/writer.hpp"

namespace scry::report {

class JsonWriter final : public Writer {
 public:
  explicit JsonWriter(const WriterOptions& options) : options_(options) {}
  Status Write(const model::Report& report, std::ostream& out) const override;

 private:
  WriterOptions options_;
};

}  // namespace scry::report
