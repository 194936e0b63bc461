// Logging facade. Messages go to stderr (never stdout, which carries reports); spdlog stays
// inside log.cpp so that its compile cost is paid once.
#pragma once

#include <fmt/format.h>

#include <functional>
#include <string_view>

namespace scry::log {

enum class Level { kDebug, kInfo, kWarn, kError, kOff };

// Messages below `level` are dropped. Thread-safe; the default is kInfo.
void SetLevel(Level level);
bool Enabled(Level level);

// Writes one message (a line without trailing newline). Thread-safe.
void Write(Level level, std::string_view message);

// Replaces the stderr sink, e.g. to capture warnings in tests; an empty function restores stderr.
// Not thread-safe with concurrent Write(); call it before work starts.
using Sink = std::function<void(Level, std::string_view)>;
void SetSink(Sink sink);

// Called before each message goes to stderr (not to a sink), from the logging thread: a progress
// bar erases its line there so that the message starts on a clean one. Thread-safe callers only;
// set it before work starts and reset it (empty function) after, like SetSink.
void SetBeforeStderrWrite(std::function<void()> hook);

}  // namespace scry::log

#define SCRY_LOG(level, ...)                                 \
  do {                                                       \
    if (::scry::log::Enabled(level)) {                       \
      ::scry::log::Write(level, ::fmt::format(__VA_ARGS__)); \
    }                                                        \
  } while (0)
#define SCRY_LOG_DEBUG(...) SCRY_LOG(::scry::log::Level::kDebug, __VA_ARGS__)
#define SCRY_LOG_INFO(...) SCRY_LOG(::scry::log::Level::kInfo, __VA_ARGS__)
#define SCRY_LOG_WARN(...) SCRY_LOG(::scry::log::Level::kWarn, __VA_ARGS__)
#define SCRY_LOG_ERROR(...) SCRY_LOG(::scry::log::Level::kError, __VA_ARGS__)
