#include "scry/analyzer/lang/c/conan/conan_parser.hpp"

#include <fmt/format.h>

#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "scry/base/limits.hpp"
#include "scry/formats/json.hpp"

namespace scry::analyzer::lang::c {
namespace {

namespace js = formats::json;

// A node's edges: node ids from "requires" (or "build_requires"), with a warning for each
// element or field of the wrong type.
std::vector<std::string> NodeIds(js::Object node, std::string_view field, std::string_view where,
                                 std::vector<std::string>& warnings) {
  std::vector<std::string> ids;
  js::Element element;
  if (node[field].get(element)) return ids;  // absent
  js::Array array;
  if (element.get(array)) {
    warnings.push_back(fmt::format("{}.{} is not an array", where, field));
    return ids;
  }
  size_t index = 0;
  for (js::Element item : array) {
    std::string_view id;
    if (item.get(id)) {
      warnings.push_back(fmt::format("{}.{}[{}] is not a string", where, field, index));
    } else {
      ids.emplace_back(id);
    }
    ++index;
  }
  return ids;
}

std::optional<model::Package> PackageFromReference(std::string_view ref, std::string_view where,
                                                   std::vector<std::string>& warnings) {
  auto parsed = ParseConanReference(ref);
  if (!parsed) {
    warnings.push_back(
        fmt::format("{} \"{}\" is not a name/version reference; skipped", where, ref));
    return std::nullopt;
  }
  model::Package package;
  package.name = std::move(parsed->name);
  package.version = std::move(parsed->version);
  if (!parsed->user_channel.empty()) package.evidence["ConanUserChannel"] = parsed->user_channel;
  model::SetIdentity(package, "conan");
  return package;
}

struct Node {
  std::string key;
  std::optional<model::Package> package;
  std::vector<std::string> requires_ids;
  std::vector<std::string> build_requires_ids;
};

Result<LockfilePackages> ParseV1(js::Element graph_lock) {
  LockfilePackages out;
  js::Object graph;
  js::Object nodes_object;
  if (graph_lock.get(graph) || graph["nodes"].get(nodes_object)) {
    return Fail(ErrorCode::kInvalidInput, "graph_lock.nodes is missing or not an object");
  }
  std::vector<Node> nodes;
  std::unordered_map<std::string, size_t> by_key;
  for (auto field : nodes_object) {
    std::string where = fmt::format("graph_lock.nodes.{}", field.key);
    js::Object object;
    if (field.value.get(object)) {
      out.warnings.push_back(where + " is not an object");
      continue;
    }
    Node node;
    node.key = std::string(field.key);
    js::Element ref_element;
    if (!object["ref"].get(ref_element)) {
      std::string_view ref;
      if (ref_element.get(ref)) {
        out.warnings.push_back(where + ".ref is not a string");
      } else if (!ref.empty()) {
        node.package = PackageFromReference(ref, where + ".ref", out.warnings);
      }
    }
    node.requires_ids = NodeIds(object, "requires", where, out.warnings);
    node.build_requires_ids = NodeIds(object, "build_requires", where, out.warnings);
    by_key.emplace(node.key, nodes.size());
    nodes.push_back(std::move(node));
  }

  // Which nodes the consumer reaches through "requires" alone (shipped), and through any edge.
  auto reach = [&](bool with_build) {
    std::unordered_set<size_t> seen;
    std::deque<size_t> queue;
    if (auto root = by_key.find("0"); root != by_key.end()) queue.push_back(root->second);
    while (!queue.empty()) {
      size_t index = queue.front();
      queue.pop_front();
      if (!seen.insert(index).second) continue;
      auto follow = [&](const std::vector<std::string>& ids) {
        for (const std::string& id : ids) {
          if (auto it = by_key.find(id); it != by_key.end()) queue.push_back(it->second);
        }
      };
      follow(nodes[index].requires_ids);
      if (with_build) follow(nodes[index].build_requires_ids);
    }
    return seen;
  };
  const bool has_root = by_key.contains("0");
  const auto shipped = reach(false);
  const auto reachable = reach(true);
  std::unordered_set<std::string> root_children;
  if (has_root) {
    const Node& root = nodes[by_key["0"]];
    root_children.insert(root.requires_ids.begin(), root.requires_ids.end());
    root_children.insert(root.build_requires_ids.begin(), root.build_requires_ids.end());
  }

  for (size_t index = 0; index < nodes.size(); ++index) {
    Node& node = nodes[index];
    if (!node.package) continue;
    model::Package& package = *node.package;
    if (has_root) {
      package.relationship = node.key == "0"                    ? model::Relationship::kRoot
                             : root_children.contains(node.key) ? model::Relationship::kDirect
                                                                : model::Relationship::kIndirect;
      package.dev = reachable.contains(index) && !shipped.contains(index);
    }
    for (const auto* ids : {&node.requires_ids, &node.build_requires_ids}) {
      for (const std::string& id : *ids) {
        auto it = by_key.find(id);
        if (it != by_key.end() && nodes[it->second].package) {
          package.depends_on.push_back(nodes[it->second].package->id);
        }
      }
    }
  }
  // Moved out only now: depends_on above reads the ids of other nodes' packages.
  for (Node& node : nodes) {
    if (node.package) out.packages.push_back(std::move(*node.package));
  }
  MergeDuplicatePackages(out.packages);
  return out;
}

LockfilePackages ParseV2(js::Object root) {
  LockfilePackages out;
  for (std::string_view field : {"requires", "build_requires", "python_requires"}) {
    js::Element element;
    if (root[field].get(element)) continue;
    js::Array array;
    if (element.get(array)) {
      out.warnings.push_back(fmt::format("{} is not an array", field));
      continue;
    }
    size_t index = 0;
    for (js::Element item : array) {
      std::string where = fmt::format("{}[{}]", field, index++);
      std::string_view ref;
      if (item.get(ref)) {
        out.warnings.push_back(where + " is not a string");
        continue;
      }
      auto package = PackageFromReference(ref, where, out.warnings);
      if (!package) continue;
      package->dev = field != "requires";
      out.packages.push_back(std::move(*package));
    }
  }
  MergeDuplicatePackages(out.packages);
  return out;
}

}  // namespace

std::optional<ConanReference> ParseConanReference(std::string_view ref) {
  ConanReference out;
  // The package id and its revision follow the first ':'; the timestamp follows '%'.
  ref = ref.substr(0, ref.find(':'));
  ref = ref.substr(0, ref.find('%'));
  if (size_t hash = ref.find('#'); hash != std::string_view::npos) {
    out.revision = std::string(ref.substr(hash + 1));
    ref = ref.substr(0, hash);
  }
  if (size_t at = ref.find('@'); at != std::string_view::npos) {
    std::string_view user_channel = ref.substr(at + 1);
    if (user_channel != "_/_" && !user_channel.empty())
      out.user_channel = std::string(user_channel);
    ref = ref.substr(0, at);
  }
  size_t slash = ref.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == ref.size() ||
      ref.find('/', slash + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  out.name = std::string(ref.substr(0, slash));
  out.version = std::string(ref.substr(slash + 1));
  return out;
}

Result<LockfilePackages> ParseConanLock(std::string_view content) {
  js::Parser parser(limits::kMaxLockfileDepth);
  SCRY_TRY(js::Element root, parser.Parse(content));
  SCRY_TRY(js::Object object, js::RequiredObject(root, "conan.lock"));
  js::Element graph_lock;
  if (!object["graph_lock"].get(graph_lock)) return ParseV1(graph_lock);
  return ParseV2(object);
}

}  // namespace scry::analyzer::lang::c
