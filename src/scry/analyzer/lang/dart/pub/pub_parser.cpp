#include "scry/analyzer/lang/dart/pub/pub_parser.hpp"

#include <fmt/format.h>

#include <string>
#include <utility>

#include "scry/base/limits.hpp"
#include "scry/formats/yaml.hpp"

namespace scry::analyzer::lang::dart {
namespace {

using formats::yaml::Node;

// The scalar at `key` of a mapping; nullopt when absent or null, and a warning when it is a
// sequence or a mapping.
std::optional<std::string> Scalar(const Node& mapping, std::string_view key, std::string_view where,
                                  std::vector<std::string>& warnings) {
  const Node* value = mapping.Find(key);
  if (value == nullptr || value->IsNull()) return std::nullopt;
  if (value->kind != Node::Kind::kScalar) {
    warnings.push_back(fmt::format("{}.{} (line {}) is not a string", where, key, value->line));
    return std::nullopt;
  }
  return value->scalar;
}

}  // namespace

Result<LockfilePackages> ParsePubspecLock(std::string_view content) {
  formats::yaml::Limits yaml_limits;
  yaml_limits.max_bytes = limits::kMaxLockfileSize;
  yaml_limits.max_depth = limits::kMaxLockfileDepth;
  SCRY_TRY(Node root, formats::yaml::Parse(content, yaml_limits));
  LockfilePackages out;
  if (root.IsNull()) return out;
  if (root.kind != Node::Kind::kMapping) {
    return Fail(ErrorCode::kInvalidInput, "pubspec.lock is not a YAML mapping");
  }
  const Node* packages = root.Find("packages");
  if (packages == nullptr || packages->IsNull()) return out;
  if (packages->kind != Node::Kind::kMapping) {
    out.warnings.push_back(fmt::format("packages (line {}) is not a mapping", packages->line));
    return out;
  }
  const Node* sdks = root.Find("sdks");
  for (const auto& [name, entry] : packages->entries) {
    std::string where = "packages." + name;
    if (entry.kind != Node::Kind::kMapping) {
      out.warnings.push_back(
          fmt::format("{} (line {}) is not a mapping; skipped", where, entry.line));
      continue;
    }
    if (name.empty()) continue;
    model::Package package;
    package.name = name;
    auto dependency = Scalar(entry, "dependency", where, out.warnings);
    auto version = Scalar(entry, "version", where, out.warnings);
    auto source = Scalar(entry, "source", where, out.warnings);
    if (dependency == "transitive") {
      package.relationship = model::Relationship::kIndirect;
    } else if (dependency && dependency->starts_with("direct")) {
      package.relationship = model::Relationship::kDirect;
      package.dev = *dependency == "direct dev";
    }
    const Node* description = entry.Find("description");
    if (source == "sdk") {
      // pub writes "0.0.0" for packages that come with an SDK: their real version is the SDK's.
      package.evidence["PubSource"] = "sdk";
      if (description != nullptr && description->kind == Node::Kind::kScalar) {
        package.evidence["PubSdk"] = description->scalar;
        const Node* constraint = sdks != nullptr ? sdks->Find(description->scalar) : nullptr;
        if (constraint != nullptr && constraint->kind == Node::Kind::kScalar) {
          package.evidence["PubSdkConstraint"] = constraint->scalar;
        }
      }
      if (version && *version != "0.0.0") package.version = *version;
    } else {
      if (version) package.version = *version;
      if (source && *source != "hosted") package.evidence["PubSource"] = *source;
      if (description != nullptr && description->kind == Node::Kind::kMapping) {
        if (source == "git") {
          if (auto url = Scalar(*description, "url", where + ".description", out.warnings)) {
            package.evidence["PubGitUrl"] = *url;
          }
          if (auto ref =
                  Scalar(*description, "resolved-ref", where + ".description", out.warnings)) {
            package.evidence["PubGitRevision"] = *ref;
          }
        } else if (source == "path") {
          if (auto path = Scalar(*description, "path", where + ".description", out.warnings)) {
            package.evidence["PubPath"] = *path;
          }
        } else if (source == "hosted") {
          auto url = Scalar(*description, "url", where + ".description", out.warnings);
          if (url && *url != "https://pub.dev" && *url != "https://pub.dartlang.org") {
            package.evidence["PubHostedUrl"] = *url;
          }
        }
      }
    }
    if (package.version.empty() && source != "sdk") {
      package.evidence["PubVersion"] = "absent or not a string";
    }
    model::SetIdentity(package, "pub");
    out.packages.push_back(std::move(package));
  }
  MergeDuplicatePackages(out.packages);
  return out;
}

}  // namespace scry::analyzer::lang::dart
