#include "scry/analyzer/lang/dotnet/nuget/nuget_parser.hpp"

#include <algorithm>
#include <map>
#include <pugixml.hpp>
#include <set>

#include "scry/base/limits.hpp"
#include "scry/formats/json.hpp"

namespace scry::analyzer::lang::dotnet {

namespace json = formats::json;

Result<ParsedPackages> ParsePackagesLockJson(std::string_view content) {
  json::Parser parser;
  SCRY_TRY(json::Element root, parser.Parse(content));
  SCRY_TRY(json::Object document, json::RequiredObject(root, "the document"));
  ParsedPackages out;
  struct Entry {
    model::Package package;
    std::set<std::string> depends_on;
  };
  std::map<std::string, Entry> packages;  // by id
  json::Element targets_element;
  if (document["dependencies"].get(targets_element)) {
    out.warnings.push_back("no \"dependencies\" object");
    return out;
  }
  json::Object targets;
  if (targets_element.get(targets)) {
    out.warnings.push_back("\"dependencies\" is not an object");
    return out;
  }
  for (auto [framework, target_element] : targets) {
    json::Object target;
    if (target_element.get(target)) {
      out.warnings.push_back(fmt::format("dependencies.\"{}\" is not an object", framework));
      continue;
    }
    // The versions this framework resolved, for depends_on.
    std::map<std::string_view, std::string_view> resolved;
    for (auto [name, value] : target) {
      json::Object entry;
      if (name.empty() || value.get(entry)) continue;
      if (json::OptionalString(entry, "type").value_or("") == "Project") continue;
      if (auto version = json::OptionalString(entry, "resolved")) resolved[name] = *version;
    }
    for (auto [name, value] : target) {
      if (name.empty()) {
        out.warnings.push_back(
            fmt::format("dependencies.\"{}\" has a package without a name", framework));
        continue;
      }
      json::Object entry;
      if (value.get(entry)) {
        out.warnings.push_back(
            fmt::format("dependencies.\"{}\".\"{}\" is not an object", framework, name));
        continue;
      }
      std::string_view type = json::OptionalString(entry, "type").value_or("");
      if (type == "Project") continue;
      auto version = json::OptionalString(entry, "resolved");
      if (!version) {
        out.warnings.push_back(fmt::format(
            "dependencies.\"{}\".\"{}\".resolved is missing or not a string", framework, name));
        continue;
      }
      model::Package package;
      package.name = std::string(name);
      package.version = std::string(*version);
      model::SetIdentity(package, "nuget");
      auto [it, inserted] = packages.try_emplace(package.id, Entry{package, {}});
      model::Package& merged = it->second.package;
      if (type == "Direct") {
        merged.relationship = model::Relationship::kDirect;
      } else if (merged.relationship != model::Relationship::kDirect) {
        merged.relationship = model::Relationship::kIndirect;
      }
      json::Element dependencies_element;
      if (entry["dependencies"].get(dependencies_element)) continue;
      json::Object dependencies;
      if (dependencies_element.get(dependencies)) {
        out.warnings.push_back(fmt::format(
            "dependencies.\"{}\".\"{}\".dependencies is not an object", framework, name));
        continue;
      }
      for (auto [dependency, range] : dependencies) {
        (void)range;
        auto found = resolved.find(dependency);
        if (found == resolved.end()) continue;
        it->second.depends_on.insert(std::string(dependency) + "@" + std::string(found->second));
      }
    }
  }
  for (auto& [id, entry] : packages) {
    entry.package.depends_on.assign(entry.depends_on.begin(), entry.depends_on.end());
    out.packages.push_back(std::move(entry.package));
  }
  return out;
}

Result<ParsedPackages> ParsePackagesConfig(std::string_view content) {
  pugi::xml_document document;
  pugi::xml_parse_result parsed =
      document.load_buffer(content.data(), content.size(), pugi::parse_default);
  if (!parsed) {
    return Fail(ErrorCode::kInvalidInput, "not well-formed XML at byte {}: {}", parsed.offset,
                parsed.description());
  }
  pugi::xml_node root = document.child("packages");
  if (!root) return Fail(ErrorCode::kInvalidInput, "the root element is not <packages>");
  ParsedPackages out;
  size_t index = 0;
  for (pugi::xml_node node : root.children("package")) {
    ++index;
    std::string id = node.attribute("id").as_string();
    std::string version = node.attribute("version").as_string();
    if (id.empty() || version.empty()) {
      out.warnings.push_back(fmt::format("<package> #{} has no id or no version", index));
      continue;
    }
    model::Package package;
    package.name = std::move(id);
    package.version = std::move(version);
    std::string_view development = node.attribute("developmentDependency").as_string();
    if (development == "true") package.dev = true;
    model::SetIdentity(package, "nuget");
    out.packages.push_back(std::move(package));
  }
  return out;
}

}  // namespace scry::analyzer::lang::dotnet
