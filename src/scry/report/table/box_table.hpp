// A terminal table with box-drawing borders, the look of Trivy's tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scry::report {

class BoxTable {
 public:
  explicit BoxTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  // `cells` must have as many entries as there are headers.
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  // The table, each line ending in '\n'. Column widths count UTF-8 code points.
  std::string Render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// Display width of UTF-8 text in terminal columns (one per code point; wide characters are
// measured properly once the table gains wcwidth support).
size_t DisplayWidth(std::string_view text);

}  // namespace scry::report
