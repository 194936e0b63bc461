#include "scry/base/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>

namespace scry::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};
Sink g_sink;
std::function<void()> g_before_stderr_write;

spdlog::level::level_enum ToSpdlog(Level level) {
  switch (level) {
    case Level::kDebug:
      return spdlog::level::debug;
    case Level::kInfo:
      return spdlog::level::info;
    case Level::kWarn:
      return spdlog::level::warn;
    case Level::kError:
      return spdlog::level::err;
    case Level::kOff:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

spdlog::logger& StderrLogger() {
  // Built on first use rather than at static-initialisation time; the pattern follows Trivy's
  // "2024-05-01T12:00:00Z	WARN	message" lines so that log scrapers keep working.
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto created = spdlog::stderr_color_mt("scry");
    created->set_pattern("%Y-%m-%dT%H:%M:%S%z\t%^%L%$\t%v");
    created->set_level(spdlog::level::trace);
    return created;
  }();
  return *logger;
}

}  // namespace

void SetLevel(Level level) { g_level.store(level, std::memory_order_relaxed); }

bool Enabled(Level level) {
  return level != Level::kOff && level >= g_level.load(std::memory_order_relaxed);
}

void Write(Level level, std::string_view message) {
  if (g_sink) {
    g_sink(level, message);
    return;
  }
  if (g_before_stderr_write) g_before_stderr_write();
  StderrLogger().log(ToSpdlog(level), message);
}

void SetSink(Sink sink) { g_sink = std::move(sink); }

void SetBeforeStderrWrite(std::function<void()> hook) { g_before_stderr_write = std::move(hook); }

}  // namespace scry::log
