// Error model: every failure that input can cause is returned as Result<T>, never thrown.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

namespace scry {

// What went wrong, coarse enough for policy decisions (skip a file, abort the scan, exit code).
enum class ErrorCode {
  kInvalidInput,   // malformed or corrupt input; the scan goes on without that file
  kUnsupported,    // well-formed but a format or variant scry does not read
  kNotFound,       // a file, target or record does not exist
  kIo,             // the operating system refused a read or write
  kNetwork,        // a remote endpoint could not be reached
  kAuth,           // credentials missing or rejected
  kLimitExceeded,  // input exceeds a safety limit of base/limits.hpp
  kTimeout,        // --timeout elapsed
  kCancelled,      // the user interrupted the scan
  kInternal,       // a bug in scry
};

// Stable lower-case name of `code`, e.g. "invalid input".
std::string_view ErrorCodeName(ErrorCode code);

// An error with a message and the context added while it propagated outwards.
// ToString() reads outermost first: "analyze usr/bin/app: read ELF: section 3 past end of file".
class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  // The innermost message, without context.
  const std::string& message() const { return message_; }

  // Adds an outer context (what was being done when the error happened).
  Error& Wrap(std::string context) & {
    context_.push_back(std::move(context));
    return *this;
  }
  Error&& Wrap(std::string context) && {
    context_.push_back(std::move(context));
    return std::move(*this);
  }

  std::string ToString() const;

 private:
  ErrorCode code_;
  std::string message_;
  std::vector<std::string> context_;  // innermost first
};

template <class T>
using Result = tl::expected<T, Error>;
// The result of an operation that yields nothing but may fail.
using Status = Result<void>;

inline tl::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error(code, std::move(message)));
}

template <class... Args>
tl::unexpected<Error> Fail(ErrorCode code, fmt::format_string<Args...> format, Args&&... args) {
  return Fail(code, fmt::format(format, std::forward<Args>(args)...));
}

inline Status Ok() { return {}; }

}  // namespace scry

#define SCRY_CONCAT_INNER(a, b) a##b
#define SCRY_CONCAT(a, b) SCRY_CONCAT_INNER(a, b)

// SCRY_TRY(auto value, Expr()) declares `value` from a Result, or returns its error from the
// enclosing function (which must return a Result of any type). It expands to several statements:
// use it only where a declaration may stand (never as the body of an unbraced if or loop).
#define SCRY_TRY(decl, expr) SCRY_TRY_IMPL(SCRY_CONCAT(scry_try_, __COUNTER__), decl, expr)
#define SCRY_TRY_IMPL(tmp, decl, expr)                       \
  auto tmp = (expr);                                         \
  if (!tmp) return ::tl::unexpected(std::move(tmp).error()); \
  decl = std::move(*tmp)

// SCRY_CHECK(Expr()) returns the error of a Status (or any Result) from the enclosing function.
#define SCRY_CHECK(expr) SCRY_CHECK_IMPL(SCRY_CONCAT(scry_check_, __COUNTER__), expr)
#define SCRY_CHECK_IMPL(tmp, expr)                             \
  do {                                                         \
    auto tmp = (expr);                                         \
    if (!tmp) return ::tl::unexpected(std::move(tmp).error()); \
  } while (0)

// Programmer errors only, never reachable from input (DuckDB's D_ASSERT): checked in debug and
// sanitizer builds, compiled out in release builds.
#ifdef NDEBUG
#define SCRY_ASSERT(cond) ((void)sizeof(cond))
#else
#define SCRY_ASSERT(cond) ((cond) ? (void)0 : ::scry::AssertionFailed(#cond, __FILE__, __LINE__))
namespace scry {
[[noreturn]] void AssertionFailed(const char* condition, const char* file, int line);
}
#endif
