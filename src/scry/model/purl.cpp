#include "scry/model/purl.hpp"

#include <fmt/format.h>

#include "scry/base/strings.hpp"

namespace scry::model {
namespace {

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_' || c == '~';
}

}  // namespace

std::string PurlEncode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (IsUnreserved(c)) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::string MakePurl(std::string_view type, std::string_view name, std::string_view version) {
  std::string out = fmt::format("pkg:{}/", type);
  auto segments = strings::Split(name, '/');
  for (size_t i = 0; i < segments.size(); ++i) {
    if (segments[i].empty()) continue;  // the spec drops empty segments
    if (out.back() != '/') out += '/';
    out += PurlEncode(segments[i]);
  }
  if (!version.empty()) {
    out += '@';
    out += PurlEncode(version);
  }
  return out;
}

}  // namespace scry::model
