#include "scry/report/table/terminal_text.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "scry/base/strings.hpp"

namespace scry::report {
namespace {

constexpr char32_t kInvalid = strings::Utf8CodePoint::kInvalid;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

using Decoded = strings::Utf8CodePoint;
Decoded DecodeAt(std::string_view text, size_t pos) { return strings::DecodeUtf8At(text, pos); }

struct Range {
  char32_t first;
  char32_t last;
};

// Combining marks and other code points that take no column of their own (the common scripts'
// marks; a rare mark missing here costs one column of padding, never a broken table border).
constexpr std::array kZeroWidth = std::to_array<Range>({
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
    {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670},
    {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0711, 0x0711},
    {0x0730, 0x074A}, {0x0900, 0x0902}, {0x093A, 0x093A}, {0x093C, 0x093C}, {0x0941, 0x0948},
    {0x094D, 0x094D}, {0x0951, 0x0957}, {0x0962, 0x0963}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
    {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2060, 0x2064},
    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
});

// East Asian Wide (W) and Fullwidth (F) ranges of Unicode 15, merged where adjacent.
constexpr std::array kWide = std::to_array<Range>({
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
    {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F320},
    {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
    {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
    {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E},
    {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4},
    {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
    {0x1F6D5, 0x1F6D7}, {0x1F6DC, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC},
    {0x1F7E0, 0x1F7EB}, {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945},
    {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
});

template <size_t N>
bool InRanges(const std::array<Range, N>& ranges, char32_t code_point) {
  auto found =
      std::upper_bound(ranges.begin(), ranges.end(), code_point,
                       [](char32_t value, const Range& range) { return value < range.first; });
  return found != ranges.begin() && code_point <= std::prev(found)->last;
}

bool IsControl(char32_t code_point) {
  return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F) ||
         (code_point >= 0x202A && code_point <= 0x202E) ||
         (code_point >= 0x2066 && code_point <= 0x2069);
}

bool IsLineBreakLike(char32_t code_point) {
  return code_point == '\t' || code_point == '\n' || code_point == '\r' || code_point == 0x2028 ||
         code_point == 0x2029;
}

// Splits one paragraph (no '\n') of TerminalSafe text into pieces of at most `width` columns.
void WrapParagraph(std::string_view text, size_t width, std::vector<std::string>& lines) {
  std::string line;
  size_t line_width = 0;
  size_t pos = 0;
  auto flush = [&] {
    lines.push_back(std::move(line));
    line.clear();
    line_width = 0;
  };
  while (pos < text.size()) {
    if (text[pos] == ' ') {
      ++pos;
      continue;
    }
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    pos = end;
    size_t word_width = DisplayWidth(word);
    size_t needed = line.empty() ? word_width : line_width + 1 + word_width;
    if (needed <= width) {
      if (!line.empty()) line += ' ';
      line += word;
      line_width = needed;
      continue;
    }
    if (!line.empty()) flush();
    if (word_width <= width) {
      line = std::string(word);
      line_width = word_width;
      continue;
    }
    // A word wider than the column: cut it between code points.
    size_t at = 0;
    while (at < word.size()) {
      Decoded decoded = DecodeAt(word, at);
      size_t columns = decoded.code_point == kInvalid ? 1 : CodePointWidth(decoded.code_point);
      if (columns > 0 && line_width + columns > width && !line.empty()) flush();
      line.append(word.substr(at, decoded.length));
      line_width += columns;
      at += decoded.length;
    }
  }
  if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
}

}  // namespace

std::string TerminalSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    Decoded decoded = DecodeAt(text, pos);
    if (decoded.code_point == kInvalid) {
      out += kReplacement;
    } else if (IsLineBreakLike(decoded.code_point)) {
      out += ' ';
    } else if (IsControl(decoded.code_point)) {
      out += kReplacement;
    } else {
      out.append(text.substr(pos, decoded.length));
    }
    pos += decoded.length;
  }
  return out;
}

size_t CodePointWidth(char32_t code_point) {
  if (code_point < 0x300) return 1;
  if (InRanges(kZeroWidth, code_point)) return 0;
  if (InRanges(kWide, code_point)) return 2;
  return 1;
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    Decoded decoded = DecodeAt(text, pos);
    width += decoded.code_point == kInvalid ? 1 : CodePointWidth(decoded.code_point);
    pos += decoded.length;
  }
  return width;
}

std::vector<std::string> WrapText(std::string_view text, size_t width) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    size_t end = text.find('\n', start);
    std::string_view paragraph =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (width == 0) {
      lines.emplace_back(paragraph);
    } else {
      std::vector<std::string> wrapped;
      WrapParagraph(paragraph, width, wrapped);
      for (auto& line : wrapped) lines.push_back(std::move(line));
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

}  // namespace scry::report
