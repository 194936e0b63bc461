// The human-readable report: one section per result with its packages (inventory scans).
#pragma once

#include "scry/report/writer.hpp"

namespace scry::report {

class TableWriter final : public Writer {
 public:
  explicit TableWriter(const WriterOptions& options) : options_(options) {}
  Status Write(const model::Report& report, std::ostream& out) const override;

 private:
  WriterOptions options_;
};

}  // namespace scry::report
