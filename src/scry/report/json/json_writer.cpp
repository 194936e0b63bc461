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
  if (!package.release.empty()) out["Release"] = package.release;
  if (package.epoch != 0) out["Epoch"] = package.epoch;
  if (!package.arch.empty()) out["Arch"] = package.arch;
  if (!package.src_name.empty()) out["SrcName"] = package.src_name;
  if (!package.src_version.empty()) out["SrcVersion"] = package.src_version;
  if (!package.src_release.empty()) out["SrcRelease"] = package.src_release;
  if (package.src_epoch != 0) out["SrcEpoch"] = package.src_epoch;
  if (!package.licenses.empty()) out["Licenses"] = package.licenses;
  if (!package.maintainer.empty()) out["Maintainer"] = package.maintainer;
  out["Relationship"] = model::RelationshipName(package.relationship);
  if (package.dev) out["Dev"] = true;
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

ordered_json VulnerabilityJson(const model::DetectedVulnerability& vulnerability) {
  ordered_json out;
  const model::VulnerabilityDetails& details = vulnerability.Details();
  out["VulnerabilityID"] = vulnerability.vulnerability_id;
  if (!details.vendor_ids.empty()) out["VendorIDs"] = details.vendor_ids;
  out["PkgID"] = vulnerability.pkg_id;
  out["PkgName"] = vulnerability.pkg_name;
  out["PkgIdentifier"] = ordered_json{{"PURL", vulnerability.pkg_purl}};
  out["InstalledVersion"] = vulnerability.installed_version;
  if (!vulnerability.fixed_version.empty()) out["FixedVersion"] = vulnerability.fixed_version;
  out["Status"] = vulnerability.status;
  if (!vulnerability.layer.empty()) {
    out["Layer"] = ordered_json{{"Digest", vulnerability.layer.digest},
                                {"DiffID", vulnerability.layer.diff_id}};
  }
  if (!vulnerability.severity_source.empty()) {
    out["SeveritySource"] = vulnerability.severity_source;
  }
  out["PrimaryURL"] = details.primary_url;
  out["DataSource"] = ordered_json{{"ID", details.data_source.id},
                                   {"Name", details.data_source.name},
                                   {"URL", details.data_source.url}};
  if (!details.title.empty()) out["Title"] = details.title;
  if (!details.description.empty()) out["Description"] = details.description;
  out["Severity"] = model::SeverityName(vulnerability.severity);
  if (!details.cwe_ids.empty()) out["CweIDs"] = details.cwe_ids;
  if (!details.vendor_severity.empty()) {
    ordered_json vendor = ordered_json::object();
    // Trivy's numbering: UNKNOWN 0, LOW 1, MEDIUM 2, HIGH 3, CRITICAL 4.
    for (const auto& [source, severity] : details.vendor_severity) {
      vendor[source] = static_cast<int>(severity);
    }
    out["VendorSeverity"] = std::move(vendor);
  }
  if (!details.cvss.empty()) {
    ordered_json cvss = ordered_json::object();
    for (const auto& [source, scores] : details.cvss) {
      ordered_json entry = ordered_json::object();
      if (!scores.v2_vector.empty()) entry["V2Vector"] = scores.v2_vector;
      if (!scores.v3_vector.empty()) entry["V3Vector"] = scores.v3_vector;
      if (!scores.v40_vector.empty()) entry["V40Vector"] = scores.v40_vector;
      if (!scores.v2_vector.empty()) entry["V2Score"] = scores.v2_score;
      if (!scores.v3_vector.empty()) entry["V3Score"] = scores.v3_score;
      if (!scores.v40_vector.empty()) entry["V40Score"] = scores.v40_score;
      cvss[source] = std::move(entry);
    }
    out["CVSS"] = std::move(cvss);
  }
  if (!details.references.empty()) out["References"] = details.references;
  if (!details.published_date.empty()) out["PublishedDate"] = details.published_date;
  if (!details.last_modified_date.empty()) out["LastModifiedDate"] = details.last_modified_date;
  if (!vulnerability.evidence.empty()) {
    ordered_json evidence = ordered_json::object();
    for (const auto& [key, value] : vulnerability.evidence) evidence[key] = value;
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

ordered_json MetadataJson(const model::Metadata& metadata) {
  ordered_json out = ordered_json::object();
  if (metadata.os) {
    ordered_json os{{"Family", metadata.os->family}, {"Name", metadata.os->name}};
    if (metadata.os->eosl) os["EOSL"] = true;
    out["OS"] = std::move(os);
  }
  if (!metadata.image_id.empty()) out["ImageID"] = metadata.image_id;
  if (!metadata.diff_ids.empty()) out["DiffIDs"] = metadata.diff_ids;
  if (!metadata.repo_tags.empty()) out["RepoTags"] = metadata.repo_tags;
  if (!metadata.repo_digests.empty()) out["RepoDigests"] = metadata.repo_digests;
  if (!metadata.image_config.empty()) {
    // The config as the image holds it; an unparsable one was rejected when the image was read.
    auto config = ordered_json::parse(metadata.image_config, nullptr, false);
    if (!config.is_discarded()) out["ImageConfig"] = std::move(config);
  }
  if (!metadata.repo_url.empty()) out["RepoURL"] = metadata.repo_url;
  if (!metadata.branch.empty()) out["Branch"] = metadata.branch;
  if (!metadata.tags.empty()) out["Tags"] = metadata.tags;
  if (!metadata.commit.empty()) out["Commit"] = metadata.commit;
  return out;
}

}  // namespace

Status JsonWriter::Write(const model::Report& report, std::ostream& out) const {
  ordered_json root;
  root["SchemaVersion"] = report.schema_version;
  if (report.created_at) root["CreatedAt"] = *report.created_at;
  root["ArtifactName"] = report.artifact_name;
  root["ArtifactType"] = model::ArtifactTypeName(report.artifact_type);
  root["Metadata"] = MetadataJson(report.metadata);
  if (!report.results.empty()) {
    ordered_json results = ordered_json::array();
    for (const model::ScanResult& result : report.results) {
      ordered_json entry;
      entry["Target"] = result.target;
      entry["Class"] = model::ResultClassName(result.result_class);
      entry["Type"] = result.type;
      if (!result.owned_by.empty()) entry["OwnedBy"] = result.owned_by;
      if (options_.list_all_packages && !result.packages.empty()) {
        ordered_json packages = ordered_json::array();
        for (const auto& package : result.packages) packages.push_back(PackageJson(package));
        entry["Packages"] = std::move(packages);
      }
      if (!result.vulnerabilities.empty()) {
        ordered_json vulnerabilities = ordered_json::array();
        for (const auto& vulnerability : result.vulnerabilities) {
          vulnerabilities.push_back(VulnerabilityJson(vulnerability));
        }
        entry["Vulnerabilities"] = std::move(vulnerabilities);
      }
      if (!result.filtered_vulnerabilities.empty()) {
        ordered_json filtered = ordered_json::array();
        for (const auto& item : result.filtered_vulnerabilities) {
          ordered_json filtered_entry{{"VulnerabilityID", item.vulnerability_id},
                                      {"PkgName", item.pkg_name},
                                      {"InstalledVersion", item.installed_version},
                                      {"Reason", item.reason}};
          if (!item.evidence.empty()) {
            ordered_json evidence = ordered_json::object();
            for (const auto& [key, value] : item.evidence) evidence[key] = value;
            filtered_entry["Evidence"] = std::move(evidence);
          }
          filtered.push_back(std::move(filtered_entry));
        }
        entry["FilteredVulnerabilities"] = std::move(filtered);
      }
      if (!result.unmatched_packages.empty()) {
        ordered_json unmatched = ordered_json::array();
        for (const auto& item : result.unmatched_packages) {
          unmatched.push_back(
              {{"PkgID", item.pkg_id}, {"PkgName", item.pkg_name}, {"Reason", item.reason}});
        }
        entry["UnmatchedPackages"] = std::move(unmatched);
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
