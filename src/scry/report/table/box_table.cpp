#include "scry/report/table/box_table.hpp"

#include <algorithm>
#include <cstdint>

namespace scry::report {
namespace {

// A column never becomes narrower than this, whatever the width asked for.
constexpr size_t kAbsoluteMinimum = 3;

std::string Repeat(std::string_view piece, size_t count) {
  std::string out;
  out.reserve(piece.size() * count);
  for (size_t i = 0; i < count; ++i) out += piece;
  return out;
}

std::string Border(const std::vector<size_t>& widths, std::string_view left,
                   std::string_view middle, std::string_view right) {
  std::string line(left);
  for (size_t i = 0; i < widths.size(); ++i) {
    if (i > 0) line += middle;
    line += Repeat("─", widths[i] + 2);
  }
  line += right;
  line += '\n';
  return line;
}

size_t WidestLine(std::string_view text) {
  size_t widest = 0;
  for (const auto& line : WrapText(text, 0)) widest = std::max(widest, DisplayWidth(line));
  return widest;
}

size_t LongestWord(std::string_view text) {
  size_t longest = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(" \n", start);
    if (end == std::string_view::npos) end = text.size();
    longest = std::max(longest, DisplayWidth(text.substr(start, end - start)));
    start = end + 1;
  }
  return longest;
}

// Lines of one row: each cell wrapped to its column, padded to the row's height.
std::string RowLines(const std::vector<std::string>& cells, const std::vector<std::string>& styles,
                     const std::vector<size_t>& widths, const std::vector<bool>& right_aligned,
                     bool centered, bool color) {
  std::vector<std::vector<std::string>> wrapped(widths.size());
  size_t height = 1;
  for (size_t i = 0; i < widths.size(); ++i) {
    wrapped[i] = WrapText(i < cells.size() ? cells[i] : std::string(), widths[i]);
    height = std::max(height, wrapped[i].size());
  }
  std::string out;
  for (size_t row = 0; row < height; ++row) {
    out += "│";
    for (size_t i = 0; i < widths.size(); ++i) {
      std::string text = row < wrapped[i].size() ? wrapped[i][row] : std::string();
      size_t used = DisplayWidth(text);
      size_t padding = widths[i] > used ? widths[i] - used : 0;
      size_t before = centered ? padding / 2 : (right_aligned[i] ? padding : 0);
      if (color && i < styles.size() && !styles[i].empty() && !text.empty()) {
        text = "\033[" + styles[i] + "m" + text + "\033[0m";
      }
      out += " " + std::string(before, ' ') + text + std::string(padding - before, ' ') + " │";
    }
    out += '\n';
  }
  return out;
}

}  // namespace

BoxTable::BoxTable(std::vector<std::string> headers)
    : preferred_floor_(headers.size(), SIZE_MAX),
      minimum_(headers.size()),
      right_aligned_(headers.size(), false) {
  for (size_t i = 0; i < headers.size(); ++i) {
    headers_.push_back(TerminalSafe(headers[i]));
    minimum_[i] = std::max(kAbsoluteMinimum, LongestWord(headers_[i]));
  }
}

void BoxTable::AddRow(std::vector<std::string> cells, std::vector<std::string> styles) {
  for (auto& cell : cells) {
    // '\n' separates the lines of a cell; everything else unsafe is replaced.
    std::string safe;
    for (const auto& line : WrapText(cell, 0)) safe += TerminalSafe(line) + '\n';
    safe.pop_back();  // WrapText gives at least one line
    cell = std::move(safe);
  }
  rows_.push_back(std::move(cells));
  styles_.push_back(std::move(styles));
}

void BoxTable::PreferShrinking(size_t column, size_t width) {
  if (column < preferred_floor_.size()) preferred_floor_[column] = width;
}

void BoxTable::SetMinimumWidth(size_t column, size_t width) {
  if (column < minimum_.size()) minimum_[column] = std::max(kAbsoluteMinimum, width);
}

void BoxTable::AlignRight(size_t column) {
  if (column < right_aligned_.size()) right_aligned_[column] = true;
}

void BoxTable::SpanWhenNarrow(size_t column) { span_column_ = column; }

std::vector<size_t> BoxTable::ColumnWidths(size_t max_width,
                                           const std::vector<bool>& dropped) const {
  const size_t columns = headers_.size();
  std::vector<size_t> widths(columns);
  for (size_t i = 0; i < columns; ++i) widths[i] = WidestLine(headers_[i]);
  for (const auto& row : rows_) {
    for (size_t i = 0; i < columns && i < row.size(); ++i) {
      widths[i] = std::max(widths[i], WidestLine(row[i]));
    }
  }
  if (max_width == 0) return widths;
  // "│ a │ b │": three columns of border and padding per cell, and one to close.
  auto total = [&] {
    size_t sum = 1;
    for (size_t i = 0; i < columns; ++i) sum += dropped[i] ? 0 : widths[i] + 3;
    return sum;
  };
  // Narrow the widest column that may still give way, one column at a time, in three rounds:
  // preferred columns to their floor, then every column to its minimum, then to the last resort.
  auto shrink = [&](auto floor_of) {
    while (total() > max_width) {
      size_t best = columns;
      for (size_t i = 0; i < columns; ++i) {
        if (dropped[i] || widths[i] <= floor_of(i)) continue;
        // Ties go to the rightmost column: titles and versions rather than package names.
        if (best == columns || widths[i] >= widths[best]) best = i;
      }
      if (best == columns) return;
      --widths[best];
    }
  };
  shrink([&](size_t i) { return preferred_floor_[i]; });
  shrink([&](size_t i) { return std::min(widths[i], minimum_[i]); });
  shrink([&](size_t) { return kAbsoluteMinimum; });
  return widths;
}

std::string BoxTable::Render(const BoxTableOptions& options) const {
  std::vector<bool> dropped(headers_.size(), false);
  std::vector<size_t> widths = ColumnWidths(options.max_width, dropped);
  if (span_column_ < headers_.size() && options.max_width != 0 &&
      widths[span_column_] < preferred_floor_[span_column_]) {
    dropped[span_column_] = true;
    widths = ColumnWidths(options.max_width, dropped);
  }
  std::vector<size_t> kept_widths;
  std::vector<bool> kept_right;
  auto kept = [&](const std::vector<std::string>& cells) {
    std::vector<std::string> out;
    for (size_t i = 0; i < headers_.size(); ++i) {
      if (!dropped[i]) out.push_back(i < cells.size() ? cells[i] : std::string());
    }
    return out;
  };
  for (size_t i = 0; i < headers_.size(); ++i) {
    if (dropped[i]) continue;
    kept_widths.push_back(widths[i]);
    kept_right.push_back(right_aligned_[i]);
  }
  if (kept_widths.empty()) return "";
  bool spanning = span_column_ < dropped.size() && dropped[span_column_];
  // The span line's text width: the grid's inner width.
  size_t span_width = 3 * (kept_widths.size() - 1);
  for (size_t width : kept_widths) span_width += width;

  std::string out = Border(kept_widths, "┌", "┬", "┐");
  out += RowLines(kept(headers_), {}, kept_widths, kept_right, true, false);
  out += Border(kept_widths, "├", "┼", "┤");
  bool after_span = false;
  for (size_t row = 0; row < rows_.size(); ++row) {
    if (row > 0 && (options.row_separators || spanning)) {
      out += after_span ? Border(kept_widths, "├", "┬", "┤") : Border(kept_widths, "├", "┼", "┤");
    }
    out += RowLines(kept(rows_[row]), kept(styles_[row]), kept_widths, kept_right, false,
                    options.color);
    after_span = false;
    if (!spanning || span_column_ >= rows_[row].size() || rows_[row][span_column_].empty())
      continue;
    out += Border(kept_widths, "├", "┴", "┤");
    out += RowLines({rows_[row][span_column_]}, {}, {span_width}, {false}, false, false);
    after_span = true;
  }
  out += after_span ? Border(kept_widths, "└", "─", "┘") : Border(kept_widths, "└", "┴", "┘");
  return out;
}

}  // namespace scry::report
