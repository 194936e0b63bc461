#include "scry/report/writer.hpp"

#include "scry/report/json/json_writer.hpp"
#include "scry/report/table/table_writer.hpp"

namespace scry::report {

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "table") return Format::kTable;
  if (name == "json") return Format::kJson;
  return std::nullopt;
}

std::unique_ptr<Writer> MakeWriter(Format format, const WriterOptions& options) {
  switch (format) {
    case Format::kTable:
      return std::make_unique<TableWriter>(options);
    case Format::kJson:
      return std::make_unique<JsonWriter>(options);
  }
  return nullptr;
}

}  // namespace scry::report
