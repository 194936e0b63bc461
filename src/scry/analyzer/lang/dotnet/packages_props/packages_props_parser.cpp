#include "scry/analyzer/lang/dotnet/packages_props/packages_props_parser.hpp"

#include <cctype>
#include <pugixml.hpp>

namespace scry::analyzer::lang::dotnet {
namespace {

std::string Trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

}  // namespace

Result<ParsedPackages> ParsePackagesProps(std::string_view content) {
  pugi::xml_document document;
  pugi::xml_parse_result parsed =
      document.load_buffer(content.data(), content.size(), pugi::parse_default);
  if (!parsed) {
    return Fail(ErrorCode::kInvalidInput, "not well-formed XML at byte {}: {}", parsed.offset,
                parsed.description());
  }
  pugi::xml_node project = document.child("Project");
  if (!project) return Fail(ErrorCode::kInvalidInput, "the root element is not <Project>");
  ParsedPackages out;
  for (pugi::xml_node group : project.children("ItemGroup")) {
    for (pugi::xml_node item : group.children()) {
      std::string_view kind = item.name();
      if (kind != "PackageVersion" && kind != "PackageReference") continue;
      std::string name = Trimmed(item.attribute("Update").as_string());
      if (name.empty()) name = Trimmed(item.attribute("Include").as_string());
      std::string version = Trimmed(item.attribute("Version").as_string());
      if (version.empty()) version = Trimmed(item.child("Version").text().get());
      if (name.empty()) {
        out.warnings.push_back(
            fmt::format("<{}> at byte {} has no Include or Update", kind, item.offset_debug()));
        continue;
      }
      // A PackageReference without a version takes it from a PackageVersion elsewhere.
      if (kind == "PackageReference" && version.empty()) continue;
      model::Package package;
      package.name = std::move(name);
      // "[1.2.3]" pins exactly 1.2.3.
      if (version.size() > 2 && version.front() == '[' && version.back() == ']' &&
          version.find(',') == std::string::npos) {
        version = Trimmed(std::string_view(version).substr(1, version.size() - 2));
      }
      if (version.find("$(") != std::string::npos) {
        package.evidence["VersionProperty"] = version;
      } else if (!version.empty() && (version.front() == '[' || version.front() == '(')) {
        package.evidence["VersionRange"] = version;
      } else if (version.empty()) {
        package.evidence["VersionUnknown"] = "no Version";
      } else {
        package.version = std::move(version);
      }
      model::SetIdentity(package, "nuget");
      out.packages.push_back(std::move(package));
    }
  }
  return out;
}

}  // namespace scry::analyzer::lang::dotnet
