#include "scry/analyzer/lang/php/composer/composer_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "scry/formats/json.hpp"

namespace scry::analyzer::lang::php {
namespace {

namespace json = formats::json;

// Composer nests a few levels; anything much deeper is hostile.
constexpr size_t kMaxDepth = 64;

std::string_view JsonTypeName(json::Element element) {
  switch (element.type()) {
    case simdjson::dom::element_type::ARRAY:
      return "an array";
    case simdjson::dom::element_type::OBJECT:
      return "an object";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
      return "a number";
    case simdjson::dom::element_type::STRING:
      return "a string";
    case simdjson::dom::element_type::BOOL:
      return "a boolean";
    case simdjson::dom::element_type::NULL_VALUE:
      return "null";
  }
  return "a value";
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Not packages: the PHP runtime, its extensions and libraries, Composer's own APIs.
bool IsPlatformName(std::string_view name) {
  return name == "php" || name.starts_with("php-") || name.starts_with("ext-") ||
         name.starts_with("lib-") || name.starts_with("composer-") || name == "composer" ||
         name == "hhvm";
}

class Reader {
 public:
  explicit Reader(std::string_view path) : path_(path) {}

  // Reads one array of package objects; `key` names it in warnings ("packages-dev").
  void ReadPackages(json::Element array_element, std::string_view key, bool dev,
                    const std::set<std::string>& dev_names) {
    json::Array array;
    if (array_element.get(array)) {
      Warn("\"{}\" is {}, not an array", key, JsonTypeName(array_element));
      return;
    }
    size_t index = 0;
    for (json::Element element : array) {
      ReadPackage(element, fmt::format("{}[{}]", key, index++), dev, dev_names);
    }
  }

  ComposerPackages Finish() {
    std::unordered_map<std::string, std::string> id_by_name;
    for (const model::Package& package : out_.packages) {
      id_by_name.emplace(Lower(package.name), package.id);
    }
    for (size_t i = 0; i < out_.packages.size(); ++i) {
      model::Package& package = out_.packages[i];
      for (const std::string& name : requires_[i]) {
        auto it = id_by_name.find(name);
        if (it != id_by_name.end()) package.depends_on.push_back(it->second);
      }
      std::sort(package.depends_on.begin(), package.depends_on.end());
      package.depends_on.erase(std::unique(package.depends_on.begin(), package.depends_on.end()),
                               package.depends_on.end());
    }
    return std::move(out_);
  }

  template <class... Args>
  void Warn(fmt::format_string<Args...> format, Args&&... args) {
    out_.warnings.push_back(
        fmt::format("{}: {}", path_, fmt::format(format, std::forward<Args>(args)...)));
  }

 private:
  void ReadPackage(json::Element element, const std::string& where, bool dev,
                   const std::set<std::string>& dev_names) {
    json::Object object;
    if (element.get(object)) {
      Warn("{} is {}, not an object", where, JsonTypeName(element));
      return;
    }
    json::Element field;
    if (object["name"].get(field)) {
      Warn("{} has no \"name\"", where);
      return;
    }
    std::string_view name;
    if (field.get(name) || name.empty()) {
      Warn("{}: \"name\" is {}, not a package name", where, JsonTypeName(field));
      return;
    }
    std::string label = fmt::format("{} ({})", where, name);
    model::Package package;
    package.name = std::string(name);
    if (!object["version"].get(field)) {
      std::string_view version;
      if (field.get(version)) {
        Warn("{}: \"version\" is {}, not a string", label, JsonTypeName(field));
      } else {
        package.version = std::string(version);
      }
    }
    if (package.version.empty()) {
      package.evidence["VersionUnknown"] = "the entry has no version string";
    }
    if (!object["license"].get(field)) {
      std::string_view single;
      json::Array licenses;
      if (!field.get(single)) {
        package.licenses.emplace_back(single);
      } else if (!field.get(licenses)) {
        for (json::Element license : licenses) {
          if (!license.get(single)) {
            package.licenses.emplace_back(single);
          } else {
            Warn("{}: an element of \"license\" is {}, not a string", label, JsonTypeName(license));
          }
        }
      } else {
        Warn("{}: \"license\" is {}, not a list of strings", label, JsonTypeName(field));
      }
    }
    std::vector<std::string> required;
    if (!object["require"].get(field)) {
      json::Object require;
      json::Array empty;
      if (!field.get(require)) {
        for (auto [key, value] : require) {
          std::string lower = Lower(key);
          if (!IsPlatformName(lower)) required.push_back(std::move(lower));
        }
      } else if (field.get(empty) || empty.size() != 0) {  // PHP writes {} as [] when empty
        Warn("{}: \"require\" is {}, not an object", label, JsonTypeName(field));
      }
    }
    package.dev = dev || dev_names.contains(Lower(name));
    model::SetIdentity(package, "composer");
    if (!ids_.insert(package.id).second) return;
    out_.packages.push_back(std::move(package));
    requires_.push_back(std::move(required));
  }

  std::string_view path_;
  ComposerPackages out_;
  std::vector<std::vector<std::string>> requires_;
  std::set<std::string> ids_;
};

Result<json::Element> ParseDocument(json::Parser& parser, std::string_view content,
                                    std::string_view path) {
  auto root = parser.Parse(content);
  if (!root) return tl::unexpected(std::move(root).error().Wrap(fmt::format("read {}", path)));
  return *root;
}

std::set<std::string> NamesOf(json::Object object, std::string_view key, Reader* reader) {
  std::set<std::string> names;
  json::Element field;
  if (object[key].get(field)) return names;
  json::Object map;
  json::Array array;
  if (!field.get(map)) {
    for (auto [name, value] : map) names.insert(Lower(name));
  } else if (!field.get(array)) {
    // dev-package-names is a list of names; an empty require is written as [].
    for (json::Element element : array) {
      std::string_view name;
      if (!element.get(name)) names.insert(Lower(name));
    }
  } else if (reader != nullptr) {
    reader->Warn("\"{}\" is {}, not an object or array", key, JsonTypeName(field));
  }
  return names;
}

}  // namespace

Result<ComposerPackages> ParseComposerLock(std::string_view content, std::string_view path) {
  json::Parser parser(kMaxDepth);
  SCRY_TRY(json::Element root, ParseDocument(parser, content, path));
  json::Object object;
  if (root.get(object)) {
    return Fail(ErrorCode::kInvalidInput, "{}: the top level is {}, not an object", path,
                JsonTypeName(root));
  }
  Reader reader(path);
  json::Element field;
  const std::set<std::string> none;
  if (!object["packages"].get(field)) reader.ReadPackages(field, "packages", false, none);
  if (!object["packages-dev"].get(field)) {
    if (!field.is_null()) reader.ReadPackages(field, "packages-dev", true, none);
  }
  return reader.Finish();
}

Result<ComposerPackages> ParseComposerInstalled(std::string_view content, std::string_view path) {
  json::Parser parser(kMaxDepth);
  SCRY_TRY(json::Element root, ParseDocument(parser, content, path));
  Reader reader(path);
  if (root.is_array()) {  // Composer 1
    reader.ReadPackages(root, "packages", false, {});
    return reader.Finish();
  }
  json::Object object;
  if (root.get(object)) {
    return Fail(ErrorCode::kInvalidInput, "{}: the top level is {}, not an object or array", path,
                JsonTypeName(root));
  }
  std::set<std::string> dev_names = NamesOf(object, "dev-package-names", &reader);
  json::Element field;
  if (object["packages"].get(field)) {
    return Fail(ErrorCode::kInvalidInput, "{}: no \"packages\" list", path);
  }
  reader.ReadPackages(field, "packages", false, dev_names);
  return reader.Finish();
}

Result<ComposerManifest> ParseComposerJson(std::string_view content, std::string_view path) {
  json::Parser parser(kMaxDepth);
  SCRY_TRY(json::Element root, ParseDocument(parser, content, path));
  json::Object object;
  if (root.get(object)) {
    return Fail(ErrorCode::kInvalidInput, "{}: the top level is {}, not an object", path,
                JsonTypeName(root));
  }
  ComposerManifest manifest;
  manifest.require = NamesOf(object, "require", nullptr);
  manifest.require_dev = NamesOf(object, "require-dev", nullptr);
  return manifest;
}

void MarkComposerDirect(ComposerPackages& packages, const ComposerManifest& manifest) {
  for (model::Package& package : packages.packages) {
    std::string name = Lower(package.name);
    bool direct = manifest.require.contains(name) || manifest.require_dev.contains(name);
    package.relationship = direct ? model::Relationship::kDirect : model::Relationship::kIndirect;
  }
}

}  // namespace scry::analyzer::lang::php
