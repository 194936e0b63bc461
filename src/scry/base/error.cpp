#include "scry/base/error.hpp"

#include <cstdio>
#include <cstdlib>

namespace scry {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return "invalid input";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kIo:
      return "I/O error";
    case ErrorCode::kNetwork:
      return "network error";
    case ErrorCode::kAuth:
      return "authentication error";
    case ErrorCode::kLimitExceeded:
      return "limit exceeded";
    case ErrorCode::kTimeout:
      return "timeout";
    case ErrorCode::kCancelled:
      return "cancelled";
    case ErrorCode::kInternal:
      return "internal error";
  }
  return "unknown error";
}

std::string Error::ToString() const {
  std::string out;
  for (auto it = context_.rbegin(); it != context_.rend(); ++it) {
    out += *it;
    out += ": ";
  }
  out += message_;
  return out;
}

#ifndef NDEBUG
void AssertionFailed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "scry: internal assertion failed: %s (%s:%d)\n", condition, file, line);
  std::abort();
}
#endif

}  // namespace scry
