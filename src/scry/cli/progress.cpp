#include "scry/cli/progress.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "scry/base/log.hpp"

namespace scry::cli {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
constexpr size_t kDefaultColumns = 80;
constexpr size_t kBarWidth = 30;

size_t StderrColumns() { return TerminalColumns(STDERR_FILENO).value_or(kDefaultColumns); }

}  // namespace

std::optional<size_t> TerminalColumns(int fd) {
  if (::isatty(fd) != 1) return std::nullopt;
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr) {
    size_t value = 0;
    auto [end, error] = std::from_chars(columns, columns + std::strlen(columns), value);
    if (error == std::errc() && *end == '\0' && value > 0) return value;
  }
  return kDefaultColumns;
}

bool ColorAllowed() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

ScanProgressLine::ScanProgressLine(bool enabled) : enabled_(enabled), bar_(enabled) {
  if (enabled_) log::SetBeforeStderrWrite([this] { Clear(); });
}

ScanProgressLine::~ScanProgressLine() {
  if (enabled_) log::SetBeforeStderrWrite({});
}

void ScanProgressLine::Update(const scan::ScanProgress& progress) {
  std::lock_guard lock(mutex_);
  // Counters are read one by one by concurrent threads: keep the furthest of each.
  last_.files_done = std::max(last_.files_done, progress.files_done);
  last_.files_total = progress.files_total;
  last_.layers_done = std::max(last_.layers_done, progress.layers_done);
  last_.layers_total = progress.layers_total;
  last_.bytes_read = std::max(last_.bytes_read, progress.bytes_read);
  if (last_.layers_total > 0) {
    bar_.CountItems(false);
    bar_.SetLabel(fmt::format("Analysing layers {}/{}, {} files", last_.layers_done,
                              last_.layers_total, last_.files_done));
    bar_.Update(last_.bytes_read, 0, last_.layers_done >= last_.layers_total);
  } else {
    bar_.CountItems(true);
    bar_.SetLabel("Analysing files");
    bar_.Update(last_.files_done, last_.files_total);
  }
}

void ScanProgressLine::Clear() {
  std::lock_guard lock(mutex_);
  bar_.Clear();
}

scan::ScanProgress ScanProgressLine::Last() {
  std::lock_guard lock(mutex_);
  return last_;
}

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

void ProgressBar::Update(uint64_t done, uint64_t total, bool force) {
  if (!enabled_) return;
  done_ = done;
  total_ = total;
  bool complete = force || (total > 0 && done >= total);
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

std::string ProgressBar::Amount(uint64_t value) const {
  return items_ ? std::to_string(value) : HumanBytes(value);
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
                          Amount(done), Amount(total_));
  } else if (done_ > 0) {
    numbers = ", " + Amount(done_) + (items_ ? "" : " read");
  }
  std::string line = label_ + numbers;
  size_t columns = StderrColumns();
  // Never wrap: a wrapped line cannot be redrawn with '\r'.
  if (columns > 1 && line.size() >= columns) line.resize(columns - 1);
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace scry::cli
