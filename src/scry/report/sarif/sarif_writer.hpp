// SARIF 2.1.0 as Trivy writes it and GitHub code scanning accepts: one rule per vulnerability ID,
// one result per finding located at its Result's target (the lockfile or binary; for OS packages
// the image). Deterministic: rules and results follow the report's order.
#pragma once

#include "scry/report/writer.hpp"

namespace scry::report {

class SarifWriter final : public Writer {
 public:
  explicit SarifWriter(const WriterOptions& options) : options_(options) {}
  Status Write(const model::Report& report, std::ostream& out) const override;

 private:
  WriterOptions options_;
};

}  // namespace scry::report
