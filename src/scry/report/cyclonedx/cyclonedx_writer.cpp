#include "scry/report/cyclonedx/cyclonedx_writer.hpp"

#include <fmt/format.h>

#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "scry/report/document_ids.hpp"

namespace scry::report {
namespace {

using nlohmann::ordered_json;

constexpr std::string_view kSchema = "http://cyclonedx.org/schema/bom-1.6.schema.json";
constexpr std::string_view kPrefix = "scry:";

void AddProperty(ordered_json& properties, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  properties.push_back({{"name", fmt::format("{}{}", kPrefix, name)}, {"value", value}});
}

std::string_view Severity(model::Severity severity) {
  switch (severity) {
    case model::Severity::kCritical:
      return "critical";
    case model::Severity::kHigh:
      return "high";
    case model::Severity::kMedium:
      return "medium";
    case model::Severity::kLow:
      return "low";
    default:
      return "unknown";
  }
}

// The rating method a vector names ("CVSS:3.1/..." is CVSSv31); vectors without a prefix are v2.
std::string_view Method(std::string_view vector) {
  if (vector.starts_with("CVSS:4")) return "CVSSv4";
  if (vector.starts_with("CVSS:3.1")) return "CVSSv31";
  if (vector.starts_with("CVSS:3")) return "CVSSv3";
  return "CVSSv2";
}

// Where an alias is published, by its prefix, so that consumers can follow it; empty otherwise.
ordered_json AliasSource(std::string_view id) {
  struct Known {
    std::string_view prefix, name, url;
  };
  static constexpr Known kKnown[] = {
      {"CVE-", "NVD", "https://nvd.nist.gov/vuln/detail/"},
      {"GHSA-", "GitHub Advisory Database", "https://github.com/advisories/"},
      {"GO-", "Go Vulnerability Database", "https://pkg.go.dev/vuln/"},
      {"DSA-", "Debian Security Tracker", "https://security-tracker.debian.org/tracker/"},
      {"DLA-", "Debian Security Tracker", "https://security-tracker.debian.org/tracker/"},
      {"RUSTSEC-", "RustSec Advisory Database", "https://rustsec.org/advisories/"},
      {"PYSEC-", "PyPI Advisory Database", "https://osv.dev/vulnerability/"},
  };
  for (const Known& known : kKnown) {
    if (id.starts_with(known.prefix)) {
      return {{"name", known.name}, {"url", fmt::format("{}{}", known.url, id)}};
    }
  }
  return ordered_json::object();
}

ordered_json Ratings(const model::DetectedVulnerability& vulnerability) {
  const model::VulnerabilityDetails& details = vulnerability.Details();
  ordered_json ratings = ordered_json::array();
  std::set<std::string> sources;
  for (const auto& [source, severity] : details.vendor_severity) sources.insert(source);
  for (const auto& [source, scores] : details.cvss) sources.insert(source);
  for (const std::string& source : sources) {
    auto severity = details.vendor_severity.find(source);
    auto rating = [&](double score, std::string_view vector) {
      ordered_json entry;
      entry["source"] = {{"name", source}};
      if (!vector.empty()) entry["score"] = score;
      if (severity != details.vendor_severity.end()) {
        entry["severity"] = Severity(severity->second);
      }
      if (!vector.empty()) {
        entry["method"] = Method(vector);
        entry["vector"] = vector;
      }
      ratings.push_back(std::move(entry));
    };
    auto scores = details.cvss.find(source);
    if (scores == details.cvss.end() ||
        (scores->second.v2_vector.empty() && scores->second.v3_vector.empty() &&
         scores->second.v40_vector.empty())) {
      rating(0, "");
      continue;
    }
    if (!scores->second.v40_vector.empty()) {
      rating(scores->second.v40_score, scores->second.v40_vector);
    }
    if (!scores->second.v3_vector.empty()) {
      rating(scores->second.v3_score, scores->second.v3_vector);
    }
    if (!scores->second.v2_vector.empty()) {
      rating(scores->second.v2_score, scores->second.v2_vector);
    }
  }
  if (ratings.empty()) {
    // No vendor rated it: the finding's own severity, from the record that was matched.
    ordered_json entry;
    std::string source = vulnerability.severity_source.empty() ? details.data_source.id
                                                               : vulnerability.severity_source;
    if (!source.empty()) entry["source"] = {{"name", source}};
    entry["severity"] = Severity(vulnerability.severity);
    ratings.push_back(std::move(entry));
  }
  return ratings;
}

ordered_json Cwes(const std::vector<std::string>& cwe_ids) {
  ordered_json cwes = ordered_json::array();
  for (const std::string& id : cwe_ids) {
    std::string_view digits = id;
    if (digits.starts_with("CWE-")) digits.remove_prefix(4);
    int number = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error == std::errc() && end == digits.data() + digits.size()) cwes.push_back(number);
  }
  return cwes;
}

std::string_view PkgType(const model::ScanResult& result) { return result.type; }

ordered_json Library(const model::ScanResult& result, const model::Package& package,
                     const std::string& ref) {
  ordered_json component;
  component["bom-ref"] = ref;
  component["type"] = "library";
  component["name"] = package.name;
  if (!package.version.empty()) {
    component["version"] = result.result_class == model::ResultClass::kOsPackages
                               ? model::FullVersion(package)
                               : package.version;
  }
  if (!package.licenses.empty()) {
    ordered_json licenses = ordered_json::array();
    for (const std::string& license : package.licenses) {
      licenses.push_back({{"license", {{"name", license}}}});
    }
    component["licenses"] = std::move(licenses);
  }
  if (!package.purl.empty()) component["purl"] = package.purl;
  ordered_json properties = ordered_json::array();
  AddProperty(properties, "FilePath", package.file_path);
  AddProperty(properties, "LayerDiffID", package.layer.diff_id);
  AddProperty(properties, "LayerDigest", package.layer.digest);
  AddProperty(properties, "PkgID", package.id);
  AddProperty(properties, "PkgType", PkgType(result));
  if (package.relationship != model::Relationship::kUnknown) {
    AddProperty(properties, "Relationship", model::RelationshipName(package.relationship));
  }
  AddProperty(properties, "SrcEpoch",
              package.src_epoch != 0 ? std::to_string(package.src_epoch) : "");
  AddProperty(properties, "SrcName", package.src_name);
  AddProperty(properties, "SrcRelease", package.src_release);
  AddProperty(properties, "SrcVersion", package.src_version);
  if (package.version_source) {
    AddProperty(properties, "VersionSource", model::VersionSourceName(*package.version_source));
  }
  if (!properties.empty()) component["properties"] = std::move(properties);
  return component;
}

}  // namespace

Status CycloneDxWriter::Write(const model::Report& report, std::ostream& out) const {
  const std::string digest = ReportDigest(report);
  auto uuid = [&](std::string_view name) { return NameUuid(digest, name); };

  // The artifact.
  const bool image = report.artifact_type == model::ArtifactType::kContainerImage;
  const std::string root_ref = uuid("artifact");
  ordered_json root;
  root["bom-ref"] = root_ref;
  root["type"] = image ? "container" : "application";
  root["name"] = report.artifact_name;
  ordered_json root_properties = ordered_json::array();
  AddProperty(root_properties, "SchemaVersion", std::to_string(report.schema_version));
  for (const std::string& id : report.metadata.diff_ids) AddProperty(root_properties, "DiffID", id);
  AddProperty(root_properties, "ImageID", report.metadata.image_id);
  for (const auto& d : report.metadata.repo_digests) AddProperty(root_properties, "RepoDigest", d);
  for (const auto& tag : report.metadata.repo_tags) AddProperty(root_properties, "RepoTag", tag);
  root["properties"] = std::move(root_properties);

  ordered_json components = ordered_json::array();
  std::map<std::string, std::set<std::string>> depends;  // ref -> refs, sorted
  std::set<std::string> seen;
  // Vulnerability ID -> its first finding and the refs it affects, in report order.
  std::vector<std::string> vulnerability_order;
  std::map<std::string, std::pair<const model::DetectedVulnerability*,
                                  std::map<std::string, std::set<std::string>>>>
      vulnerabilities;
  depends[root_ref];

  for (const model::ScanResult& result : report.results) {
    std::string holder_ref = uuid("result\n" + result.target);
    ordered_json holder;
    holder["bom-ref"] = holder_ref;
    ordered_json properties = ordered_json::array();
    if (result.result_class == model::ResultClass::kOsPackages && report.metadata.os) {
      holder["type"] = "operating-system";
      holder["name"] = report.metadata.os->family;
      holder["version"] = report.metadata.os->name;
    } else {
      holder["type"] = "application";
      holder["name"] = result.target;
    }
    AddProperty(properties, "Class", model::ResultClassName(result.result_class));
    AddProperty(properties, "Type", result.type);
    // What advisories of Go binaries depend on (platform-specific ones, the toolchain's main
    // package), so that `scry sbom` matches as the scan did.
    for (const auto& [name, value] : GoBinaryFacts(result)) AddProperty(properties, name, value);
    holder["properties"] = std::move(properties);
    components.push_back(std::move(holder));
    depends[root_ref].insert(holder_ref);
    auto& holder_deps = depends[holder_ref];

    std::map<std::string, std::string> ref_by_id;  // package ID -> bom-ref in this result
    for (const model::Package& package : result.packages) {
      ref_by_id[package.id] = PackageKey(result, package);
    }
    for (const model::Package& package : result.packages) {
      const std::string& ref = ref_by_id[package.id];
      if (seen.insert(ref).second) components.push_back(Library(result, package, ref));
      holder_deps.insert(ref);
      auto& package_deps = depends[ref];
      for (const std::string& id : package.depends_on) {
        if (auto it = ref_by_id.find(id); it != ref_by_id.end()) package_deps.insert(it->second);
      }
    }
    for (const model::DetectedVulnerability& vulnerability : result.vulnerabilities) {
      auto [it, added] = vulnerabilities.try_emplace(vulnerability.vulnerability_id);
      if (added) {
        it->second.first = &vulnerability;
        vulnerability_order.push_back(vulnerability.vulnerability_id);
      }
      auto ref = ref_by_id.find(vulnerability.pkg_id);
      std::string affected =
          ref != ref_by_id.end()
              ? ref->second
              : (vulnerability.pkg_purl.empty() ? result.target + ":" + vulnerability.pkg_id
                                                : vulnerability.pkg_purl);
      if (ref == ref_by_id.end() && seen.insert(affected).second) {
        // Packages are left out of reports without --list-all-pkgs: the finding still names one.
        model::Package package;
        package.id = vulnerability.pkg_id;
        package.name = vulnerability.pkg_name;
        package.version = vulnerability.installed_version;
        package.purl = vulnerability.pkg_purl;
        components.push_back(Library(result, package, affected));
        holder_deps.insert(affected);
        depends[affected];
      }
      it->second.second[affected].insert(vulnerability.installed_version);
    }
  }

  ordered_json bom;
  bom["$schema"] = kSchema;
  bom["bomFormat"] = "CycloneDX";
  bom["specVersion"] = "1.6";
  bom["serialNumber"] = "urn:uuid:" + uuid("serialNumber");
  bom["version"] = 1;
  ordered_json metadata;
  if (report.created_at) metadata["timestamp"] = DocumentTime(report, options_);
  metadata["tools"] = {
      {"components",
       ordered_json::array({{{"type", "application"},
                             {"name", "scry"},
                             {"version", options_.tool_version},
                             {"externalReferences",
                              ordered_json::array({{{"type", "website"}, {"url", kScryUri}}})}}})}};
  metadata["component"] = std::move(root);
  bom["metadata"] = std::move(metadata);
  bom["components"] = std::move(components);

  ordered_json dependencies = ordered_json::array();
  for (const auto& [ref, refs] : depends) {
    ordered_json entry{{"ref", ref}};
    entry["dependsOn"] = refs;
    dependencies.push_back(std::move(entry));
  }
  bom["dependencies"] = std::move(dependencies);

  ordered_json vulnerabilities_json = ordered_json::array();
  for (const std::string& id : vulnerability_order) {
    const auto& [vulnerability, affects] = vulnerabilities[id];
    const model::VulnerabilityDetails& details = vulnerability->Details();
    ordered_json entry;
    entry["id"] = id;
    if (!details.data_source.name.empty() || !details.data_source.url.empty()) {
      ordered_json source;
      if (!details.data_source.name.empty()) source["name"] = details.data_source.name;
      if (!details.data_source.url.empty()) source["url"] = details.data_source.url;
      entry["source"] = std::move(source);
    }
    if (!details.vendor_ids.empty()) {
      ordered_json references = ordered_json::array();
      for (const std::string& alias : details.vendor_ids) {
        references.push_back({{"id", alias}, {"source", AliasSource(alias)}});
      }
      entry["references"] = std::move(references);
    }
    entry["ratings"] = Ratings(*vulnerability);
    ordered_json cwes = Cwes(details.cwe_ids);
    if (!cwes.empty()) entry["cwes"] = std::move(cwes);
    if (!details.description.empty()) entry["description"] = details.description;
    if (!details.title.empty()) entry["detail"] = details.title;
    if (!vulnerability->fixed_version.empty()) {
      entry["recommendation"] = fmt::format("Upgrade {} to version {}", vulnerability->pkg_name,
                                            vulnerability->fixed_version);
    }
    std::set<std::string> urls(details.references.begin(), details.references.end());
    if (!details.primary_url.empty()) urls.insert(details.primary_url);
    if (!urls.empty()) {
      ordered_json advisories = ordered_json::array();
      for (const std::string& url : urls) advisories.push_back({{"url", url}});
      entry["advisories"] = std::move(advisories);
    }
    if (!details.published_date.empty()) entry["published"] = details.published_date;
    if (!details.last_modified_date.empty()) entry["updated"] = details.last_modified_date;
    ordered_json affects_json = ordered_json::array();
    for (const auto& [ref, versions] : affects) {
      ordered_json version_list = ordered_json::array();
      for (const std::string& version : versions) {
        version_list.push_back({{"version", version}, {"status", "affected"}});
      }
      affects_json.push_back({{"ref", ref}, {"versions", std::move(version_list)}});
    }
    entry["affects"] = std::move(affects_json);
    vulnerabilities_json.push_back(std::move(entry));
  }
  bom["vulnerabilities"] = std::move(vulnerabilities_json);

  out << bom.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
  if (!out.good()) return Fail(ErrorCode::kIo, "writing the CycloneDX report failed");
  return Ok();
}

}  // namespace scry::report
