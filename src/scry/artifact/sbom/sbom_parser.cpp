#include "scry/artifact/sbom/sbom_parser.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "scry/base/limits.hpp"
#include "scry/base/strings.hpp"
#include "scry/formats/json.hpp"
#include "scry/model/purl.hpp"

namespace scry::artifact::sbom {
namespace {

namespace json = formats::json;
using model::Package;
using model::ResultClass;
using model::ScanResult;

// One CycloneDX component or SPDX package, before it is known what it is.
struct Item {
  enum class Role { kPackage, kOs, kHolder, kRoot, kSkip };
  Role role = Role::kPackage;
  std::string ref;  // bom-ref or SPDXID
  std::string name;
  std::string version;
  std::string group;  // CycloneDX group (Maven groupId, npm scope)
  std::string purl_text;
  std::optional<model::PackageUrl> purl;
  std::map<std::string, std::string> props;  // scry:/trivy properties, prefix removed
  size_t parent = SIZE_MAX;                  // enclosing CycloneDX component
};

// The document's graph, in the terms both formats share.
struct Graph {
  std::vector<Item> items;
  std::map<std::string, size_t> by_ref;
  std::map<std::string, std::set<std::string>> edges;  // ref -> refs (contains or depends on)
  std::set<std::string> roots;                         // what the document describes
  std::set<std::string> direct;  // what a root depends on (not merely contains)
  // Dependency edges only (CycloneDX dependencies, SPDX DEPENDS_ON): package DependsOn and
  // indirect relationships come from these, never from containment.
  std::map<std::string, std::set<std::string>> depends;
  std::vector<std::string> skipped;
};

// Trivy's application type for a purl type (its purl.LangType), and the target name Trivy's
// applier gives packages found without a file.
struct LangType {
  std::string_view purl_type, result_type, target;
};
constexpr LangType kLangTypes[] = {
    {"golang", "gomod", "Go"},        {"npm", "node-pkg", "Node.js"},
    {"pypi", "python-pkg", "Python"}, {"gem", "gemspec", "Ruby"},
    {"cargo", "cargo", "Rust"},       {"composer", "composer", "PHP"},
    {"maven", "jar", "Java"},         {"nuget", "nuget", ".NET"},
    {"conan", "conan", "Conan"},      {"cocoapods", "cocoapods", "CocoaPods"},
    {"swift", "swift", "Swift"},      {"hex", "hex", "Elixir"},
    {"pub", "pub", "Dart"},
};

const LangType* FindLangType(std::string_view purl_type) {
  for (const LangType& type : kLangTypes) {
    if (type.purl_type == purl_type) return &type;
  }
  return nullptr;
}

bool IsOsPurlType(std::string_view type) { return type == "deb" || type == "apk" || type == "rpm"; }

// Property names as scry and Trivy write them; other tools' properties are not read.
std::optional<std::string> OwnProperty(std::string_view name) {
  for (std::string_view prefix : {"scry:", "aquasecurity:trivy:"}) {
    if (name.starts_with(prefix)) return std::string(name.substr(prefix.size()));
  }
  return std::nullopt;
}

std::string Str(json::Object object, std::string_view key) {
  return std::string(json::OptionalString(object, key).value_or(""));
}

void SetPurl(Item& item, std::string_view text) {
  item.purl_text = std::string(strings::TrimSpace(text));
  item.purl = model::ParsePackageUrl(item.purl_text);
  if (!item.purl) item.purl_text.clear();
}

// ---- CycloneDX ----

Status ReadComponent(json::Object object, size_t parent, uint32_t depth, Graph& graph,
                     bool is_root) {
  if (depth > limits::kMaxSbomDepth) {
    return Fail(ErrorCode::kLimitExceeded, "components nested deeper than {} levels",
                limits::kMaxSbomDepth);
  }
  if (graph.items.size() >= limits::kMaxSbomComponents) {
    return Fail(ErrorCode::kLimitExceeded, "more than {} components", limits::kMaxSbomComponents);
  }
  Item item;
  item.ref = Str(object, "bom-ref");
  item.name = Str(object, "name");
  item.version = Str(object, "version");
  item.group = Str(object, "group");
  item.parent = parent;
  if (auto purl = json::OptionalString(object, "purl")) SetPurl(item, *purl);
  if (auto properties = json::OptionalArray(object, "properties")) {
    for (json::Element element : *properties) {
      json::Object property;
      if (element.get(property)) continue;
      auto key = OwnProperty(json::OptionalString(property, "name").value_or(""));
      if (key) item.props.try_emplace(*key, Str(property, "value"));
    }
  }
  const std::string type = Str(object, "type");
  if (is_root) {
    item.role = Item::Role::kRoot;
  } else if (type == "operating-system") {
    item.role = Item::Role::kOs;
  } else if (item.props.count("Class") != 0 && !item.purl) {
    item.role = Item::Role::kHolder;
  } else if (type == "file" || type == "container" || type == "data" || type == "firmware" ||
             type == "device" || type == "platform" || type == "machine-learning-model" ||
             type == "cryptographic-asset" || type == "device-driver") {
    item.role = Item::Role::kSkip;
  } else if (!item.purl && (item.name.empty() || item.version.empty())) {
    // Nothing to match it by (cdxgen lists the project itself as an application, for example).
    item.role = Item::Role::kSkip;
  }
  const size_t index = graph.items.size();
  if (item.ref.empty()) item.ref = "#component-" + std::to_string(index);
  if (item.role == Item::Role::kRoot) graph.roots.insert(item.ref);
  graph.by_ref.try_emplace(item.ref, index);
  graph.items.push_back(std::move(item));
  if (auto children = json::OptionalArray(object, "components")) {
    for (json::Element element : *children) {
      json::Object child;
      if (element.get(child)) {
        return Fail(ErrorCode::kInvalidInput, "a component of {} is not an object",
                    graph.items[index].ref);
      }
      SCRY_CHECK(ReadComponent(child, index, depth + 1, graph, false));
    }
  }
  return Ok();
}

Result<Graph> ReadCycloneDx(json::Object bom, std::string& spec_version) {
  spec_version = Str(bom, "specVersion");
  static constexpr std::string_view kVersions[] = {"1.2", "1.3", "1.4", "1.5", "1.6"};
  if (std::find(std::begin(kVersions), std::end(kVersions), spec_version) == std::end(kVersions)) {
    return Fail(ErrorCode::kUnsupported, "CycloneDX specVersion \"{}\" is not supported",
                spec_version);
  }
  Graph graph;
  if (auto metadata = json::OptionalObject(bom, "metadata")) {
    if (auto component = json::OptionalObject(*metadata, "component")) {
      SCRY_CHECK(ReadComponent(*component, SIZE_MAX, 0, graph, true));
    }
  }
  if (auto components = json::OptionalArray(bom, "components")) {
    for (json::Element element : *components) {
      json::Object component;
      if (element.get(component)) {
        return Fail(ErrorCode::kInvalidInput, "an element of \"components\" is not an object");
      }
      SCRY_CHECK(ReadComponent(component, SIZE_MAX, 0, graph, false));
    }
  }
  if (auto dependencies = json::OptionalArray(bom, "dependencies")) {
    for (json::Element element : *dependencies) {
      json::Object dependency;
      if (element.get(dependency)) continue;
      std::string ref = Str(dependency, "ref");
      if (ref.empty()) continue;
      auto& targets = graph.edges[ref];
      for (const std::string& target : json::StringArray(dependency, "dependsOn")) {
        targets.insert(target);
      }
      graph.depends[ref] = targets;
    }
  }
  for (const std::string& root : graph.roots) {
    if (auto edges = graph.edges.find(root); edges != graph.edges.end()) {
      graph.direct.insert(edges->second.begin(), edges->second.end());
    }
  }
  // A component nested in a holder belongs to it, as if the holder depended on it.
  for (const Item& item : graph.items) {
    if (item.parent != SIZE_MAX && graph.items[item.parent].role != Item::Role::kPackage) {
      graph.edges[graph.items[item.parent].ref].insert(item.ref);
    }
  }
  return graph;
}

// ---- SPDX ----

// "Key: value" comments of annotations (Trivy's and scry's way of keeping their properties).
void ReadAnnotations(json::Object package, Item& item) {
  auto annotations = json::OptionalArray(package, "annotations");
  if (!annotations) return;
  for (json::Element element : *annotations) {
    json::Object annotation;
    if (element.get(annotation)) continue;
    auto [key, value, found] =
        strings::Cut(json::OptionalString(annotation, "comment").value_or(""), ": ");
    if (!found || key.empty()) continue;
    if (auto own = OwnProperty(key)) {
      item.props.try_emplace(*own, std::string(value));
    } else {
      item.props.try_emplace(std::string(key), std::string(value));
    }
  }
}

// sourceInfo forms: scry's "file: PATH" and "TYPE application: TARGET", Trivy's "package found
// in: PATH" and "built package from: NAME VERSION".
void ReadSourceInfo(std::string_view info, Item& item) {
  if (info.starts_with("file: ")) {
    item.props.try_emplace("FilePath", std::string(info.substr(6)));
  } else if (info.starts_with("package found in: ")) {
    item.props.try_emplace("FilePath", std::string(info.substr(18)));
  } else if (info.starts_with("built package from: ")) {
    auto [source, version, found] = strings::Cut(info.substr(20), " ");
    item.props.try_emplace("SrcName", std::string(source));
    if (found) item.props.try_emplace("SrcFullVersion", std::string(version));
  } else if (auto [type, target, found] = strings::Cut(info, " application: ");
             found && !type.empty() && type.find(' ') == std::string_view::npos) {
    item.props.try_emplace("Type", std::string(type));
    item.props.try_emplace("Class", "lang-pkgs");
  }
}

Result<Graph> ReadSpdx(json::Object document, std::string& spec_version) {
  std::string version = Str(document, "spdxVersion");
  if (version != "SPDX-2.2" && version != "SPDX-2.3") {
    return Fail(ErrorCode::kUnsupported, "SPDX version \"{}\" is not supported", version);
  }
  spec_version = version.substr(5);
  Graph graph;
  std::set<std::string> described;
  for (const std::string& ref : json::StringArray(document, "documentDescribes")) {
    described.insert(ref);
  }
  std::vector<std::tuple<std::string, std::string, std::string>> relationships;
  if (auto list = json::OptionalArray(document, "relationships")) {
    for (json::Element element : *list) {
      json::Object relationship;
      if (element.get(relationship)) continue;
      std::string from = Str(relationship, "spdxElementId");
      std::string type = Str(relationship, "relationshipType");
      std::string to = Str(relationship, "relatedSpdxElement");
      if (from == "SPDXRef-DOCUMENT" && type == "DESCRIBES") {
        described.insert(to);
      } else {
        relationships.emplace_back(std::move(from), std::move(type), std::move(to));
      }
    }
  }
  if (auto packages = json::OptionalArray(document, "packages")) {
    for (json::Element element : *packages) {
      if (graph.items.size() >= limits::kMaxSbomComponents) {
        return Fail(ErrorCode::kLimitExceeded, "more than {} packages", limits::kMaxSbomComponents);
      }
      json::Object package;
      if (element.get(package)) {
        return Fail(ErrorCode::kInvalidInput, "an element of \"packages\" is not an object");
      }
      Item item;
      item.ref = Str(package, "SPDXID");
      item.name = Str(package, "name");
      item.version = Str(package, "versionInfo");
      if (auto refs = json::OptionalArray(package, "externalRefs")) {
        for (json::Element ref_element : *refs) {
          json::Object ref;
          if (ref_element.get(ref)) continue;
          std::string category = Str(ref, "referenceCategory");
          if ((category == "PACKAGE-MANAGER" || category == "PACKAGE_MANAGER") &&
              Str(ref, "referenceType") == "purl") {
            SetPurl(item, Str(ref, "referenceLocator"));
            if (item.purl) break;
          }
        }
      }
      ReadAnnotations(package, item);
      ReadSourceInfo(Str(package, "sourceInfo"), item);
      const std::string purpose = Str(package, "primaryPackagePurpose");
      if (purpose == "OPERATING-SYSTEM" || item.ref.starts_with("SPDXRef-OperatingSystem")) {
        item.role = Item::Role::kOs;
      } else if (item.props.count("Class") != 0 && !item.purl) {
        item.role = Item::Role::kHolder;
      } else if (described.count(item.ref) != 0 && !item.purl) {
        item.role = Item::Role::kRoot;
        graph.roots.insert(item.ref);
      } else if (!item.purl && (item.name.empty() || item.version.empty())) {
        item.role = Item::Role::kSkip;
      }
      const size_t index = graph.items.size();
      if (item.ref.empty()) item.ref = "#package-" + std::to_string(index);
      graph.by_ref.try_emplace(item.ref, index);
      graph.items.push_back(std::move(item));
    }
  }
  for (auto& [from, type, to] : relationships) {
    if (type == "CONTAINED_BY" || type == "DEPENDENCY_OF") {
      std::swap(from, to);
      type = type == "CONTAINED_BY" ? "CONTAINS" : "DEPENDS_ON";
    }
    if (type != "CONTAINS" && type != "DEPENDS_ON") continue;
    // Syft's root CONTAINS every package: only DEPENDS_ON says direct.
    if (type == "DEPENDS_ON" && graph.roots.count(from) != 0) graph.direct.insert(to);
    if (type == "DEPENDS_ON") graph.depends[from].insert(to);
    graph.edges[from].insert(to);
  }
  return graph;
}

// ---- Common: graph -> results ----

// "[epoch:]version[-release]" as dpkg and rpm write it; apk versions are kept whole.
void SplitOsVersion(std::string_view full, bool split_release, int& epoch, std::string& version,
                    std::string& release) {
  epoch = 0;
  if (size_t colon = full.find(':'); colon != std::string_view::npos && colon > 0) {
    int value = 0;
    auto [end, error] = std::from_chars(full.data(), full.data() + colon, value);
    if (error == std::errc() && end == full.data() + colon && value >= 0) {
      epoch = value;
      full.remove_prefix(colon + 1);
    }
  }
  release.clear();
  if (split_release) {
    if (size_t dash = full.rfind('-'); dash != std::string_view::npos && dash > 0) {
      release = std::string(full.substr(dash + 1));
      full = full.substr(0, dash);
    }
  }
  version = std::string(full);
}

int ParseInt(const std::string& text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() ? value : 0;
}

std::string Prop(const Item& item, const std::string& key) {
  auto found = item.props.find(key);
  return found != item.props.end() ? found->second : std::string();
}

std::optional<model::Relationship> ParseRelationship(std::string_view name) {
  for (auto relationship :
       {model::Relationship::kUnknown, model::Relationship::kRoot, model::Relationship::kWorkspace,
        model::Relationship::kDirect, model::Relationship::kIndirect}) {
    if (model::RelationshipName(relationship) == name) return relationship;
  }
  return std::nullopt;
}

// The package name a purl stands for, written the way scry's analyzers name packages.
std::string NameFromPurl(const model::PackageUrl& purl) {
  if (purl.name_space.empty() || IsOsPurlType(purl.type)) return purl.name;
  if (purl.type == "maven") return purl.name_space + ":" + purl.name;
  return purl.name_space + "/" + purl.name;
}

// Trivy's family names: "debian", "redhat", "amazon"... from os-release IDs ("rhel", "amzn") and
// display names ("Debian GNU/Linux", "Red Hat Enterprise Linux") that other tools write.
std::string OsFamily(std::string_view name) {
  std::string family = strings::ToLower(strings::TrimSpace(name));
  if (size_t space = family.find(' '); space != std::string::npos) {
    if (family.starts_with("red hat")) return "redhat";
    family.resize(space);
  }
  if (family == "rhel") return "redhat";
  if (family == "amzn") return "amazon";
  return family;
}

// Where the OS comes from when the SBOM has no operating-system element: the distro qualifier
// of an OS purl ("debian-12.5", Alpine's "3.19.1") and the purl namespace as the family.
std::optional<model::OsInfo> OsFromPurl(const model::PackageUrl& purl) {
  auto distro = purl.qualifiers.find("distro");
  if (distro == purl.qualifiers.end() || distro->second.empty()) return std::nullopt;
  model::OsInfo os;
  std::string_view value = distro->second;
  auto [family, release, found] = strings::Cut(value, "-");
  if (found && !family.empty() && !release.empty() && family.find('.') == std::string_view::npos &&
      !(family.front() >= '0' && family.front() <= '9')) {
    os.family = OsFamily(family);
    os.name = std::string(release);
  } else {
    os.family = OsFamily(purl.name_space);
    os.name = std::string(value);
  }
  if (os.family.empty()) return std::nullopt;
  return os;
}

bool IsApkFamily(std::string_view family) {
  return family == "alpine" || family == "wolfi" || family == "chainguard";
}
bool IsDebFamily(std::string_view family) { return family == "debian" || family == "ubuntu"; }

Package MakePackage(const Item& item, const ScanResult& result, const model::OsInfo* os,
                    bool has_scanner_properties) {
  Package package;
  const bool os_package = result.result_class == ResultClass::kOsPackages;
  if (has_scanner_properties || !item.purl) {
    package.name = item.name;
    if (!item.group.empty() && !has_scanner_properties) {
      package.name = (item.purl && item.purl->type == "maven") || result.type == "jar"
                         ? item.group + ":" + item.name
                         : item.group + "/" + item.name;
    }
  } else {
    package.name = NameFromPurl(*item.purl);
  }
  if (package.name.empty() && item.purl) package.name = NameFromPurl(*item.purl);
  std::string version = item.version.empty() && item.purl ? item.purl->version : item.version;
  package.purl = item.purl_text;
  if (os_package) {
    std::string_view kind = item.purl ? std::string_view(item.purl->type) : std::string_view();
    if (kind.empty() && os != nullptr) {
      kind = IsApkFamily(os->family) ? "apk" : IsDebFamily(os->family) ? "deb" : "rpm";
    }
    // A purl holds version[-release] with the epoch as a qualifier; the component's own version
    // (scry writes [epoch:]version[-release]) is the fallback.
    std::string full = version;
    if (item.purl && !item.purl->version.empty()) {
      full = item.purl->version;
      if (auto epoch = item.purl->qualifiers.find("epoch"); epoch != item.purl->qualifiers.end()) {
        full = epoch->second + ":" + full;
      }
    }
    SplitOsVersion(full, kind != "apk", package.epoch, package.version, package.release);
    if (item.purl) {
      if (auto arch = item.purl->qualifiers.find("arch"); arch != item.purl->qualifiers.end()) {
        package.arch = arch->second;
      }
    }
    package.src_name = Prop(item, "SrcName");
    package.src_version = Prop(item, "SrcVersion");
    package.src_release = Prop(item, "SrcRelease");
    package.src_epoch = ParseInt(Prop(item, "SrcEpoch"));
    if (std::string full_source = Prop(item, "SrcFullVersion"); !full_source.empty()) {
      SplitOsVersion(full_source, kind != "apk", package.src_epoch, package.src_version,
                     package.src_release);
    }
    // Syft: "upstream=openssl" or "upstream=openssl@3.0.11-1" on deb and apk purls.
    if (package.src_name.empty() && item.purl && kind != "rpm") {
      if (auto upstream = item.purl->qualifiers.find("upstream");
          upstream != item.purl->qualifiers.end()) {
        auto [source, source_version, found] = strings::Cut(upstream->second, "@");
        package.src_name = std::string(source);
        if (found) {
          SplitOsVersion(source_version, kind != "apk", package.src_epoch, package.src_version,
                         package.src_release);
        }
      }
    }
    if (!package.src_name.empty() && package.src_version.empty()) {
      package.src_version = package.version;
      package.src_release = package.release;
      package.src_epoch = package.epoch;
    }
  } else {
    package.version = version;
  }
  package.id = Prop(item, "PkgID");
  if (package.id.empty()) {
    std::string shown = os_package ? model::FullVersion(package) : package.version;
    package.id = package.version.empty() ? package.name : package.name + "@" + shown;
  }
  if (auto relationship = ParseRelationship(Prop(item, "Relationship"))) {
    package.relationship = *relationship;
  }
  std::string version_source = Prop(item, "VersionSource");
  for (auto source :
       {model::VersionSource::kBuildInfo, model::VersionSource::kLdflags,
        model::VersionSource::kSymbol, model::VersionSource::kVcs, model::VersionSource::kRuntime,
        model::VersionSource::kSource, model::VersionSource::kUnknown}) {
    if (model::VersionSourceName(source) == version_source) package.version_source = source;
  }
  package.file_path = Prop(item, "FilePath");
  package.layer.digest = Prop(item, "LayerDigest");
  package.layer.diff_id = Prop(item, "LayerDiffID");
  return package;
}

model::OsInfo OsFromItem(const Item& item) {
  model::OsInfo os;
  os.family = OsFamily(item.name);
  os.name = item.version;
  return os;
}

// The Go binary facts scry's writers keep on a holder (report::GoBinaryFacts).
std::optional<model::GoBinaryDetails> GoBinaryFromProps(const Item& holder) {
  std::string status = Prop(holder, "GoBuildInfo");
  if (status.empty()) return std::nullopt;
  model::GoBinaryDetails binary;
  binary.build_info = model::GoBinaryDetails::BuildInfo::kMissing;
  for (auto value : {model::GoBinaryDetails::BuildInfo::kPresent,
                     model::GoBinaryDetails::BuildInfo::kNoModules}) {
    if (model::BuildInfoStatusName(value) == status) binary.build_info = value;
  }
  binary.go_version = Prop(holder, "GoVersion");
  binary.main_package_path = Prop(holder, "GoPath");
  binary.format = Prop(holder, "BinaryFormat");
  const std::string architectures = Prop(holder, "Architectures");  // Split returns views of it
  for (std::string_view arch : strings::Split(architectures, ',')) {
    if (!arch.empty()) binary.architectures.emplace_back(arch);
  }
  for (const char* key : {"GOARCH", "GOOS"}) {  // build info order
    if (std::string value = Prop(holder, key); !value.empty()) {
      binary.build_settings.emplace_back(key, std::move(value));
    }
  }
  return binary;
}

Result<Sbom> BuildResults(Graph& graph, std::string_view name) {
  Sbom sbom;
  sbom.skipped = std::move(graph.skipped);
  for (const Item& item : graph.items) {
    if (item.role == Item::Role::kOs && !item.name.empty()) {
      sbom.os = OsFromItem(item);
      break;
    }
  }
  if (!sbom.os) {
    for (const Item& item : graph.items) {
      if (item.role != Item::Role::kPackage || !item.purl || !IsOsPurlType(item.purl->type)) {
        continue;
      }
      if (auto os = OsFromPurl(*item.purl)) {
        sbom.os = std::move(os);
        break;
      }
    }
  }
  auto os_target = [&] {
    return sbom.os ? fmt::format("{} ({} {})", name, sbom.os->family, sbom.os->name)
                   : fmt::format("{} (unknown OS)", name);
  };

  // Results by key: holders by their index, grouped packages by their result type.
  std::map<std::string, ScanResult> results;
  std::map<std::string, std::vector<size_t>> members;  // result key -> item indexes
  std::set<size_t> placed;
  const std::string kOsKey = "\x01os";
  uint64_t memberships = 0;
  for (size_t index = 0; index < graph.items.size(); ++index) {
    const Item& holder = graph.items[index];
    if (holder.role != Item::Role::kHolder && holder.role != Item::Role::kOs) continue;
    auto edges = graph.edges.find(holder.ref);
    if (edges == graph.edges.end()) continue;
    const bool os = holder.role == Item::Role::kOs || Prop(holder, "Class") == "os-pkgs";
    std::string key = os ? kOsKey : "app\n" + (holder.name.empty() ? holder.ref : holder.name);
    ScanResult& result = results[key];
    if (os) {
      result.result_class = ResultClass::kOsPackages;
      result.target = os_target();
      result.type = Prop(holder, "Type");
      if (result.type.empty() && sbom.os) result.type = sbom.os->family;
    } else {
      result.result_class = ResultClass::kLanguagePackages;
      result.target = holder.name.empty() ? holder.ref : holder.name;
      result.type = Prop(holder, "Type");
      if (!result.go_binary) result.go_binary = GoBinaryFromProps(holder);
    }
    // Trivy's holders list only their direct packages: the rest are reached through them.
    std::vector<std::string> queue(edges->second.begin(), edges->second.end());
    std::set<size_t> reached;
    while (!queue.empty()) {
      std::string ref = std::move(queue.back());
      queue.pop_back();
      if (++memberships > limits::kMaxSbomMemberships) {
        return Fail(ErrorCode::kLimitExceeded,
                    "results reach more than {} packages through the dependency graph",
                    limits::kMaxSbomMemberships);
      }
      auto member = graph.by_ref.find(ref);
      if (member == graph.by_ref.end()) continue;
      if (graph.items[member->second].role != Item::Role::kPackage) continue;
      if (!reached.insert(member->second).second) continue;
      members[key].push_back(member->second);
      placed.insert(member->second);
      if (auto next = graph.edges.find(ref); next != graph.edges.end()) {
        queue.insert(queue.end(), next->second.begin(), next->second.end());
      }
    }
  }
  // Packages no holder contains, by purl type.
  for (size_t index = 0; index < graph.items.size(); ++index) {
    const Item& item = graph.items[index];
    if (item.role != Item::Role::kPackage || placed.count(index) != 0) continue;
    std::string label = item.purl_text.empty() ? item.name + "@" + item.version : item.purl_text;
    if (!item.purl) {
      sbom.skipped.push_back(label + ": no purl and no result that contains it");
      continue;
    }
    if (IsOsPurlType(item.purl->type)) {
      ScanResult& result = results[kOsKey];
      if (result.target.empty()) {
        result.result_class = ResultClass::kOsPackages;
        result.target = os_target();
        result.type = sbom.os ? sbom.os->family : "unknown";
      }
      members[kOsKey].push_back(index);
      continue;
    }
    // A type scry's own writers recorded wins over the purl's (gobinary against gomod).
    std::string type = Prop(item, "PkgType");
    const LangType* lang = FindLangType(item.purl->type);
    if (type.empty() && lang != nullptr) type = std::string(lang->result_type);
    if (type.empty()) {
      sbom.skipped.push_back(label + ": purl type " + item.purl->type +
                             " has no advisory ecosystem in scry");
      continue;
    }
    std::string key = "type\n" + type;
    ScanResult& result = results[key];
    if (result.target.empty()) {
      result.result_class = ResultClass::kLanguagePackages;
      result.type = type;
      result.target = lang != nullptr ? std::string(lang->target) : type;
    }
    members[key].push_back(index);
  }

  // Direct dependencies: what the document's subject depends on (cdxgen, Syft); what they depend
  // on in turn is indirect. Packages the subject's dependencies do not reach stay unknown.
  std::set<std::string> direct;
  for (const std::string& ref : graph.direct) {
    auto found = graph.by_ref.find(ref);
    if (found != graph.by_ref.end() && graph.items[found->second].role == Item::Role::kPackage) {
      direct.insert(ref);
    }
  }
  std::set<std::string> reached(direct.begin(), direct.end());
  std::vector<std::string> queue(direct.begin(), direct.end());
  while (!queue.empty()) {
    std::string ref = std::move(queue.back());
    queue.pop_back();
    auto next = graph.depends.find(ref);
    if (next == graph.depends.end()) continue;
    for (const std::string& target : next->second) {
      if (reached.insert(target).second) queue.push_back(target);
    }
  }

  for (auto& [key, result] : results) {
    const model::OsInfo* os = sbom.os ? &*sbom.os : nullptr;
    std::map<std::string, std::string> id_by_ref;
    std::set<std::pair<std::string, std::string>> seen;  // (id, file path)
    std::vector<std::pair<size_t, size_t>> built;        // item index, package index
    result.packages.reserve(members[key].size());
    for (size_t index : members[key]) {
      const Item& item = graph.items[index];
      const bool own = item.props.count("PkgID") != 0 || item.props.count("PkgType") != 0;
      Package package = MakePackage(item, result, os, own);
      if (package.relationship == model::Relationship::kUnknown && reached.count(item.ref) != 0) {
        package.relationship = direct.count(item.ref) != 0 ? model::Relationship::kDirect
                                                           : model::Relationship::kIndirect;
      }
      id_by_ref.try_emplace(item.ref, package.id);
      if (!seen.emplace(package.id, package.file_path).second) continue;
      built.emplace_back(index, result.packages.size());
      result.packages.push_back(std::move(package));
    }
    for (auto [index, position] : built) {
      auto edges = graph.depends.find(graph.items[index].ref);
      if (edges == graph.depends.end()) continue;
      std::set<std::string> ids;
      for (const std::string& ref : edges->second) {
        if (auto id = id_by_ref.find(ref); id != id_by_ref.end()) ids.insert(id->second);
      }
      result.packages[position].depends_on.assign(ids.begin(), ids.end());
    }
    // Sorted through an index: moving whole packages around costs more than the comparisons.
    std::vector<size_t> order(result.packages.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    const auto& unsorted = result.packages;
    std::sort(order.begin(), order.end(), [&unsorted](size_t x, size_t y) {
      const Package& a = unsorted[x];
      const Package& b = unsorted[y];
      return std::tie(a.name, a.version, a.release, a.file_path, a.id) <
             std::tie(b.name, b.version, b.release, b.file_path, b.id);
    });
    std::vector<Package> sorted;
    sorted.reserve(order.size());
    for (size_t i : order) sorted.push_back(std::move(result.packages[i]));
    result.packages = std::move(sorted);
  }

  std::vector<ScanResult> apps;
  for (auto& [key, result] : results) {
    if (result.packages.empty()) continue;
    if (key == kOsKey) {
      sbom.results.insert(sbom.results.begin(), std::move(result));
    } else {
      apps.push_back(std::move(result));
    }
  }
  std::stable_sort(apps.begin(), apps.end(),
                   [](const auto& a, const auto& b) { return a.target < b.target; });
  for (auto& app : apps) sbom.results.push_back(std::move(app));
  return sbom;
}

}  // namespace

Result<Sbom> ParseSbom(std::string_view text, std::string_view name) {
  if (text.size() > limits::kMaxSbomSize) {
    return Fail(ErrorCode::kLimitExceeded, "SBOM is {} bytes; the limit is {}", text.size(),
                limits::kMaxSbomSize);
  }
  json::Parser parser(limits::kMaxSbomDepth + 8);
  SCRY_TRY(json::Element root, parser.Parse(text));
  json::Object document;
  if (root.get(document)) {
    return Fail(ErrorCode::kUnsupported, "the JSON document is not an object");
  }
  Sbom sbom;
  std::string spec_version;
  Result<Graph> graph = Fail(ErrorCode::kUnsupported,
                             "neither CycloneDX (no \"bomFormat\") nor SPDX (no \"spdxVersion\")");
  if (json::OptionalString(document, "bomFormat").value_or("") == "CycloneDX") {
    graph = ReadCycloneDx(document, spec_version);
    sbom.format = SbomFormat::kCycloneDx;
  } else if (json::OptionalString(document, "spdxVersion")) {
    graph = ReadSpdx(document, spec_version);
    sbom.format = SbomFormat::kSpdx;
  }
  if (!graph) return tl::unexpected(std::move(graph.error()));
  SCRY_TRY(Sbom built, BuildResults(*graph, name));
  built.format = sbom.format;
  built.spec_version = std::move(spec_version);
  return built;
}

}  // namespace scry::artifact::sbom
