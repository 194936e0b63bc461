#include "scry/report/github/github_writer.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "scry/report/document_ids.hpp"

namespace scry::report {
namespace {

using nlohmann::ordered_json;

// GitHub knows direct and indirect only; roots and workspace members are the project's own
// modules, which it lists as direct. Unknown: left out, as the API allows.
std::string_view GithubRelationship(model::Relationship relationship) {
  switch (relationship) {
    case model::Relationship::kRoot:
    case model::Relationship::kWorkspace:
    case model::Relationship::kDirect:
      return "direct";
    case model::Relationship::kIndirect:
      return "indirect";
    default:
      return "";
  }
}

ordered_json Manifest(const model::ScanResult& result) {
  std::map<std::string, const model::Package*> by_id;
  for (const model::Package& package : result.packages) by_id[package.id] = &package;
  // Keyed by package ID (name@version): two versions of one name are two entries.
  ordered_json resolved = ordered_json::object();
  for (const model::Package& package : result.packages) {
    if (package.purl.empty()) continue;  // GitHub identifies packages by purl only
    ordered_json entry;
    entry["package_url"] = package.purl;
    if (auto relationship = GithubRelationship(package.relationship); !relationship.empty()) {
      entry["relationship"] = relationship;
    }
    entry["scope"] = package.dev ? "development" : "runtime";
    ordered_json dependencies = ordered_json::array();
    for (const std::string& id : package.depends_on) {
      auto it = by_id.find(id);
      if (it != by_id.end() && !it->second->purl.empty()) dependencies.push_back(it->second->purl);
    }
    entry["dependencies"] = std::move(dependencies);
    resolved[package.id] = std::move(entry);
  }
  ordered_json manifest;
  manifest["name"] = result.type;
  manifest["file"] = {{"source_location", result.target}};
  manifest["resolved"] = std::move(resolved);
  return manifest;
}

}  // namespace

Status GithubWriter::Write(const model::Report& report, std::ostream& out) const {
  ordered_json snapshot;
  snapshot["version"] = 0;
  snapshot["detector"] = {
      {"name", "scry"}, {"version", options_.tool_version}, {"url", std::string(kScryUri)}};
  snapshot["metadata"] = {{"scry:artifact_name", report.artifact_name},
                          {"scry:artifact_type", model::ArtifactTypeName(report.artifact_type)}};
  if (!report.metadata.image_id.empty()) {
    snapshot["metadata"]["scry:image_id"] = report.metadata.image_id;
  }
  snapshot["ref"] = options_.github_ref;
  snapshot["sha"] = options_.github_sha;
  snapshot["job"] = {
      {"correlator", options_.github_correlator.empty() ? "scry_" + report.artifact_name
                                                        : options_.github_correlator},
      {"id", options_.github_job_id.empty() ? std::string("0") : options_.github_job_id}};
  ordered_json manifests = ordered_json::object();
  for (const model::ScanResult& result : report.results) {
    manifests[result.target] = Manifest(result);
  }
  snapshot["manifests"] = std::move(manifests);
  snapshot["scanned"] = DocumentTime(report, options_);
  out << snapshot.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
  if (!out.good()) return Fail(ErrorCode::kIo, "writing the GitHub snapshot failed");
  return Ok();
}

}  // namespace scry::report
