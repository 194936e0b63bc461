#include "scry/report/writer.hpp"

#include "scry/report/cyclonedx/cyclonedx_writer.hpp"
#include "scry/report/github/github_writer.hpp"
#include "scry/report/html/html_writer.hpp"
#include "scry/report/json/json_writer.hpp"
#include "scry/report/sarif/sarif_writer.hpp"
#include "scry/report/spdx/spdx_writer.hpp"
#include "scry/report/table/table_writer.hpp"

namespace scry::report {

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "table") return Format::kTable;
  if (name == "json") return Format::kJson;
  if (name == "sarif") return Format::kSarif;
  if (name == "cyclonedx") return Format::kCycloneDx;
  if (name == "spdx-json") return Format::kSpdxJson;
  if (name == "github") return Format::kGithub;
  if (name == "html") return Format::kHtml;
  return std::nullopt;
}

std::unique_ptr<Writer> MakeWriter(Format format, const WriterOptions& options) {
  switch (format) {
    case Format::kTable:
      return std::make_unique<TableWriter>(options);
    case Format::kJson:
      return std::make_unique<JsonWriter>(options);
    case Format::kSarif:
      return std::make_unique<SarifWriter>(options);
    case Format::kCycloneDx:
      return std::make_unique<CycloneDxWriter>(options);
    case Format::kSpdxJson:
      return std::make_unique<SpdxWriter>(options);
    case Format::kGithub:
      return std::make_unique<GithubWriter>(options);
    case Format::kHtml:
      return std::make_unique<HtmlWriter>(options);
  }
  return nullptr;
}

}  // namespace scry::report
