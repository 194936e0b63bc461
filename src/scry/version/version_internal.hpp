// Helpers shared by the version schemes. Never included outside src/scry/version/.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "scry/base/error.hpp"
#include "scry/base/limits.hpp"
#include "scry/version/scheme.hpp"

namespace scry::version::internal {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAlpha(char c) { return IsLower(c) || IsUpper(c); }
inline bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
inline char ToLower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
inline char ToUpper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }
// Space, tab, newline, carriage return, vertical tab and form feed.
inline bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// True for a non-empty string of ASCII digits.
bool AllDigits(std::string_view text);
std::string_view TrimSpace(std::string_view text);
std::string ToLowerAscii(std::string_view text);

// -1, 0 or 1 as a < b, a == b, a > b.
template <class T>
int Three(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}
inline int Sign(int value) { return value < 0 ? -1 : (value > 0 ? 1 : 0); }

// Compares strings of ASCII digits as unbounded non-negative integers: leading zeros are ignored
// and an empty string counts as zero, so no length of input can overflow.
int CompareNumeric(std::string_view a, std::string_view b);
std::string_view StripLeadingZeros(std::string_view digits);

// kLimitExceeded when `text` is longer than limits::kMaxVersionLength.
Status CheckLength(std::string_view scheme, std::string_view text);

// kInvalidInput "<scheme> version "<text>": <why>".
tl::unexpected<Error> Invalid(std::string_view scheme, std::string_view text, std::string_view why);

// A parsed version: the original text and a scheme-specific value.
template <class Parts>
class Parsed final : public ParsedVersion {
 public:
  Parsed(std::string_view text, Parts parts) : text_(text), parts_(std::move(parts)) {}
  const std::string& text() const override { return text_; }
  const Parts& parts() const { return parts_; }

 private:
  std::string text_;
  Parts parts_;
};

// The parts of a version made by Parse of the same scheme (a programmer error otherwise).
template <class Parts>
const Parts& PartsOf(const ParsedVersion& version) {
  SCRY_ASSERT(dynamic_cast<const Parsed<Parts>*>(&version) != nullptr);
  return static_cast<const Parsed<Parts>&>(version).parts();
}

template <class Parts>
Result<std::unique_ptr<ParsedVersion>> MakeParsed(std::string_view text, Parts parts) {
  return std::unique_ptr<ParsedVersion>(std::make_unique<Parsed<Parts>>(text, std::move(parts)));
}

}  // namespace scry::version::internal
