// Report writers: they only emit a finished report, never compute (docs/adding-a-report-format.md).
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string_view>

#include "scry/base/error.hpp"
#include "scry/model/report.hpp"

namespace scry::report {

enum class Format { kTable, kJson };
// "table" or "json"; nullopt otherwise.
std::optional<Format> ParseFormat(std::string_view name);

struct WriterOptions {
  // Include every package, not only vulnerable ones (always on for inventory-only scans).
  bool list_all_packages = false;
  // Vulnerabilities were looked for (the table then shows their counts even when zero).
  bool vulnerabilities = false;
};

class Writer {
 public:
  virtual ~Writer() = default;
  // Writes the whole report; kIo when the stream fails.
  virtual Status Write(const model::Report& report, std::ostream& out) const = 0;
};

// THE list of formats: one case per format.
std::unique_ptr<Writer> MakeWriter(Format format, const WriterOptions& options);

}  // namespace scry::report
