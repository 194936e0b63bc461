// Small string helpers that the standard library lacks.
#pragma once

#include <cstddef>
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

// One code point read from UTF-8 text.
struct Utf8CodePoint {
  static constexpr char32_t kInvalid = 0xFFFFFFFF;
  char32_t code_point;  // kInvalid for a byte that does not start a valid sequence
  size_t length;        // bytes consumed, at least 1
};
// The code point at text[pos] (pos < text.size()), strictly (RFC 3629): overlong forms,
// surrogates and values above U+10FFFF are invalid, and then one byte is consumed.
Utf8CodePoint DecodeUtf8At(std::string_view text, size_t pos);

}  // namespace scry::strings
