// Fuzzes what the table report does to untrusted text (advisory titles, file paths): the result
// holds no control byte and is valid UTF-8, and wrapping keeps every line within its width.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scry/report/table/box_table.hpp"
#include "scry/report/table/terminal_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t width = 2 + data[0] % 60;  // a wide character needs 2 columns
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string safe = scry::report::TerminalSafe(text);
  for (char c : safe) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) __builtin_trap();
  }
  // Valid UTF-8: making it safe again changes nothing.
  if (scry::report::TerminalSafe(safe) != safe) __builtin_trap();
  for (const auto& line : scry::report::WrapText(safe, width)) {
    if (scry::report::DisplayWidth(line) > width) __builtin_trap();
  }
  scry::report::BoxTable table({"A", "Title"});
  table.AddRow({std::string(text), std::string(text)}, {"1", "31"});
  table.PreferShrinking(1, 20);
  table.SpanWhenNarrow(1);
  (void)table.Render({.max_width = width + 10, .color = true, .row_separators = true});
  return 0;
}
