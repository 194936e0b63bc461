#include "scry/model/report.hpp"

namespace scry::model {

std::string_view ArtifactTypeName(ArtifactType type) {
  switch (type) {
    case ArtifactType::kContainerImage:
      return "container_image";
    case ArtifactType::kFilesystem:
      return "filesystem";
    case ArtifactType::kRepository:
      return "repository";
    case ArtifactType::kSbom:
      return "sbom";
  }
  return "filesystem";
}

std::string_view ResultClassName(ResultClass result_class) {
  switch (result_class) {
    case ResultClass::kOsPackages:
      return "os-pkgs";
    case ResultClass::kLanguagePackages:
      return "lang-pkgs";
  }
  return "lang-pkgs";
}

}  // namespace scry::model
