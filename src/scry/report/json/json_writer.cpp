#include "scry/report/json/json_writer.hpp"

#include <nlohmann/json.hpp>

namespace scry::report {
namespace {

using nlohmann::ordered_json;

ordered_json PackageJson(const model::Package& package) {
  ordered_json out;
  out["ID"] = package.id;
  out["Name"] = package.name;
  out["Identifier"] = ordered_json{{"PURL", package.purl}};
  if (!package.version.empty()) out["Version"] = package.version;
  out["Relationship"] = model::RelationshipName(package.relationship);
  if (!package.depends_on.empty()) out["DependsOn"] = package.depends_on;
  if (!package.layer.empty()) {
    out["Layer"] =
        ordered_json{{"Digest", package.layer.digest}, {"DiffID", package.layer.diff_id}};
  }
  if (!package.file_path.empty()) out["FilePath"] = package.file_path;
  if (package.version_source) {
    out["VersionSource"] = model::VersionSourceName(*package.version_source);
  }
  if (!package.evidence.empty()) {
    ordered_json evidence = ordered_json::object();
    for (const auto& [key, value] : package.evidence) evidence[key] = value;
    out["Evidence"] = std::move(evidence);
  }
  return out;
}

ordered_json GoBinaryJson(const model::GoBinaryDetails& details) {
  ordered_json out;
  out["GoVersion"] = details.go_version;
  if (!details.main_package_path.empty()) out["Path"] = details.main_package_path;
  out["BuildInfo"] = model::BuildInfoStatusName(details.build_info);
  out["Format"] = details.format;
  out["Architectures"] = details.architectures;
  if (!details.build_settings.empty()) {
    ordered_json settings = ordered_json::object();
    for (const auto& [key, value] : details.build_settings) settings[key] = value;
    out["Settings"] = std::move(settings);
  }
  if (!details.source_repository.empty()) {
    out["Source"] = ordered_json{{"Module", details.source_module},
                                 {"Repository", details.source_repository},
                                 {"Command", details.source_command}};
  }
  return out;
}

}  // namespace

Status JsonWriter::Write(const model::Report& report, std::ostream& out) const {
  ordered_json root;
  root["SchemaVersion"] = report.schema_version;
  if (report.created_at) root["CreatedAt"] = *report.created_at;
  root["ArtifactName"] = report.artifact_name;
  root["ArtifactType"] = model::ArtifactTypeName(report.artifact_type);
  root["Metadata"] = ordered_json::object();
  if (!report.results.empty()) {
    ordered_json results = ordered_json::array();
    for (const model::ScanResult& result : report.results) {
      ordered_json entry;
      entry["Target"] = result.target;
      entry["Class"] = model::ResultClassName(result.result_class);
      entry["Type"] = result.type;
      if (options_.list_all_packages && !result.packages.empty()) {
        ordered_json packages = ordered_json::array();
        for (const auto& package : result.packages) packages.push_back(PackageJson(package));
        entry["Packages"] = std::move(packages);
      }
      if (result.go_binary) entry["GoBinary"] = GoBinaryJson(*result.go_binary);
      results.push_back(std::move(entry));
    }
    root["Results"] = std::move(results);
  }
  // Invalid UTF-8 from a binary is replaced rather than failing the whole report.
  out << root.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
  if (!out.good()) return Fail(ErrorCode::kIo, "writing the JSON report failed");
  return Ok();
}

}  // namespace scry::report
