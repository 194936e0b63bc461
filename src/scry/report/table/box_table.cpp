#include "scry/report/table/box_table.hpp"

#include <algorithm>

namespace scry::report {
namespace {

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

std::string Line(const std::vector<std::string>& cells, const std::vector<size_t>& widths,
                 bool centered) {
  std::string line = "│";
  for (size_t i = 0; i < widths.size(); ++i) {
    const std::string& cell = i < cells.size() ? cells[i] : std::string();
    size_t padding = widths[i] - DisplayWidth(cell);
    size_t before = centered ? padding / 2 : 0;
    line += " " + std::string(before, ' ') + cell + std::string(padding - before, ' ') + " │";
  }
  line += '\n';
  return line;
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++width;
  }
  return width;
}

std::string BoxTable::Render() const {
  std::vector<size_t> widths(headers_.size());
  for (size_t i = 0; i < headers_.size(); ++i) widths[i] = DisplayWidth(headers_[i]);
  for (const auto& row : rows_) {
    for (size_t i = 0; i < widths.size() && i < row.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }
  std::string out = Border(widths, "┌", "┬", "┐");
  out += Line(headers_, widths, true);
  out += Border(widths, "├", "┼", "┤");
  for (const auto& row : rows_) out += Line(row, widths, false);
  out += Border(widths, "└", "┴", "┘");
  return out;
}

}  // namespace scry::report
