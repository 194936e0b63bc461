// A one-line progress bar on stderr for long downloads: redrawn in place with '\r', at most ten
// times a second, and only on a terminal (never into logs or pipes).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "scry/cli/options.hpp"

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
  // Bytes done of `total` (0 when unknown: no percentage). Throttled to 10 Hz; completion is
  // always drawn.
  void Update(uint64_t done, uint64_t total);
  // Erases the line, so that log lines start on a clean one.
  void Clear();

 private:
  void Draw();

  bool enabled_;
  bool drawn_ = false;
  std::string label_;
  uint64_t done_ = 0;
  uint64_t total_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
};

// "12.3 MiB", "512 B": sizes as the bar and summaries print them.
std::string HumanBytes(uint64_t bytes);

}  // namespace scry::cli
