#include "scry/analyzer/lang/python/pipenv/pipfile_lock_parser.hpp"

#include <fmt/format.h>

#include <set>

#include "scry/base/limits.hpp"
#include "scry/formats/json.hpp"

namespace scry::analyzer::lang::python {
namespace {

namespace json = formats::json;

std::string_view JsonTypeName(json::Element element) {
  switch (element.type()) {
    case simdjson::dom::element_type::ARRAY:
      return "an array";
    case simdjson::dom::element_type::OBJECT:
      return "an object";
    case simdjson::dom::element_type::STRING:
      return "a string";
    case simdjson::dom::element_type::BOOL:
      return "a boolean";
    case simdjson::dom::element_type::NULL_VALUE:
      return "null";
    default:
      return "a number";
  }
}

void ReadSection(json::Object root, std::string_view section, bool dev, std::set<std::string>& seen,
                 PythonLockfile& out) {
  json::Element element;
  if (root[section].get(element)) return;
  json::Object packages;
  if (element.get(packages)) {
    out.warnings.push_back(fmt::format("key '{}' is {}, expected an object; section skipped",
                                       section, JsonTypeName(element)));
    return;
  }
  for (auto [key, value] : packages) {
    std::string where = fmt::format("{}.{}", section, key);
    json::Object entry;
    if (value.get(entry)) {
      out.warnings.push_back(
          fmt::format("key '{}' is {}, expected an object; skipped", where, JsonTypeName(value)));
      continue;
    }
    if (key.empty()) {
      out.warnings.push_back(fmt::format("'{}' holds a package without a name; skipped", section));
      continue;
    }
    if (!seen.insert(NormalizeName(key)).second) continue;  // in default and develop: not dev
    model::Package package;
    package.name = std::string(key);
    package.dev = dev;
    json::Element version;
    if (!entry["version"].get(version)) {
      std::string_view text;
      if (version.get(text)) {
        out.warnings.push_back(
            fmt::format("key '{}.version' is {}, expected a string", where, JsonTypeName(version)));
      } else if (text.starts_with("==") && text.size() <= limits::kMaxVersionLength) {
        package.version = std::string(text.substr(text.starts_with("===") ? 3 : 2));
      } else {
        package.evidence["Specifier"] = std::string(text.substr(0, 256));
      }
    }
    for (std::string_view source : {"git", "path", "file"}) {
      if (auto text = json::OptionalString(entry, source)) {
        package.evidence["Source"] = fmt::format("{} {}", source, text->substr(0, 256));
        break;
      }
    }
    if (auto markers = json::OptionalString(entry, "markers")) {
      package.evidence["Marker"] = std::string(*markers);
    }
    model::SetIdentity(package, "pypi");
    out.packages.push_back(std::move(package));
  }
}

}  // namespace

Result<PythonLockfile> ParsePipfileLock(std::string_view content) {
  json::Parser parser;
  SCRY_TRY(json::Element root_element, parser.Parse(content));
  SCRY_TRY(json::Object root, json::RequiredObject(root_element, "Pipfile.lock"));
  PythonLockfile out;
  std::set<std::string> seen;
  ReadSection(root, "default", false, seen, out);
  ReadSection(root, "develop", true, seen, out);
  return out;
}

}  // namespace scry::analyzer::lang::python
