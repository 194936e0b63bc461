#include "scry/scan/layer_codec.hpp"

#include <nlohmann/json.hpp>

#include "scry/formats/json.hpp"

namespace scry::scan {
namespace {

using nlohmann::json;
namespace js = formats::json;

template <typename Enum, typename NameOf>
std::optional<Enum> EnumByName(std::string_view name, std::initializer_list<Enum> values,
                               NameOf name_of) {
  for (Enum value : values) {
    if (name_of(value) == name) return value;
  }
  return std::nullopt;
}

json PackageJson(const model::Package& package) {
  json out{{"id", package.id},
           {"name", package.name},
           {"version", package.version},
           {"relationship", model::RelationshipName(package.relationship)},
           {"purl", package.purl}};
  if (!package.depends_on.empty()) out["depends_on"] = package.depends_on;
  if (!package.file_path.empty()) out["file_path"] = package.file_path;
  if (package.version_source) {
    out["version_source"] = model::VersionSourceName(*package.version_source);
  }
  if (!package.evidence.empty()) out["evidence"] = package.evidence;
  if (package.epoch != 0) out["epoch"] = package.epoch;
  if (!package.release.empty()) out["release"] = package.release;
  if (!package.arch.empty()) out["arch"] = package.arch;
  if (!package.src_name.empty()) out["src_name"] = package.src_name;
  if (!package.src_version.empty()) out["src_version"] = package.src_version;
  if (!package.src_release.empty()) out["src_release"] = package.src_release;
  if (package.src_epoch != 0) out["src_epoch"] = package.src_epoch;
  if (!package.licenses.empty()) out["licenses"] = package.licenses;
  if (!package.maintainer.empty()) out["maintainer"] = package.maintainer;
  if (package.dev) out["dev"] = true;
  return out;
}

json GoBinaryJson(const model::GoBinaryDetails& details) {
  json settings = json::array();
  for (const auto& [key, value] : details.build_settings) settings.push_back({key, value});
  return json{{"go_version", details.go_version},
              {"main_package_path", details.main_package_path},
              {"build_settings", settings},
              {"format", details.format},
              {"architectures", details.architectures},
              {"build_info", model::BuildInfoStatusName(details.build_info)},
              {"source_module", details.source_module},
              {"source_repository", details.source_repository},
              {"source_command", details.source_command},
              {"source_tag", details.source_tag}};
}

json ResultJson(const analyzer::AnalysisResult& result) {
  json out = json::object();
  if (result.os) {
    out["os"] = {
        {"family", result.os->family}, {"name", result.os->name}, {"eosl", result.os->eosl}};
  }
  if (!result.package_databases.empty()) {
    json databases = json::array();
    for (const auto& database : result.package_databases) {
      json packages = json::array();
      for (const auto& package : database.packages) packages.push_back(PackageJson(package));
      databases.push_back(
          {{"file_path", database.file_path}, {"type", database.type}, {"packages", packages}});
    }
    out["package_databases"] = std::move(databases);
  }
  if (!result.installed_files.empty()) {
    json lists = json::array();
    for (const auto& files : result.installed_files) {
      lists.push_back(
          {{"source_file", files.source_file}, {"package", files.package}, {"paths", files.paths}});
    }
    out["installed_files"] = std::move(lists);
  }
  if (!result.applications.empty()) {
    json applications = json::array();
    for (const auto& application : result.applications) {
      json packages = json::array();
      for (const auto& package : application.packages) packages.push_back(PackageJson(package));
      json entry{
          {"type", application.type}, {"file_path", application.file_path}, {"packages", packages}};
      if (application.go_binary) entry["go_binary"] = GoBinaryJson(*application.go_binary);
      applications.push_back(std::move(entry));
    }
    out["applications"] = std::move(applications);
  }
  if (!result.warnings.empty()) out["warnings"] = result.warnings;
  return out;
}

std::string Text(js::Object object, std::string_view key) {
  return std::string(js::OptionalString(object, key).value_or(""));
}

int Integer(js::Object object, std::string_view key) {
  return static_cast<int>(js::OptionalNumber(object, key).value_or(0));
}

Result<model::Package> DecodePackage(js::Element element) {
  SCRY_TRY(js::Object object, js::RequiredObject(element, "package"));
  model::Package package;
  SCRY_TRY(auto name, js::RequiredString(object, "name"));
  package.name = std::string(name);
  package.id = Text(object, "id");
  package.version = Text(object, "version");
  package.purl = Text(object, "purl");
  package.relationship = EnumByName(Text(object, "relationship"),
                                    {model::Relationship::kUnknown, model::Relationship::kRoot,
                                     model::Relationship::kWorkspace, model::Relationship::kDirect,
                                     model::Relationship::kIndirect},
                                    model::RelationshipName)
                             .value_or(model::Relationship::kUnknown);
  package.depends_on = js::StringArray(object, "depends_on");
  package.file_path = Text(object, "file_path");
  if (auto source = js::OptionalString(object, "version_source")) {
    package.version_source =
        EnumByName(*source,
                   {model::VersionSource::kBuildInfo, model::VersionSource::kLdflags,
                    model::VersionSource::kSymbol, model::VersionSource::kVcs,
                    model::VersionSource::kRuntime, model::VersionSource::kSource,
                    model::VersionSource::kUnknown},
                   model::VersionSourceName);
  }
  if (auto evidence = js::OptionalObject(object, "evidence")) {
    for (auto field : *evidence) {
      std::string_view value;
      if (field.value.get_string().get(value) == simdjson::SUCCESS) {
        package.evidence.emplace(std::string(field.key), std::string(value));
      }
    }
  }
  package.epoch = Integer(object, "epoch");
  package.release = Text(object, "release");
  package.arch = Text(object, "arch");
  package.src_name = Text(object, "src_name");
  package.src_version = Text(object, "src_version");
  package.src_release = Text(object, "src_release");
  package.src_epoch = Integer(object, "src_epoch");
  package.licenses = js::StringArray(object, "licenses");
  package.maintainer = Text(object, "maintainer");
  package.dev = js::OptionalBool(object, "dev").value_or(false);
  return package;
}

Result<std::vector<model::Package>> DecodePackages(js::Object object) {
  std::vector<model::Package> packages;
  if (auto array = js::OptionalArray(object, "packages")) {
    for (auto element : *array) {
      SCRY_TRY(auto package, DecodePackage(element));
      packages.push_back(std::move(package));
    }
  }
  return packages;
}

Result<model::GoBinaryDetails> DecodeGoBinary(js::Object object) {
  model::GoBinaryDetails details;
  details.go_version = Text(object, "go_version");
  details.main_package_path = Text(object, "main_package_path");
  if (auto settings = js::OptionalArray(object, "build_settings")) {
    for (auto element : *settings) {
      js::Array pair;
      std::string_view key, value;
      if (element.get_array().get(pair) != simdjson::SUCCESS || pair.size() != 2 ||
          pair.at(0).get_string().get(key) != simdjson::SUCCESS ||
          pair.at(1).get_string().get(value) != simdjson::SUCCESS) {
        return Fail(ErrorCode::kInvalidInput, "go_binary.build_settings: not [key, value] pairs");
      }
      details.build_settings.emplace_back(std::string(key), std::string(value));
    }
  }
  details.format = Text(object, "format");
  details.architectures = js::StringArray(object, "architectures");
  details.build_info = EnumByName(Text(object, "build_info"),
                                  {model::GoBinaryDetails::BuildInfo::kPresent,
                                   model::GoBinaryDetails::BuildInfo::kNoModules,
                                   model::GoBinaryDetails::BuildInfo::kMissing},
                                  model::BuildInfoStatusName)
                           .value_or(model::GoBinaryDetails::BuildInfo::kMissing);
  details.source_module = Text(object, "source_module");
  details.source_repository = Text(object, "source_repository");
  details.source_command = Text(object, "source_command");
  details.source_tag = Text(object, "source_tag");
  return details;
}

Result<analyzer::AnalysisResult> DecodeResult(js::Element element) {
  SCRY_TRY(js::Object object, js::RequiredObject(element, "file result"));
  analyzer::AnalysisResult result;
  if (auto os = js::OptionalObject(object, "os")) {
    result.os = model::OsInfo{Text(*os, "family"), Text(*os, "name"),
                              js::OptionalBool(*os, "eosl").value_or(false)};
  }
  if (auto databases = js::OptionalArray(object, "package_databases")) {
    for (auto entry : *databases) {
      SCRY_TRY(js::Object database, js::RequiredObject(entry, "package database"));
      SCRY_TRY(auto packages, DecodePackages(database));
      result.package_databases.push_back(
          {Text(database, "file_path"), Text(database, "type"), std::move(packages)});
    }
  }
  if (auto lists = js::OptionalArray(object, "installed_files")) {
    for (auto entry : *lists) {
      SCRY_TRY(js::Object files, js::RequiredObject(entry, "installed files"));
      result.installed_files.push_back(
          {Text(files, "source_file"), Text(files, "package"), js::StringArray(files, "paths")});
    }
  }
  if (auto applications = js::OptionalArray(object, "applications")) {
    for (auto entry : *applications) {
      SCRY_TRY(js::Object application, js::RequiredObject(entry, "application"));
      model::Application decoded;
      decoded.type = Text(application, "type");
      decoded.file_path = Text(application, "file_path");
      SCRY_TRY(decoded.packages, DecodePackages(application));
      if (auto go_binary = js::OptionalObject(application, "go_binary")) {
        SCRY_TRY(decoded.go_binary, DecodeGoBinary(*go_binary));
      }
      result.applications.push_back(std::move(decoded));
    }
  }
  result.warnings = js::StringArray(object, "warnings");
  return result;
}

}  // namespace

std::string EncodeLayerAnalysis(const LayerAnalysis& layer) {
  json files = json::object();
  for (const auto& [path, result] : layer.files) files[path] = ResultJson(result);
  json out{{"codec", kLayerCodecVersion},
           {"digest", layer.layer.digest},
           {"diff_id", layer.layer.diff_id},
           {"files", std::move(files)},
           {"written", layer.written},
           {"whiteouts", layer.whiteouts},
           {"opaque_directories", layer.opaque_directories}};
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<LayerAnalysis> DecodeLayerAnalysis(std::string_view blob) {
  js::Parser parser;
  SCRY_TRY(auto root, parser.Parse(blob));
  SCRY_TRY(js::Object object, js::RequiredObject(root, "layer analysis"));
  if (js::OptionalNumber(object, "codec").value_or(0) != kLayerCodecVersion) {
    return Fail(ErrorCode::kInvalidInput, "layer analysis of another codec version");
  }
  LayerAnalysis layer;
  layer.layer.digest = Text(object, "digest");
  layer.layer.diff_id = Text(object, "diff_id");
  if (auto files = js::OptionalObject(object, "files")) {
    for (auto field : *files) {
      SCRY_TRY(auto result, DecodeResult(field.value));
      layer.files.emplace(std::string(field.key), std::move(result));
    }
  }
  layer.written = js::StringArray(object, "written");
  layer.whiteouts = js::StringArray(object, "whiteouts");
  layer.opaque_directories = js::StringArray(object, "opaque_directories");
  return layer;
}

}  // namespace scry::scan
