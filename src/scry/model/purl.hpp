// Package URLs, https://github.com/package-url/purl-spec (the "pkg:type/namespace/name@version"
// form; qualifiers and subpaths are not needed yet).
#pragma once

#include <string>
#include <string_view>

namespace scry::model {

// Percent-encodes every byte outside the purl spec's unreserved set (A-Z a-z 0-9 . - _ ~).
std::string PurlEncode(std::string_view text);

// `name` may contain '/': everything before the last '/' becomes the namespace, each segment
// encoded separately (Go module paths). An empty version is left out.
std::string MakePurl(std::string_view type, std::string_view name, std::string_view version);

}  // namespace scry::model
