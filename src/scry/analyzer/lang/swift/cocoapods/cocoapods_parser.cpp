#include "scry/analyzer/lang/swift/cocoapods/cocoapods_parser.hpp"

#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "scry/base/limits.hpp"
#include "scry/formats/yaml.hpp"
#include "scry/model/purl.hpp"

namespace scry::analyzer::lang::swift {
namespace {

using formats::yaml::Node;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// "Name (x)" -> {"Name", "x"}; "Name" -> {"Name", ""}.
std::pair<std::string_view, std::string_view> SplitEntry(std::string_view entry) {
  entry = Trim(entry);
  size_t open = entry.find(" (");
  if (open == std::string_view::npos) return {entry, {}};
  std::string_view inside = entry.substr(open + 2);
  if (inside.ends_with(')')) inside.remove_suffix(1);
  return {Trim(entry.substr(0, open)), Trim(inside)};
}

// Trivy's purl for CocoaPods: the subspec path is the purl subpath.
std::string CocoapodsPurl(const std::string& name, const std::string& version) {
  size_t slash = name.find('/');
  if (slash == std::string::npos) return model::MakePurl("cocoapods", name, version);
  std::string purl = model::MakePurl("cocoapods", name.substr(0, slash), version) + "#";
  std::string_view subpath = std::string_view(name).substr(slash + 1);
  while (!subpath.empty()) {
    size_t next = subpath.find('/');
    purl += model::PurlEncode(subpath.substr(0, next));
    if (next == std::string_view::npos) break;
    purl += '/';
    subpath.remove_prefix(next + 1);
  }
  return purl;
}

}  // namespace

Result<LockfilePackages> ParsePodfileLock(std::string_view content) {
  formats::yaml::Limits yaml_limits;
  yaml_limits.max_bytes = limits::kMaxLockfileSize;
  yaml_limits.max_depth = limits::kMaxLockfileDepth;
  SCRY_TRY(Node root, formats::yaml::Parse(content, yaml_limits));
  LockfilePackages out;
  if (root.IsNull()) return out;
  if (root.kind != Node::Kind::kMapping) {
    return Fail(ErrorCode::kInvalidInput, "Podfile.lock is not a YAML mapping");
  }

  std::unordered_set<std::string> direct;
  const Node* dependencies = root.Find("DEPENDENCIES");
  if (dependencies != nullptr && dependencies->kind == Node::Kind::kSequence) {
    for (const Node& item : dependencies->items) {
      if (item.kind == Node::Kind::kScalar) {
        direct.emplace(SplitEntry(item.scalar).first);
      } else {
        out.warnings.push_back(
            fmt::format("DEPENDENCIES entry at line {} is not a string", item.line));
      }
    }
  } else if (dependencies != nullptr && !dependencies->IsNull()) {
    out.warnings.push_back(fmt::format("DEPENDENCIES (line {}) is not a list", dependencies->line));
  }
  const bool know_direct = dependencies != nullptr && dependencies->kind == Node::Kind::kSequence;

  const Node* pods = root.Find("PODS");
  if (pods == nullptr || pods->IsNull()) return out;
  if (pods->kind != Node::Kind::kSequence) {
    out.warnings.push_back(fmt::format("PODS (line {}) is not a list", pods->line));
    return out;
  }
  // PODS entries: "Name (version)" or a one-entry mapping from that to the pods it depends on.
  struct Pod {
    model::Package package;
    std::vector<std::string> children;
  };
  std::vector<Pod> parsed;
  std::unordered_map<std::string, std::string> id_by_name;
  for (const Node& item : pods->items) {
    std::vector<std::pair<std::string_view, const Node*>> entries;
    if (item.kind == Node::Kind::kScalar) {
      entries.emplace_back(item.scalar, nullptr);
    } else if (item.kind == Node::Kind::kMapping) {
      for (const auto& [key, value] : item.entries) entries.emplace_back(key, &value);
    } else {
      out.warnings.push_back(
          fmt::format("PODS entry at line {} is not a string or a mapping", item.line));
      continue;
    }
    for (const auto& [text, children] : entries) {
      auto [name, version] = SplitEntry(text);
      if (name.empty() || version.empty()) {
        out.warnings.push_back(
            fmt::format("PODS entry \"{}\" (line {}) does not read \"Name (version)\"; skipped",
                        text, item.line));
        continue;
      }
      Pod pod;
      pod.package.name = std::string(name);
      pod.package.version = std::string(version);
      model::SetIdentity(pod.package, "cocoapods");
      pod.package.purl = CocoapodsPurl(pod.package.name, pod.package.version);
      if (know_direct) {
        pod.package.relationship = direct.contains(pod.package.name)
                                       ? model::Relationship::kDirect
                                       : model::Relationship::kIndirect;
      }
      if (children != nullptr && children->kind == Node::Kind::kSequence) {
        for (const Node& child : children->items) {
          if (child.kind != Node::Kind::kScalar) {
            out.warnings.push_back(fmt::format(
                "PODS entry \"{}\": dependency at line {} is not a string", text, child.line));
            continue;
          }
          std::string_view child_name = SplitEntry(child.scalar).first;
          if (!child_name.empty()) pod.children.emplace_back(child_name);
        }
      } else if (children != nullptr && !children->IsNull()) {
        out.warnings.push_back(fmt::format(
            "PODS entry \"{}\" (line {}): its dependencies are not a list", text, item.line));
      }
      id_by_name.emplace(pod.package.name, pod.package.id);
      parsed.push_back(std::move(pod));
    }
  }
  for (Pod& pod : parsed) {
    for (const std::string& child : pod.children) {
      auto it = id_by_name.find(child);
      if (it != id_by_name.end()) pod.package.depends_on.push_back(it->second);
    }
    out.packages.push_back(std::move(pod.package));
  }
  MergeDuplicatePackages(out.packages);
  return out;
}

}  // namespace scry::analyzer::lang::swift
