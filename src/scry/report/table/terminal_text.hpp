// Text for a terminal: what bytes from advisories and file names may be shown, and how many
// columns they take. Advisory titles and paths are untrusted: an escape sequence in one must not
// reach the terminal (it could retitle the window, move the cursor or hide lines).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace scry::report {

// Valid UTF-8 without control characters: invalid bytes, C0/C1 controls, DEL and the bidi
// overrides and isolates (U+202A..U+202E, U+2066..U+2069) become U+FFFD; tab, newline, carriage
// return and the Unicode line and paragraph separators become a space.
std::string TerminalSafe(std::string_view text);

// Columns one code point takes: 0 for combining marks, zero-width characters and variation
// selectors, 2 for East Asian wide and fullwidth characters (CJK, Hangul, most emoji), else 1.
// Control characters count 1 (TerminalSafe replaces them by U+FFFD, which takes one).
size_t CodePointWidth(char32_t code_point);

// Columns `text` takes on a terminal; each invalid UTF-8 byte counts one (it is shown as U+FFFD).
size_t DisplayWidth(std::string_view text);

// Splits `text` into lines of at most `width` columns: at '\n', then between words (spaces
// dropped), and inside a word longer than `width` between code points (a combining mark stays
// with its base). width 0: only at '\n'. Never returns no lines ("" gives {""}).
std::vector<std::string> WrapText(std::string_view text, size_t width);

}  // namespace scry::report
