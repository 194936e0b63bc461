#include "scry/analyzer/lang/dotnet/deps/deps_json_parser.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "scry/formats/json.hpp"

namespace scry::analyzer::lang::dotnet {

namespace json = formats::json;

namespace {

bool NonEmptyObject(json::Object object, std::string_view key) {
  json::Object value;
  if (object[key].get(value)) return false;
  return value.size() > 0;
}

}  // namespace

Result<ParsedPackages> ParseDepsJson(std::string_view content) {
  json::Parser parser;
  SCRY_TRY(json::Element root, parser.Parse(content));
  SCRY_TRY(json::Object document, json::RequiredObject(root, "the document"));
  ParsedPackages out;

  json::Object libraries;
  {
    json::Element element;
    if (document["libraries"].get(element)) return out;
    if (element.get(libraries)) {
      out.warnings.push_back("\"libraries\" is not an object");
      return out;
    }
  }
  // The runtime target: runtimeTarget.name, else the only target there is.
  std::optional<json::Object> target;
  std::string target_name;
  if (auto runtime = json::OptionalObject(document, "runtimeTarget")) {
    target_name = std::string(json::OptionalString(*runtime, "name").value_or(""));
  } else if (json::Element element; !document["runtimeTarget"].get(element)) {
    out.warnings.push_back("\"runtimeTarget\" is not an object");
  }
  if (auto targets = json::OptionalObject(document, "targets")) {
    if (target_name.empty() && targets->size() == 1) {
      target_name = std::string((*targets->begin()).key);
    }
    if (!target_name.empty()) target = json::OptionalObject(*targets, target_name);
    if (!target_name.empty() && !target) {
      out.warnings.push_back(
          fmt::format("targets.\"{}\" is missing or not an object", target_name));
    }
  }

  std::map<std::string, model::Package> packages;  // by "Name/Version"
  std::set<std::string> direct;
  bool has_project = false;
  for (auto [key, value] : libraries) {
    json::Object library;
    if (value.get(library)) {
      out.warnings.push_back(fmt::format("libraries.\"{}\" is not an object", key));
      continue;
    }
    std::string_view type = json::OptionalString(library, "type").value_or("");
    std::optional<json::Object> target_entry;
    if (target) target_entry = json::OptionalObject(*target, key);
    if (type == "project") {
      has_project = true;
      if (target_entry) {
        if (auto dependencies = json::OptionalObject(*target_entry, "dependencies")) {
          for (auto [name, version] : *dependencies) {
            std::string_view text;
            if (!version.get(text)) direct.insert(std::string(name) + "/" + std::string(text));
          }
        }
      }
      continue;
    }
    if (type != "package") continue;
    size_t slash = key.rfind('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == key.size()) {
      out.warnings.push_back(fmt::format("libraries.\"{}\" is not \"name/version\"", key));
      continue;
    }
    model::Package package;
    package.name = std::string(key.substr(0, slash));
    package.version = std::string(key.substr(slash + 1));
    if (json::OptionalBool(library, "serviceable").value_or(false)) {
      package.evidence["Serviceable"] = "true";
    }
    if (target_entry) {
      if (!NonEmptyObject(*target_entry, "runtime") &&
          !NonEmptyObject(*target_entry, "runtimeTargets") &&
          !NonEmptyObject(*target_entry, "native")) {
        package.dev = true;
        package.evidence["RuntimeAssets"] =
            "none in the runtime target: compile-time only (Trivy skips it)";
      }
      json::Element dependencies_element;
      json::Object dependencies;
      if (!(*target_entry)["dependencies"].get(dependencies_element)) {
        if (dependencies_element.get(dependencies)) {
          out.warnings.push_back(
              fmt::format("targets.\"{}\".\"{}\".dependencies is not an object", target_name, key));
        } else {
          for (auto [name, version] : dependencies) {
            std::string_view text;
            if (version.get(text)) continue;
            package.depends_on.push_back(std::string(name) + "/" + std::string(text));
          }
        }
      }
    }
    packages.emplace(std::string(key), std::move(package));
  }
  std::map<std::string, std::string> ids;  // "Name/Version" -> id, before packages move out
  for (const auto& [key, package] : packages) ids[key] = package.name + "@" + package.version;
  for (auto& [key, package] : packages) {
    std::vector<std::string> depends_on;
    for (const std::string& dependency : package.depends_on) {
      auto found = ids.find(dependency);
      if (found != ids.end()) depends_on.push_back(found->second);
    }
    std::sort(depends_on.begin(), depends_on.end());
    package.depends_on = std::move(depends_on);
    if (has_project) {
      package.relationship =
          direct.count(key) != 0 ? model::Relationship::kDirect : model::Relationship::kIndirect;
    }
    model::SetIdentity(package, "nuget");
    out.packages.push_back(std::move(package));
  }
  std::sort(out.packages.begin(), out.packages.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

}  // namespace scry::analyzer::lang::dotnet
