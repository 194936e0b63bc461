#include "scry/db/codec.hpp"

#include <nlohmann/json.hpp>

#include "scry/formats/json.hpp"

namespace scry::db {
namespace {

using nlohmann::ordered_json;

ordered_json SeverityJson(const std::vector<osv::Severity>& severities) {
  ordered_json out = ordered_json::array();
  for (const auto& severity : severities) {
    out.push_back({{"type", severity.type}, {"score", severity.score}});
  }
  return out;
}

std::string Dump(const ordered_json& value) {
  return value.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace

std::string EncodeAffected(const osv::Affected& affected) {
  ordered_json out;
  out["package"] = {{"ecosystem", affected.ecosystem}, {"name", affected.name}};
  if (!affected.purl.empty()) out["package"]["purl"] = affected.purl;
  ordered_json ranges = ordered_json::array();
  for (const osv::Range& range : affected.ranges) {
    ordered_json events = ordered_json::array();
    for (const osv::Event& event : range.events) {
      events.push_back({{std::string(osv::EventKindName(event.kind)), event.version}});
    }
    std::string type = range.type == osv::Range::Type::kSemver      ? "SEMVER"
                       : range.type == osv::Range::Type::kEcosystem ? "ECOSYSTEM"
                                                                    : "GIT";
    ranges.push_back({{"type", type}, {"events", std::move(events)}});
  }
  out["ranges"] = std::move(ranges);
  if (!affected.versions.empty()) out["versions"] = affected.versions;
  if (!affected.severity.empty()) out["severity"] = SeverityJson(affected.severity);
  if (!affected.go_imports.empty()) {
    ordered_json imports = ordered_json::array();
    for (const osv::GoImport& import : affected.go_imports) {
      ordered_json entry = {{"path", import.path}};
      if (!import.goos.empty()) entry["goos"] = import.goos;
      if (!import.goarch.empty()) entry["goarch"] = import.goarch;
      if (!import.symbols.empty()) entry["symbols"] = import.symbols;
      imports.push_back(std::move(entry));
    }
    out["ecosystem_specific"] = {{"imports", std::move(imports)}};
  }
  if (!affected.database_severity.empty()) {
    out["database_specific"]["severity"] = affected.database_severity;
  }
  if (!affected.status.empty()) out["database_specific"]["status"] = affected.status;
  return Dump(out);
}

std::string EncodeDetails(const osv::Record& record) {
  ordered_json out;
  out["aliases"] = record.aliases;
  out["related"] = record.related;
  out["severity"] = SeverityJson(record.severity);
  ordered_json references = ordered_json::array();
  for (const auto& reference : record.references) {
    references.push_back({{"type", reference.type}, {"url", reference.url}});
  }
  out["references"] = std::move(references);
  out["cwe_ids"] = record.cwe_ids;
  out["database_severity"] = record.database_severity;
  out["source_url"] = record.source_url;
  return Dump(out);
}

Status DecodeDetails(std::string_view json_text, osv::Record& record) {
  formats::json::Parser parser;
  return DecodeDetails(json_text, record, parser);
}

Status DecodeDetails(std::string_view json_text, osv::Record& record,
                     formats::json::Parser& parser) {
  namespace json = formats::json;
  SCRY_TRY(json::Element root, parser.Parse(json_text));
  SCRY_TRY(json::Object object, json::RequiredObject(root, "vulnerability details"));
  record.aliases = json::StringArray(object, "aliases");
  record.related = json::StringArray(object, "related");
  record.cwe_ids = json::StringArray(object, "cwe_ids");
  record.database_severity = json::OptionalString(object, "database_severity").value_or("");
  record.source_url = json::OptionalString(object, "source_url").value_or("");
  if (auto severities = json::OptionalArray(object, "severity")) {
    for (json::Element element : *severities) {
      json::Object entry;
      if (element.get(entry)) continue;
      record.severity.push_back({std::string(json::OptionalString(entry, "type").value_or("")),
                                 std::string(json::OptionalString(entry, "score").value_or(""))});
    }
  }
  if (auto references = json::OptionalArray(object, "references")) {
    for (json::Element element : *references) {
      json::Object entry;
      if (element.get(entry)) continue;
      record.references.push_back({std::string(json::OptionalString(entry, "type").value_or("")),
                                   std::string(json::OptionalString(entry, "url").value_or(""))});
    }
  }
  return Ok();
}

}  // namespace scry::db
