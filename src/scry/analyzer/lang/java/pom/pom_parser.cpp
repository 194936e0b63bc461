#include "scry/analyzer/lang/java/pom/pom_parser.hpp"

#include <algorithm>
#include <cctype>
#include <pugixml.hpp>
#include <set>

#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::java {
namespace {

// Longest value ${...} expansion may build (nested properties can double it at every level).
constexpr size_t kMaxExpandedLength = 64u << 10;

std::string Text(const pugi::xml_node& parent, const char* name) {
  std::string_view text = parent.child(name).text().get();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::vector<PomDependency> Dependencies(const pugi::xml_node& list) {
  std::vector<PomDependency> out;
  for (pugi::xml_node node : list.children("dependency")) {
    PomDependency dependency;
    dependency.group_id = Text(node, "groupId");
    dependency.artifact_id = Text(node, "artifactId");
    dependency.version = Text(node, "version");
    dependency.scope = Text(node, "scope");
    dependency.type = Text(node, "type");
    dependency.optional = Text(node, "optional") == "true";
    out.push_back(std::move(dependency));
  }
  return out;
}

// "a/b/../c/./d" -> "a/c/d"; nullopt when ".." leaves the target's root.
std::optional<std::string> NormalizePath(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    path.remove_prefix(slash == std::string_view::npos ? path.size() : slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::string DirName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

struct Expansion {
  std::string value;
  std::string unresolved;  // the first property that could not be resolved
};

class Interpolator {
 public:
  explicit Interpolator(const std::map<std::string, std::string>& properties)
      : properties_(properties) {}

  // Memoised: hostile poms can make one expansion cost up to kMaxExpandedLength bytes of work,
  // and thousands of dependencies often share the same ${version} text.
  const Expansion& Expand(std::string_view text) {
    auto cached = cache_.find(text);
    if (cached != cache_.end()) return cached->second;
    Expansion out;
    bool too_long = false;
    out.value = ExpandAt(text, 0, out.unresolved, too_long);
    if (too_long) {
      out.unresolved = fmt::format("{} (expands to more than {} bytes)", text, kMaxExpandedLength);
    }
    return cache_.emplace(std::string(text), std::move(out)).first->second;
  }

 private:
  std::string ExpandAt(std::string_view text, int depth, std::string& unresolved,
                       bool& too_long) const {
    std::string out;
    while (!text.empty()) {
      size_t open = text.find("${");
      size_t close = open == std::string_view::npos ? open : text.find('}', open + 2);
      if (close == std::string_view::npos) {
        out.append(text);
        break;
      }
      out.append(text.substr(0, open));
      std::string name(text.substr(open + 2, close - open - 2));
      std::string_view raw = text.substr(open, close - open + 1);
      text.remove_prefix(close + 1);
      auto it = properties_.find(name);
      if (it == properties_.end() || depth >= limits::kMaxPomPropertyDepth) {
        if (unresolved.empty()) unresolved = name;
        out.append(raw);
      } else {
        out += ExpandAt(it->second, depth + 1, unresolved, too_long);
      }
      if (too_long || out.size() > kMaxExpandedLength) {
        too_long = true;
        out.resize(std::min(out.size(), kMaxExpandedLength));
        break;
      }
    }
    return out;
  }

  const std::map<std::string, std::string>& properties_;
  std::map<std::string, Expansion, std::less<>> cache_;
};

struct Ancestor {
  PomModel model;
  std::string path;
};

// Follows <parent> through the loader, child first; stops (with a warning) at anything that is
// not the declared parent.
std::vector<Ancestor> LoadParents(const PomModel& pom, std::string_view path,
                                  const PomLoader* loader, std::vector<std::string>& warnings) {
  std::vector<Ancestor> chain;
  if (loader == nullptr) return chain;
  std::set<std::string> seen{std::string(path)};
  const PomModel* current = &pom;
  std::string current_path(path);
  while (current->parent) {
    const PomParent& declared = *current->parent;
    std::string coordinates = declared.group_id + ":" + declared.artifact_id;
    if (chain.size() >= static_cast<size_t>(limits::kMaxPomParentDepth)) {
      warnings.push_back(fmt::format("{}: parent {} not followed: more than {} parent levels",
                                     current_path, coordinates, limits::kMaxPomParentDepth));
      break;
    }
    std::string relative = declared.relative_path.value_or("../pom.xml");
    if (relative.empty()) break;  // <relativePath/>: Maven looks only in repositories
    if (!relative.ends_with(".xml")) relative += "/pom.xml";
    std::string dir = DirName(current_path);
    auto parent_path = NormalizePath(dir.empty() ? relative : dir + "/" + relative);
    if (!parent_path || seen.count(*parent_path) != 0) break;
    seen.insert(*parent_path);
    auto content = (*loader)(*parent_path);
    if (!content) {
      if (content.error().code() != ErrorCode::kNotFound) {
        warnings.push_back(fmt::format("{}: parent {}: {}", current_path, coordinates,
                                       content.error().ToString()));
      }
      break;
    }
    auto model = ParsePomXml(*content);
    if (!model) {
      warnings.push_back(fmt::format("{}: parent {} at {}: {}", current_path, coordinates,
                                     *parent_path, model.error().ToString()));
      break;
    }
    std::string group = !model->group_id.empty() ? model->group_id
                        : model->parent          ? model->parent->group_id
                                                 : std::string();
    if (group != declared.group_id || model->artifact_id != declared.artifact_id) {
      // Maven ignores a relativePath pom that is not the declared parent, and so do we.
      if (declared.relative_path) {
        warnings.push_back(fmt::format("{}: {} is {}:{}, not the declared parent {}", current_path,
                                       *parent_path, group, model->artifact_id, coordinates));
      }
      break;
    }
    chain.push_back({std::move(*model), *parent_path});
    current = &chain.back().model;
    current_path = chain.back().path;
  }
  return chain;
}

std::string Key(const PomDependency& dependency) {
  return dependency.group_id + ":" + dependency.artifact_id;
}

}  // namespace

Result<PomModel> ParsePomXml(std::string_view content) {
  pugi::xml_document document;
  // parse_default has no DOCTYPE processing: no DTD is read and only XML's predefined entities
  // and character references are expanded.
  pugi::xml_parse_result parsed =
      document.load_buffer(content.data(), content.size(), pugi::parse_default);
  if (!parsed) {
    return Fail(ErrorCode::kInvalidInput, "not well-formed XML at byte {}: {}", parsed.offset,
                parsed.description());
  }
  pugi::xml_node project = document.child("project");
  if (!project) return Fail(ErrorCode::kInvalidInput, "the root element is not <project>");
  PomModel model;
  model.group_id = Text(project, "groupId");
  model.artifact_id = Text(project, "artifactId");
  model.version = Text(project, "version");
  if (pugi::xml_node parent = project.child("parent")) {
    PomParent declared;
    declared.group_id = Text(parent, "groupId");
    declared.artifact_id = Text(parent, "artifactId");
    declared.version = Text(parent, "version");
    if (parent.child("relativePath")) declared.relative_path = Text(parent, "relativePath");
    model.parent = std::move(declared);
  }
  for (pugi::xml_node property : project.child("properties").children()) {
    if (property.type() != pugi::node_element) continue;
    std::string_view value = property.text().get();
    model.properties[property.name()] = std::string(value);
  }
  model.dependencies = Dependencies(project.child("dependencies"));
  model.dependency_management =
      Dependencies(project.child("dependencyManagement").child("dependencies"));
  return model;
}

ParsedPackages ResolvePom(const PomModel& pom, std::string_view path, const PomLoader* loader) {
  ParsedPackages out;
  std::vector<Ancestor> parents = LoadParents(pom, path, loader, out.warnings);

  // The effective model: the farthest ancestor first, each child overriding.
  std::map<std::string, std::string> properties;
  std::map<std::string, std::pair<PomDependency, std::string>> management;  // key -> (dep, file)
  std::vector<std::pair<PomDependency, std::string>> dependencies;
  auto merge = [&](const PomModel& model, const std::string& file) {
    for (const auto& [key, value] : model.properties) properties[key] = value;
    for (const PomDependency& dependency : model.dependency_management) {
      management[Key(dependency)] = {dependency, file};
    }
    for (const PomDependency& dependency : model.dependencies) {
      dependencies.emplace_back(dependency, file);
    }
  };
  for (auto it = parents.rbegin(); it != parents.rend(); ++it) merge(it->model, it->path);
  merge(pom, std::string(path));

  std::string group = pom.group_id;
  std::string version = pom.version;
  if (pom.parent) {
    if (group.empty()) group = pom.parent->group_id;
    if (version.empty()) version = pom.parent->version;
    properties["project.parent.groupId"] = pom.parent->group_id;
    properties["project.parent.artifactId"] = pom.parent->artifact_id;
    properties["project.parent.version"] = pom.parent->version;
  }
  properties["project.groupId"] = group;
  properties["project.artifactId"] = pom.artifact_id;
  properties["project.version"] = version;
  // Maven 2's aliases, still accepted by Maven 3.
  for (const char* key : {"groupId", "artifactId", "version", "parent.groupId", "parent.version"}) {
    auto it = properties.find(std::string("project.") + key);
    if (it != properties.end()) properties.emplace(std::string("pom.") + key, it->second);
  }
  Interpolator interpolator(properties);

  // The project itself.
  model::Package root;
  Expansion root_group = interpolator.Expand(group);
  Expansion root_artifact = interpolator.Expand(pom.artifact_id);
  Expansion root_version = interpolator.Expand(version);
  root.name = root_group.value + ":" + root_artifact.value;
  if (root_version.unresolved.empty()) {
    root.version = root_version.value;
  } else {
    root.evidence["UnresolvedProperty"] = root_version.unresolved;
  }
  root.relationship = model::Relationship::kRoot;

  // Later declarations of the same artifact replace earlier ones, as in Maven's model merge.
  std::map<std::string, size_t> position;
  std::vector<model::Package> packages;
  for (const auto& [declared, file] : dependencies) {
    std::string scope = interpolator.Expand(declared.scope).value;
    if (scope == "import") continue;
    model::Package package;
    Expansion group_id = interpolator.Expand(declared.group_id);
    Expansion artifact_id = interpolator.Expand(declared.artifact_id);
    package.name = group_id.value + ":" + artifact_id.value;
    std::string raw_version = declared.version;
    if (raw_version.empty()) {
      auto managed = management.find(package.name);
      if (managed == management.end()) {
        managed = management.find(Key(declared));
      }
      if (managed != management.end()) {
        raw_version = managed->second.first.version;
        if (scope.empty()) scope = interpolator.Expand(managed->second.first.scope).value;
        package.evidence["VersionFrom"] = "dependencyManagement in " + managed->second.second;
      } else {
        package.evidence["VersionUnknown"] =
            "no <version> and no dependencyManagement entry (a BOM or a parent outside this "
            "target may define it)";
      }
    }
    Expansion expanded = interpolator.Expand(raw_version);
    std::string unresolved = !group_id.unresolved.empty()      ? group_id.unresolved
                             : !artifact_id.unresolved.empty() ? artifact_id.unresolved
                                                               : expanded.unresolved;
    if (!unresolved.empty()) {
      package.evidence["UnresolvedProperty"] = unresolved;
    } else if (!expanded.value.empty() &&
               (expanded.value.front() == '[' || expanded.value.front() == '(')) {
      package.evidence["VersionRange"] = expanded.value;
    } else {
      package.version = expanded.value;
    }
    if (!scope.empty() && scope != "compile" && scope != "runtime") {
      package.dev = true;
      package.evidence["Scope"] = scope;
    } else if (scope == "runtime") {
      package.evidence["Scope"] = scope;
    }
    if (declared.optional) {
      package.dev = true;
      package.evidence["Optional"] = "true";
    }
    if (file != path) package.evidence["InheritedFrom"] = file;
    package.relationship = model::Relationship::kDirect;
    package.file_path = std::string();
    model::SetIdentity(package, "maven");
    auto [it, inserted] = position.emplace(package.name, packages.size());
    if (inserted) {
      packages.push_back(std::move(package));
    } else {
      packages[it->second] = std::move(package);
    }
  }
  for (const model::Package& package : packages) root.depends_on.push_back(package.id);
  model::SetIdentity(root, "maven");
  out.packages.push_back(std::move(root));
  std::move(packages.begin(), packages.end(), std::back_inserter(out.packages));
  for (const PomDependency& managed : pom.dependency_management) {
    if (managed.scope == "import") {
      out.warnings.push_back(fmt::format(
          "{}: dependencyManagement imports {}:{}:{}, which is not read (no repository access)",
          path, managed.group_id, managed.artifact_id, managed.version));
    }
  }
  return out;
}

}  // namespace scry::analyzer::lang::java
