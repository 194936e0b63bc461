// A one-line progress bar on stderr for long downloads: redrawn in place with '\r', at most ten
// times a second, and only on a terminal (never into logs or pipes).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "scry/cli/options.hpp"
#include "scry/scan/scanner.hpp"

namespace scry::cli {

// True when stderr is a terminal and neither --quiet nor --no-progress was given.
bool ShouldShowProgress(const GlobalOptions& global);

// Not thread-safe: one thread draws. A disabled bar ignores every call.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  ~ProgressBar() { Clear(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Starts a new task, e.g. "Go: downloading", and draws it without numbers.
  void Start(std::string label);
  // Bytes (the default) or a plain count ("12 / 340").
  void CountItems(bool items) { items_ = items; }
  // Changes the label without drawing (the next Update shows it).
  void SetLabel(std::string label) { label_ = std::move(label); }
  // Bytes done of `total` (0 when unknown: no percentage). Throttled to 10 Hz; completion (or
  // `force`) is always drawn.
  void Update(uint64_t done, uint64_t total, bool force = false);
  // Erases the line, so that log lines start on a clean one.
  void Clear();

 private:
  void Draw();
  std::string Amount(uint64_t value) const;

  bool enabled_;
  bool items_ = false;
  bool drawn_ = false;
  std::string label_;
  uint64_t done_ = 0;
  uint64_t total_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
};

// A scan's progress on one line of stderr: "Analysing files [###---] 40% 123 / 300" for file
// systems, "Analysing layers 2/4, 120.3 MiB read, 57 files" for images. Update is thread-safe
// (the analysing threads call it); it draws at most ten times a second, and a disabled line
// only keeps the last numbers (for the --debug summary).
class ScanProgressLine {
 public:
  // An enabled line erases itself before each log message (log::SetBeforeStderrWrite) until it
  // is destroyed; construct it before the scan's threads start.
  explicit ScanProgressLine(bool enabled);
  ~ScanProgressLine();
  ScanProgressLine(const ScanProgressLine&) = delete;
  ScanProgressLine& operator=(const ScanProgressLine&) = delete;
  void Update(const scan::ScanProgress& progress);
  // Erases the line; later updates (a --follow-source scan) draw it again.
  void Clear();
  scan::ScanProgress Last();

 private:
  std::mutex mutex_;
  bool enabled_;
  ProgressBar bar_;
  scan::ScanProgress last_;
};

// Columns of the terminal on `fd`: TIOCGWINSZ, else $COLUMNS, else nullopt (not a terminal).
std::optional<size_t> TerminalColumns(int fd);

// Whether colour may be used on a terminal: not when NO_COLOR is set (no-color.org) or
// TERM=dumb.
bool ColorAllowed();

// "12.3 MiB", "512 B": sizes as the bar and summaries print them.
std::string HumanBytes(uint64_t bytes);

}  // namespace scry::cli
