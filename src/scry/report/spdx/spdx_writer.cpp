#include "scry/report/spdx/spdx_writer.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <vector>

#include "scry/report/document_ids.hpp"

namespace scry::report {
namespace {

using nlohmann::ordered_json;

constexpr std::string_view kNoAssertion = "NOASSERTION";

// SPDXIDs allow [A-Za-z0-9.-] only: a readable kind, then a digest of what the package is.
std::string SpdxId(std::string_view kind, std::string_view key) {
  return fmt::format("SPDXRef-{}-{}", kind, NameUuid("spdx", key).substr(0, 18));
}

bool IsLicenseIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '+';
}

// Licences as an SPDX expression when each is a plain identifier ("MIT", "GPL-2.0+"); free text
// ("GPL v2 or later") is not a valid expression, so the document makes no assertion instead.
std::string LicenseExpression(const std::vector<std::string>& licenses) {
  if (licenses.empty()) return std::string(kNoAssertion);
  std::set<std::string> unique;
  for (const std::string& license : licenses) {
    if (license.empty()) return std::string(kNoAssertion);
    for (char c : license) {
      if (!IsLicenseIdChar(c)) return std::string(kNoAssertion);
    }
    unique.insert(license);
  }
  std::string expression;
  for (const std::string& license : unique) {
    if (!expression.empty()) expression += " AND ";
    expression += license;
  }
  return unique.size() > 1 ? "(" + expression + ")" : expression;
}

ordered_json PackageJson(const std::string& id, const std::string& name, const std::string& version,
                         std::string_view purpose) {
  ordered_json package;
  package["name"] = name;
  package["SPDXID"] = id;
  if (!version.empty()) package["versionInfo"] = version;
  package["downloadLocation"] = kNoAssertion;
  package["filesAnalyzed"] = false;
  package["licenseConcluded"] = kNoAssertion;
  package["licenseDeclared"] = kNoAssertion;
  package["copyrightText"] = kNoAssertion;
  package["primaryPackagePurpose"] = purpose;
  return package;
}

// SPDX 2.3 has no properties: scry keeps what `scry sbom` needs to rebuild its results (result
// class and type, source packages, layers, files) as "Key: value" annotations, as Trivy does.
class Annotations {
 public:
  Annotations(const model::Report& report, const WriterOptions& options)
      : annotator_(fmt::format("Tool: scry-{}", options.tool_version)),
        date_(DocumentTime(report, options)) {}
  void Add(std::string_view key, std::string_view value) {
    if (value.empty()) return;
    list_.push_back({{"annotator", annotator_},
                     {"annotationDate", date_},
                     {"annotationType", "OTHER"},
                     {"comment", fmt::format("{}: {}", key, value)}});
  }
  // Moves the annotations added so far into `package`, if any.
  void Into(ordered_json& package) {
    if (!list_.empty()) package["annotations"] = std::move(list_);
    list_ = ordered_json::array();
  }

 private:
  std::string annotator_;
  std::string date_;
  ordered_json list_ = ordered_json::array();
};

ordered_json Relationship(const std::string& from, std::string_view type, const std::string& to) {
  return {{"spdxElementId", from}, {"relatedSpdxElement", to}, {"relationshipType", type}};
}

}  // namespace

Status SpdxWriter::Write(const model::Report& report, std::ostream& out) const {
  const std::string digest = ReportDigest(report);
  const bool image = report.artifact_type == model::ArtifactType::kContainerImage;

  ordered_json packages = ordered_json::array();
  // (from, type, to), sorted and without repeats.
  std::set<std::tuple<std::string, std::string, std::string>> relationships;

  const std::string root_id = SpdxId(image ? "ContainerImage" : "Filesystem", "artifact");
  ordered_json root =
      PackageJson(root_id, report.artifact_name, "", image ? "CONTAINER" : "SOURCE");
  if (!report.metadata.image_id.empty()) {
    root["sourceInfo"] = "image ID: " + report.metadata.image_id;
  }
  packages.push_back(std::move(root));
  relationships.emplace("SPDXRef-DOCUMENT", "DESCRIBES", root_id);

  std::set<std::string> seen;
  Annotations annotations(report, options_);
  for (const model::ScanResult& result : report.results) {
    const bool os = result.result_class == model::ResultClass::kOsPackages && report.metadata.os;
    const std::string holder_id = SpdxId(os ? "OperatingSystem" : "Application", result.target);
    if (seen.insert(holder_id).second) {
      ordered_json holder = os ? PackageJson(holder_id, report.metadata.os->family,
                                             report.metadata.os->name, "OPERATING-SYSTEM")
                               : PackageJson(holder_id, result.target, "", "APPLICATION");
      if (!os) holder["sourceInfo"] = fmt::format("{} application: {}", result.type, result.target);
      annotations.Add("Class", model::ResultClassName(result.result_class));
      annotations.Add("Type", result.type);
      for (const auto& [name, value] : GoBinaryFacts(result)) annotations.Add(name, value);
      annotations.Into(holder);
      packages.push_back(std::move(holder));
    }
    relationships.emplace(root_id, "CONTAINS", holder_id);

    std::map<std::string, std::string> id_by_package;
    for (const model::Package& package : result.packages) {
      id_by_package[package.id] = SpdxId("Package", PackageKey(result, package));
    }
    for (const model::Package& package : result.packages) {
      const std::string& id = id_by_package[package.id];
      if (seen.insert(id).second) {
        std::string version = result.result_class == model::ResultClass::kOsPackages
                                  ? model::FullVersion(package)
                                  : package.version;
        if (package.version.empty()) version.clear();
        ordered_json entry = PackageJson(id, package.name, version, "LIBRARY");
        std::string license = LicenseExpression(package.licenses);
        entry["licenseConcluded"] = license;
        entry["licenseDeclared"] = license;
        if (!package.purl.empty()) {
          entry["externalRefs"] = ordered_json::array({{{"referenceCategory", "PACKAGE-MANAGER"},
                                                        {"referenceType", "purl"},
                                                        {"referenceLocator", package.purl}}});
        }
        if (!package.file_path.empty()) entry["sourceInfo"] = "file: " + package.file_path;
        annotations.Add("FilePath", package.file_path);
        annotations.Add("LayerDiffID", package.layer.diff_id);
        annotations.Add("LayerDigest", package.layer.digest);
        annotations.Add("PkgID", package.id);
        annotations.Add("PkgType", result.type);
        if (package.relationship != model::Relationship::kUnknown) {
          annotations.Add("Relationship", model::RelationshipName(package.relationship));
        }
        annotations.Add("SrcEpoch",
                        package.src_epoch != 0 ? std::to_string(package.src_epoch) : "");
        annotations.Add("SrcName", package.src_name);
        annotations.Add("SrcRelease", package.src_release);
        annotations.Add("SrcVersion", package.src_version);
        if (package.version_source) {
          annotations.Add("VersionSource", model::VersionSourceName(*package.version_source));
        }
        annotations.Into(entry);
        packages.push_back(std::move(entry));
      }
      relationships.emplace(holder_id, "CONTAINS", id);
      for (const std::string& dependency : package.depends_on) {
        if (auto it = id_by_package.find(dependency); it != id_by_package.end()) {
          relationships.emplace(id, "DEPENDS_ON", it->second);
        }
      }
    }
  }

  ordered_json document;
  document["spdxVersion"] = "SPDX-2.3";
  document["dataLicense"] = "CC0-1.0";
  document["SPDXID"] = "SPDXRef-DOCUMENT";
  document["name"] =
      report.artifact_name.empty() ? std::string("scry-report") : report.artifact_name;
  document["documentNamespace"] =
      fmt::format("{}/spdx/{}-{}", kScryUri, model::ArtifactTypeName(report.artifact_type),
                  NameUuid(digest, "documentNamespace"));
  document["creationInfo"] = {
      {"creators", ordered_json::array({"Organization: scry",
                                        fmt::format("Tool: scry-{}", options_.tool_version)})},
      {"created", DocumentTime(report, options_)}};
  document["packages"] = std::move(packages);
  ordered_json relationships_json = ordered_json::array();
  // DESCRIBES first, as readers expect the document's subject before anything else.
  for (const auto& [from, type, to] : relationships) {
    if (type == "DESCRIBES") relationships_json.push_back(Relationship(from, type, to));
  }
  for (const auto& [from, type, to] : relationships) {
    if (type != "DESCRIBES") relationships_json.push_back(Relationship(from, type, to));
  }
  document["relationships"] = std::move(relationships_json);

  out << document.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
  if (!out.good()) return Fail(ErrorCode::kIo, "writing the SPDX document failed");
  return Ok();
}

}  // namespace scry::report
