#include "scry/cli/progress.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace scry::cli {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
constexpr size_t kDefaultColumns = 80;
constexpr size_t kBarWidth = 30;

size_t TerminalColumns() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return kDefaultColumns;
}

}  // namespace

bool ShouldShowProgress(const GlobalOptions& global) {
  return !global.quiet && !global.no_progress && ::isatty(STDERR_FILENO) == 1;
}

std::string HumanBytes(uint64_t bytes) {
  if (bytes >= (1ULL << 30)) {
    return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / static_cast<double>(1ULL << 30));
  }
  if (bytes >= (1u << 20)) {
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20));
  }
  if (bytes >= (1u << 10)) {
    return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / (1 << 10));
  }
  return fmt::format("{} B", bytes);
}

void ProgressBar::Start(std::string label) {
  if (!enabled_) return;
  label_ = std::move(label);
  done_ = 0;
  total_ = 0;
  Draw();
}

void ProgressBar::Update(uint64_t done, uint64_t total) {
  if (!enabled_) return;
  done_ = done;
  total_ = total;
  bool complete = total > 0 && done >= total;
  if (!complete && std::chrono::steady_clock::now() - last_draw_ < kRedrawInterval) return;
  Draw();
}

void ProgressBar::Clear() {
  if (!enabled_ || !drawn_) return;
  // Carriage return, then erase to the end of the line.
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

void ProgressBar::Draw() {
  last_draw_ = std::chrono::steady_clock::now();
  std::string numbers;
  if (total_ > 0) {
    uint64_t done = std::min(done_, total_);
    double fraction = static_cast<double>(done) / static_cast<double>(total_);
    auto filled = static_cast<size_t>(fraction * kBarWidth);
    numbers = fmt::format(" [{}{}] {:3d}% {} / {}", std::string(filled, '#'),
                          std::string(kBarWidth - filled, '-'), static_cast<int>(fraction * 100),
                          HumanBytes(done), HumanBytes(total_));
  } else if (done_ > 0) {
    numbers = " " + HumanBytes(done_);
  }
  std::string line = label_ + numbers;
  size_t columns = TerminalColumns();
  // Never wrap: a wrapped line cannot be redrawn with '\r'.
  if (columns > 1 && line.size() >= columns) line.resize(columns - 1);
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace scry::cli
