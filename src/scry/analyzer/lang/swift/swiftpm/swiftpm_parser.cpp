#include "scry/analyzer/lang/swift/swiftpm/swiftpm_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "scry/base/limits.hpp"
#include "scry/formats/json.hpp"

namespace scry::analyzer::lang::swift {
namespace {

namespace js = formats::json;

// The string at `key`; nullopt when absent or null, with a warning for other types.
std::optional<std::string_view> String(js::Object object, std::string_view key,
                                       std::string_view where, std::vector<std::string>& warnings) {
  js::Element element;
  if (object[key].get(element) || element.is_null()) return std::nullopt;
  std::string_view value;
  if (element.get(value)) {
    warnings.push_back(fmt::format("{}.{} is not a string", where, key));
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string SwiftPackageName(std::string_view location) {
  if (size_t scheme = location.find("://"); scheme != std::string_view::npos) {
    location.remove_prefix(scheme + 3);
    // user info ("git@host", "user:token@host") before the host
    size_t slash = location.find('/');
    size_t at = location.substr(0, slash).rfind('@');
    if (at != std::string_view::npos) location.remove_prefix(at + 1);
  } else if (size_t at = location.find('@'), colon = location.find(':');
             at != std::string_view::npos && colon != std::string_view::npos && at < colon &&
             location.substr(0, colon).find('/') == std::string_view::npos) {
    // scp-like "git@github.com:apple/swift-nio.git"
    std::string name(location.substr(at + 1));
    name[colon - at - 1] = '/';
    return SwiftPackageName(name);
  }
  while (location.ends_with('/')) location.remove_suffix(1);
  if (location.ends_with(".git")) location.remove_suffix(4);
  return std::string(location);
}

Result<LockfilePackages> ParsePackageResolved(std::string_view content) {
  js::Parser parser(limits::kMaxLockfileDepth);
  SCRY_TRY(js::Element root, parser.Parse(content));
  SCRY_TRY(js::Object object, js::RequiredObject(root, "Package.resolved"));
  LockfilePackages out;
  int64_t version = 1;
  js::Element version_element;
  if (!object["version"].get(version_element) && version_element.get(version)) {
    return Fail(ErrorCode::kInvalidInput, "\"version\" is not an integer");
  }
  if (version < 1 || version > 3) {
    return Fail(ErrorCode::kUnsupported, "Package.resolved version {} (scry reads 1 to 3)",
                version);
  }
  js::Element pins_element;
  std::string pins_key = version == 1 ? "object.pins" : "pins";
  if (version == 1) {
    js::Object inner;
    js::Element object_element;
    if (object["object"].get(object_element)) return out;
    if (object_element.get(inner)) {
      out.warnings.push_back("object is not an object");
      return out;
    }
    if (inner["pins"].get(pins_element)) return out;
  } else if (object["pins"].get(pins_element)) {
    return out;
  }
  js::Array pins;
  if (pins_element.get(pins)) {
    out.warnings.push_back(pins_key + " is not an array");
    return out;
  }
  size_t index = 0;
  for (js::Element pin_element : pins) {
    std::string where = fmt::format("{}[{}]", pins_key, index++);
    js::Object pin;
    if (pin_element.get(pin)) {
      out.warnings.push_back(where + " is not an object; skipped");
      continue;
    }
    model::Package package;
    if (version == 1) {
      auto url = String(pin, "repositoryURL", where, out.warnings);
      if (url && !url->empty()) {
        package.name = SwiftPackageName(*url);
      } else if (auto name = String(pin, "package", where, out.warnings)) {
        package.name = std::string(*name);
      }
    } else {
      auto kind = String(pin, "kind", where, out.warnings);
      auto location = String(pin, "location", where, out.warnings);
      auto identity = String(pin, "identity", where, out.warnings);
      if (kind == "registry" || !location || location->empty()) {
        if (identity) package.name = std::string(*identity);
      } else {
        package.name = SwiftPackageName(*location);
      }
      if (kind && *kind != "remoteSourceControl") package.evidence["SwiftPinKind"] = *kind;
    }
    if (package.name.empty()) {
      out.warnings.push_back(where + " names no package; skipped");
      continue;
    }
    js::Element state_element;
    js::Object state;
    if (!pin["state"].get(state_element) && state_element.get(state)) {
      out.warnings.push_back(where + ".state is not an object");
    } else if (!pin["state"].get(state_element)) {
      std::string state_where = where + ".state";
      if (auto pinned = String(state, "version", state_where, out.warnings)) {
        package.version = std::string(*pinned);
      }
      if (package.version.empty()) {
        if (auto branch = String(state, "branch", state_where, out.warnings)) {
          package.evidence["SwiftBranch"] = *branch;
        }
        if (auto revision = String(state, "revision", state_where, out.warnings)) {
          package.evidence["SwiftRevision"] = *revision;
        }
      }
    }
    if (package.version.empty()) package.evidence["SwiftVersion"] = "pinned without a version";
    model::SetIdentity(package, "swift");
    out.packages.push_back(std::move(package));
  }
  std::stable_sort(out.packages.begin(), out.packages.end(),
                   [](const model::Package& a, const model::Package& b) {
                     return std::tie(a.name, a.version) < std::tie(b.name, b.version);
                   });
  MergeDuplicatePackages(out.packages);
  return out;
}

}  // namespace scry::analyzer::lang::swift
