// A GitHub dependency submission snapshot (REST API "Create a snapshot of dependencies"): one
// manifest per Result target with its resolved packages by purl, relationship, scope and
// dependencies. sha, ref and job come from the options (GitHub Actions' environment).
#pragma once

#include "scry/report/writer.hpp"

namespace scry::report {

class GithubWriter final : public Writer {
 public:
  explicit GithubWriter(const WriterOptions& options) : options_(options) {}
  Status Write(const model::Report& report, std::ostream& out) const override;

 private:
  WriterOptions options_;
};

}  // namespace scry::report
