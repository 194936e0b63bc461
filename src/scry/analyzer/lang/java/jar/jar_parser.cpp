#include "scry/analyzer/lang/java/jar/jar_parser.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "scry/archive/zip_reader.hpp"

namespace scry::analyzer::lang::java {
namespace {

constexpr std::string_view kUnconfirmed =
    "not confirmed: Trivy checks these coordinates against Maven Central (by groupId:artifactId, "
    "else by the archive's SHA-1); scry works offline";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Trivy's isArtifact: the extensions of archives it opens recursively.
bool IsJavaArchive(std::string_view name) {
  std::string lower = Lower(BaseName(name));
  for (std::string_view extension : {".jar", ".war", ".ear", ".par"}) {
    if (lower.size() > extension.size() && lower.ends_with(extension)) return true;
  }
  return false;
}

bool IsPomProperties(std::string_view name) { return BaseName(name) == "pom.properties"; }
// java.util.jar finds the manifest whatever the case of its name.
bool IsManifest(std::string_view name) { return Lower(name) == "meta-inf/manifest.mf"; }

model::Package MakePackage(const PomProperties& properties, std::string file_path) {
  model::Package package;
  package.name = properties.group_id + ":" + properties.artifact_id;
  package.version = properties.version;
  package.file_path = std::move(file_path);
  return package;
}

struct Walk {
  const JarLimits& limits;
  uint64_t inflated = 0;
  ParsedPackages out;

  // Visits one archive; `depth` 0 is the outer file.
  Status Archive(Bytes data, const std::string& path, int depth) {
    std::vector<std::pair<std::string, PomProperties>> poms;
    std::map<std::string, std::string> manifest;
    archive::ZipLimits zip_limits;
    zip_limits.max_entries = limits.max_entries;
    zip_limits.max_entry_size = limits.max_entry_size;
    zip_limits.max_total_size =
        limits.max_inflated_size - std::min(inflated, limits.max_inflated_size);
    auto want = [&](std::string_view name) {
      return IsPomProperties(name) || IsManifest(name) || IsJavaArchive(name);
    };
    auto visit = [&](std::string_view name, std::string_view content) -> Status {
      inflated += content.size();
      if (inflated > limits.max_inflated_size) {
        return Fail(ErrorCode::kLimitExceeded, "{}: more than {} bytes inflated in total", path,
                    limits.max_inflated_size);
      }
      if (IsPomProperties(name)) {
        poms.emplace_back(std::string(name), ParsePomProperties(content));
      } else if (IsManifest(name)) {
        manifest = ParseManifest(content);
      } else {
        std::string inner = path + "/" + std::string(name);
        if (depth + 1 > limits.max_depth) {
          out.warnings.push_back(fmt::format(
              "{}: not opened: archives nested deeper than {} levels", inner, limits.max_depth));
          return Ok();
        }
        auto bytes = Bytes(reinterpret_cast<const uint8_t*>(content.data()), content.size());
        Status nested = Archive(bytes, inner, depth + 1);
        if (!nested) out.warnings.push_back(nested.error().ToString());
      }
      return Ok();
    };
    size_t found_before = out.packages.size();
    Status status = archive::ForEachZipEntryInMemory(data, path, zip_limits, want, visit);
    if (!status) {
      // Nothing readable (not a zip at all): the caller reports the error. Otherwise keep what
      // was found and say where reading stopped.
      bool nothing = poms.empty() && manifest.empty() && out.packages.size() == found_before;
      if (nothing && status.error().code() != ErrorCode::kLimitExceeded) return status;
      out.warnings.push_back(status.error().ToString());
    }
    Identify(path, poms, manifest);
    return Ok();
  }

  void Identify(const std::string& path,
                const std::vector<std::pair<std::string, PomProperties>>& poms,
                const std::map<std::string, std::string>& manifest) {
    FileNameCoordinates file = ParseJarFileName(path);
    bool own_pom = false;
    size_t valid = 0;
    for (const auto& [entry, properties] : poms) {
      if (!properties.valid()) continue;
      ++valid;
      model::Package package = MakePackage(properties, path);
      package.evidence["VersionSource"] = "pom.properties";
      package.evidence["PomProperties"] = entry;
      out.packages.push_back(std::move(package));
      // Trivy's test: the pom.properties of the archive itself matches its file name. Debian
      // installs unversioned names (commons-lang3.jar), hence artifact-only when no version.
      if (properties.artifact_id == file.artifact_id &&
          (file.version.empty() || properties.version == file.version)) {
        own_pom = true;
      }
    }
    // One pom.properties in an archive is the archive's own, whatever the file is called
    // (renamed jars); Trivy would add a manifest guess next to it.
    if (own_pom || valid == 1) return;
    ManifestCoordinates from_manifest = CoordinatesFromManifest(manifest);
    if (from_manifest.coordinates.valid()) {
      model::Package package = MakePackage(from_manifest.coordinates, path);
      package.evidence["VersionSource"] = "MANIFEST.MF " + from_manifest.source;
      package.evidence["Confirmed"] = kUnconfirmed;
      out.packages.push_back(std::move(package));
      return;
    }
    if (file.version.empty()) return;
    // No group id: reported under the bare artifact name rather than dropped.
    model::Package package;
    package.name = file.artifact_id;
    package.version = file.version;
    package.file_path = path;
    package.evidence["VersionSource"] = "file name";
    package.evidence["Confirmed"] =
        "groupId unknown: Trivy looks it up on Maven Central by artifactId (or SHA-1); scry "
        "works offline";
    out.packages.push_back(std::move(package));
  }
};

}  // namespace

Result<ParsedPackages> ParseJar(Bytes data, std::string_view path, const JarLimits& limits) {
  Walk walk{limits, 0, {}};
  SCRY_CHECK(walk.Archive(data, std::string(path), 0));
  auto& packages = walk.out.packages;
  for (model::Package& package : packages) model::SetIdentity(package, "maven");
  auto key = [](const model::Package& p) { return std::tie(p.name, p.version, p.file_path); };
  std::stable_sort(packages.begin(), packages.end(),
                   [&](const auto& a, const auto& b) { return key(a) < key(b); });
  packages.erase(std::unique(packages.begin(), packages.end(),
                             [&](const auto& a, const auto& b) { return key(a) == key(b); }),
                 packages.end());
  return std::move(walk.out);
}

PomProperties ParsePomProperties(std::string_view text) {
  PomProperties properties;
  while (!text.empty()) {
    size_t end = text.find_first_of("\r\n");
    std::string_view line = Trim(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    size_t separator = line.find_first_of("=:");
    if (separator == std::string_view::npos) continue;
    std::string_view key = Trim(line.substr(0, separator));
    std::string value(Trim(line.substr(separator + 1)));
    if (key == "groupId") properties.group_id = value;
    if (key == "artifactId") properties.artifact_id = value;
    if (key == "version") properties.version = value;
  }
  return properties;
}

std::map<std::string, std::string> ParseManifest(std::string_view text) {
  std::map<std::string, std::string> attributes;
  std::string* last = nullptr;
  while (!text.empty()) {
    size_t end = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, end);
    if (end == std::string_view::npos) {
      text = {};
    } else {
      text.remove_prefix(
          end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1));
    }
    if (line.empty()) break;  // the main section ends at the first blank line
    if (line.front() == ' ') {
      if (last != nullptr) last->append(line.substr(1));
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      last = nullptr;
      continue;
    }
    last = &attributes[std::string(Trim(line.substr(0, colon)))];
    *last = std::string(line.substr(colon + 1));
  }
  for (auto& [key, value] : attributes) value = std::string(Trim(value));
  return attributes;
}

ManifestCoordinates CoordinatesFromManifest(const std::map<std::string, std::string>& manifest) {
  auto get = [&](const char* key) -> std::string {
    auto it = manifest.find(key);
    return it == manifest.end() ? std::string() : it->second;
  };
  ManifestCoordinates result;
  PomProperties& c = result.coordinates;
  std::string group_source;
  // Trivy's determineGroupID, determineArtifactID and determineVersion, in their order.
  std::string symbolic = get("Bundle-SymbolicName");
  symbolic = std::string(Trim(symbolic.substr(0, symbolic.find(';'))));  // ";singleton:=true"
  if (!get("Implementation-Vendor-Id").empty()) {
    c.group_id = get("Implementation-Vendor-Id"), group_source = "Implementation-Vendor-Id";
  } else if (!symbolic.empty()) {
    size_t dot = symbolic.rfind('.');
    c.group_id = (dot != std::string::npos && dot > 0) ? symbolic.substr(0, dot) : symbolic;
    group_source = "Bundle-SymbolicName";
  } else if (!get("Implementation-Vendor").empty()) {
    c.group_id = get("Implementation-Vendor"), group_source = "Implementation-Vendor";
  } else if (!get("Specification-Vendor").empty()) {
    c.group_id = get("Specification-Vendor"), group_source = "Specification-Vendor";
  }
  std::string artifact_source;
  for (const char* key : {"Implementation-Title", "Specification-Title", "Bundle-Name"}) {
    if (!get(key).empty()) {
      c.artifact_id = get(key), artifact_source = key;
      break;
    }
  }
  std::string version_source;
  for (const char* key : {"Implementation-Version", "Specification-Version", "Bundle-Version"}) {
    if (!get(key).empty()) {
      c.version = get(key), version_source = key;
      break;
    }
  }
  if (c.valid()) {
    result.source = version_source + " (groupId from " + group_source + ", artifactId from " +
                    artifact_source + ")";
  }
  return result;
}

FileNameCoordinates ParseJarFileName(std::string_view path) {
  std::string_view name = BaseName(path);
  FileNameCoordinates result;
  if (name.size() <= 4 || Lower(name.substr(name.size() - 4)) != ".jar") return result;
  std::string_view stem = name.substr(0, name.size() - 4);
  result.artifact_id = std::string(stem);
  // Trivy: ^([a-zA-Z0-9\._-]*[^-*])-(\d\S*(?:-SNAPSHOT)?).jar$, greedy: the last "-<digit>".
  for (size_t dash = stem.size(); dash-- > 1;) {
    if (stem[dash] != '-' || dash + 1 >= stem.size() ||
        !std::isdigit(static_cast<unsigned char>(stem[dash + 1]))) {
      continue;
    }
    std::string_view artifact = stem.substr(0, dash);
    std::string_view version = stem.substr(dash + 1);
    bool artifact_ok =
        artifact.back() != '-' && artifact.back() != '*' &&
        std::all_of(artifact.begin(), artifact.end() - 1, [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
        });
    bool version_ok = std::none_of(version.begin(), version.end(), [](char c) {
      return std::isspace(static_cast<unsigned char>(c));
    });
    if (artifact_ok && version_ok) {
      result.artifact_id = std::string(artifact);
      result.version = std::string(version);
    }
    break;
  }
  return result;
}

}  // namespace scry::analyzer::lang::java
