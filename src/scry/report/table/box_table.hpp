// A terminal table with box-drawing borders, the look of Trivy's tables, that fits a width: cells
// wrap, and the widest columns give way first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scry/report/table/terminal_text.hpp"

namespace scry::report {

struct BoxTableOptions {
  // Columns the whole table may take, borders included; 0: no limit (cells never wrap).
  size_t max_width = 0;
  // Emit each cell's SGR style (AddRow's `styles`); off: plain text only.
  bool color = false;
  // A border line between rows, so that wrapped rows stay apart.
  bool row_separators = false;
};

class BoxTable {
 public:
  explicit BoxTable(std::vector<std::string> headers);
  // `cells` must have as many entries as there are headers; '\n' in a cell starts a new line.
  // Text goes through TerminalSafe. `styles`, if given, holds one SGR parameter string per cell
  // ("1;31"; "" for none).
  void AddRow(std::vector<std::string> cells, std::vector<std::string> styles = {});
  // Before other columns shrink below their natural width, `column` may shrink to `width` (the
  // column whose wrapping costs least, e.g. a title). Without a call a column shrinks only when
  // every preferred column has reached its floor.
  void PreferShrinking(size_t column, size_t width);
  // The narrowest `column` becomes before the last resort (cutting header words); defaults to its
  // header's longest word. Use it to keep identifiers whole.
  void SetMinimumWidth(size_t column, size_t width);
  // When the table fits its width only with `column` narrower than its PreferShrinking floor, that
  // column leaves the grid: its text is shown on a line of its own across the whole table under
  // each row (a title that stays readable on an 80-column terminal).
  void SpanWhenNarrow(size_t column);
  // Cells of `column` are aligned right (counts), not left.
  void AlignRight(size_t column);
  // The table, each line ending in '\n'. Deterministic for the same rows and options.
  std::string Render(const BoxTableOptions& options = {}) const;

 private:
  std::vector<size_t> ColumnWidths(size_t max_width, const std::vector<bool>& dropped) const;

  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::vector<std::string>> styles_;
  std::vector<size_t> preferred_floor_;  // SIZE_MAX: not preferred
  std::vector<size_t> minimum_;
  std::vector<bool> right_aligned_;
  size_t span_column_ = SIZE_MAX;
};

}  // namespace scry::report
