// Package URLs, https://github.com/package-url/purl-spec: made from a name and version, and read
// back with qualifiers and subpath (ignore rules, VEX, SBOMs).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace scry::model {

// Percent-encodes every byte outside the purl spec's unreserved set (A-Z a-z 0-9 . - _ ~).
std::string PurlEncode(std::string_view text);

// `name` may contain '/': everything before the last '/' becomes the namespace, each segment
// encoded separately (Go module paths). An empty version is left out.
std::string MakePurl(std::string_view type, std::string_view name, std::string_view version);

// A package URL split into its parts, percent-decoded ("pkg:type/namespace/name@version?q=v#sub").
struct PackageUrl {
  std::string type;  // lower case
  std::string name_space;
  std::string name;
  std::string version;
  std::map<std::string, std::string> qualifiers;  // keys lower case
  std::string subpath;
};

// nullopt when `text` is not a "pkg:" URL with a type and a name. Pure.
std::optional<PackageUrl> ParsePackageUrl(std::string_view text);

}  // namespace scry::model
