// Small string helpers that the standard library lacks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scry::strings {

// Splits on every occurrence of `separator`; empty fields are kept ("a,,b" -> a, "", b).
std::vector<std::string_view> Split(std::string_view text, char separator);
std::string_view TrimSpace(std::string_view text);
std::string ToLower(std::string_view text);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool EndsWithIgnoreCase(std::string_view text, std::string_view suffix);
std::string Join(const std::vector<std::string>& parts, std::string_view separator);
// Everything before the first `separator` and everything after it; found=false keeps all in first.
struct CutResult {
  std::string_view before;
  std::string_view after;
  bool found = false;
};
CutResult Cut(std::string_view text, std::string_view separator);
// True when every byte is printable ASCII or valid UTF-8 without control characters.
bool IsPrintableUtf8(std::string_view text);

}  // namespace scry::strings
