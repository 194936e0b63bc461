#include "scry/analyzer/lang/nodejs/pkg/package_json_parser.hpp"

#include <fmt/format.h>

#include "scry/base/limits.hpp"
#include "scry/formats/json.hpp"

namespace scry::analyzer::lang::nodejs {
namespace {

namespace json = formats::json;

void ReadStringMap(json::Object object, std::string_view key,
                   std::map<std::string, std::string>& out, std::vector<std::string>& warnings) {
  json::Element element;
  if (object[key].get(element)) return;
  if (element.is_null()) return;
  json::Object map;
  if (element.get(map)) {
    warnings.push_back(fmt::format("\"{}\" is not an object", key));
    return;
  }
  for (auto field : map) {
    std::string_view value;
    if (field.value.get(value)) {
      warnings.push_back(fmt::format("\"{}\".\"{}\" is not a string", key, field.key));
      continue;
    }
    out.emplace(std::string(field.key), std::string(value));
  }
}

std::string ReadString(json::Object object, std::string_view key,
                       std::vector<std::string>& warnings) {
  json::Element element;
  if (object[key].get(element) || element.is_null()) return {};
  std::string_view value;
  if (element.get(value)) {
    warnings.push_back(fmt::format("\"{}\" is not a string", key));
    return {};
  }
  return std::string(value);
}

// One license value: "MIT", {"type": "MIT", "url": ...}; anything else is reported.
void AddLicense(json::Element element, std::string_view key, std::vector<std::string>& out,
                std::vector<std::string>& warnings) {
  std::string_view text;
  if (!element.get(text)) {
    if (!text.empty()) out.emplace_back(text);
    return;
  }
  json::Object object;
  if (!element.get(object)) {
    std::string_view type;
    if (!object["type"].get(type) && !type.empty()) {
      out.emplace_back(type);
      return;
    }
  }
  if (element.is_null()) return;
  warnings.push_back(fmt::format("\"{}\" holds a value that is not a license name", key));
}

void ReadLicenses(json::Object object, std::vector<std::string>& out,
                  std::vector<std::string>& warnings) {
  for (std::string_view key : {"license", "licenses"}) {
    json::Element element;
    if (object[key].get(element)) continue;
    json::Array array;
    if (!element.get(array)) {
      for (json::Element item : array) AddLicense(item, key, out, warnings);
    } else {
      AddLicense(element, key, out, warnings);
    }
  }
}

}  // namespace

Result<PackageJson> ParsePackageJson(std::string_view content) {
  json::Parser parser(limits::kMaxNodeManifestDepth);
  SCRY_TRY(json::Element root, parser.Parse(content));
  SCRY_TRY(json::Object object, json::RequiredObject(root, "package.json"));
  PackageJson manifest;
  manifest.name = ReadString(object, "name", manifest.warnings);
  manifest.version = ReadString(object, "version", manifest.warnings);
  ReadLicenses(object, manifest.licenses, manifest.warnings);
  ReadStringMap(object, "dependencies", manifest.dependencies, manifest.warnings);
  ReadStringMap(object, "devDependencies", manifest.dev_dependencies, manifest.warnings);
  ReadStringMap(object, "optionalDependencies", manifest.optional_dependencies, manifest.warnings);
  ReadStringMap(object, "peerDependencies", manifest.peer_dependencies, manifest.warnings);
  json::Element workspaces;
  if (!object["workspaces"].get(workspaces) && !workspaces.is_null()) {
    json::Object yarn_form;
    if (!workspaces.get(yarn_form)) {
      manifest.workspaces = json::StringArray(yarn_form, "packages");
    } else {
      json::Array array;
      if (workspaces.get(array)) {
        manifest.warnings.push_back("\"workspaces\" is neither an array nor an object");
      } else {
        for (json::Element item : array) {
          std::string_view text;
          if (!item.get(text)) manifest.workspaces.emplace_back(text);
        }
      }
    }
  }
  return manifest;
}

}  // namespace scry::analyzer::lang::nodejs
