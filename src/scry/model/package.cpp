#include "scry/model/package.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "scry/model/purl.hpp"

namespace scry::model {

std::string_view RelationshipName(Relationship relationship) {
  switch (relationship) {
    case Relationship::kUnknown:
      return "unknown";
    case Relationship::kRoot:
      return "root";
    case Relationship::kWorkspace:
      return "workspace";
    case Relationship::kDirect:
      return "direct";
    case Relationship::kIndirect:
      return "indirect";
  }
  return "unknown";
}

std::string_view VersionSourceName(VersionSource source) {
  switch (source) {
    case VersionSource::kBuildInfo:
      return "build-info";
    case VersionSource::kLdflags:
      return "ldflags";
    case VersionSource::kSymbol:
      return "symbol";
    case VersionSource::kVcs:
      return "vcs";
    case VersionSource::kRuntime:
      return "runtime";
    case VersionSource::kSource:
      return "source";
    case VersionSource::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view BuildInfoStatusName(GoBinaryDetails::BuildInfo status) {
  switch (status) {
    case GoBinaryDetails::BuildInfo::kPresent:
      return "present";
    case GoBinaryDetails::BuildInfo::kNoModules:
      return "no-modules";
    case GoBinaryDetails::BuildInfo::kMissing:
      return "missing";
  }
  return "missing";
}

std::string FullVersion(const Package& package, bool source) {
  bool use_source = source && !package.src_version.empty();
  int epoch = use_source ? package.src_epoch : package.epoch;
  const std::string& version = use_source ? package.src_version : package.version;
  const std::string& release = use_source ? package.src_release : package.release;
  std::string full = epoch > 0 ? std::to_string(epoch) + ":" + version : version;
  if (!release.empty()) full += "-" + release;
  return full;
}

void SetIdentity(Package& package, std::string_view purl_type) {
  package.id = package.version.empty() ? package.name : package.name + "@" + package.version;
  std::string purl_name = package.name;
  if (purl_type == "maven") {
    std::replace(purl_name.begin(), purl_name.end(), ':', '/');
  } else if (purl_type == "pypi") {
    for (char& c : purl_name) c = (c == '_') ? '-' : static_cast<char>(std::tolower(c));
  }
  package.purl = MakePurl(purl_type, purl_name, package.version);
}

namespace {

// Trivy's OSType.PurlNamespace: SUSE products share one namespace per vendor.
std::string_view PurlNamespace(std::string_view family) {
  if (family == "sles" || family == "slem") return "suse";
  if (family.starts_with("opensuse")) return "opensuse";
  return family;
}

}  // namespace

void SetOsPackageIdentity(Package& package, std::string_view purl_type, const OsInfo* os) {
  std::string full = FullVersion(package);
  package.id = full.empty() ? package.name : package.name + "@" + full;
  std::string version = package.version;
  if (!package.release.empty()) version += "-" + package.release;
  // MakePurl makes everything before the last '/' the namespace; OS package names have no '/'.
  std::string name = package.name;
  if (os != nullptr && !os->family.empty()) {
    name = std::string(PurlNamespace(os->family)) + "/" + package.name;
  }
  std::string purl = MakePurl(purl_type, name, version);
  std::vector<std::pair<std::string_view, std::string>> qualifiers;
  if (!package.arch.empty()) qualifiers.emplace_back("arch", package.arch);
  if (package.epoch != 0) qualifiers.emplace_back("epoch", std::to_string(package.epoch));
  if (os != nullptr && !os->family.empty() && !os->name.empty()) {
    qualifiers.emplace_back("distro", purl_type == "apk" ? os->name : os->family + "-" + os->name);
  }
  char separator = '?';
  for (const auto& [key, value] : qualifiers) {
    purl += fmt::format("{}{}={}", separator, key, PurlEncode(value));
    separator = '&';
  }
  package.purl = std::move(purl);
}

}  // namespace scry::model
