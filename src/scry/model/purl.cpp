#include "scry/model/purl.hpp"

#include <fmt/format.h>

#include "scry/base/strings.hpp"

namespace scry::model {
namespace {

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = HexValue(text[i + 1]);
      int low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
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

std::optional<PackageUrl> ParsePackageUrl(std::string_view text) {
  text = strings::TrimSpace(text);
  if (text.size() < 4 || !strings::EqualsIgnoreCase(text.substr(0, 4), "pkg:")) return std::nullopt;
  text.remove_prefix(4);
  while (!text.empty() && text.front() == '/') text.remove_prefix(1);
  PackageUrl out;
  if (size_t hash = text.find('#'); hash != std::string_view::npos) {
    out.subpath = PercentDecode(text.substr(hash + 1));
    text = text.substr(0, hash);
  }
  if (size_t question = text.find('?'); question != std::string_view::npos) {
    for (std::string_view pair : strings::Split(text.substr(question + 1), '&')) {
      auto [key, value, found] = strings::Cut(pair, "=");
      if (!found || key.empty()) continue;
      out.qualifiers[strings::ToLower(key)] = PercentDecode(value);
    }
    text = text.substr(0, question);
  }
  size_t slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  out.type = strings::ToLower(text.substr(0, slash));
  text.remove_prefix(slash + 1);
  // The version follows the last '@' of the last segment (namespaces like npm's "@scope" hold
  // '@' too, but only at a segment's start).
  size_t last_slash = text.rfind('/');
  size_t at = text.rfind('@');
  if (at != std::string_view::npos && (last_slash == std::string_view::npos || at > last_slash)) {
    out.version = PercentDecode(text.substr(at + 1));
    text = text.substr(0, at);
  }
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  last_slash = text.rfind('/');
  if (last_slash == std::string_view::npos) {
    out.name = PercentDecode(text);
  } else {
    out.name = PercentDecode(text.substr(last_slash + 1));
    out.name_space = PercentDecode(text.substr(0, last_slash));
  }
  if (out.name.empty()) return std::nullopt;
  return out;
}

}  // namespace scry::model
