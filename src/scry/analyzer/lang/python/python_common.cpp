#include "scry/analyzer/lang/python/python_common.hpp"

#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::python {

std::string NormalizeName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool separator = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      separator = true;
      continue;
    }
    if (separator && !out.empty()) out.push_back('-');
    separator = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

std::string_view LeadingName(std::string_view text) {
  // PEP 508: identifier = letterOrDigit ( (letterOrDigit | [-_.])* letterOrDigit )?
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  size_t end = 0;
  size_t last_alnum = 0;
  while (end < text.size() &&
         (alnum(text[end]) || text[end] == '-' || text[end] == '_' || text[end] == '.')) {
    if (alnum(text[end])) last_alnum = end + 1;
    ++end;
  }
  if (end == 0 || !alnum(text[0])) return {};
  return text.substr(0, last_alnum);
}

Result<std::shared_ptr<const ByteSource>> ReadLockfile(const AnalysisInput& input) {
  const std::string& path = input.file.path;
  auto too_large = [&path] {
    return Fail(ErrorCode::kLimitExceeded, "{} is larger than the {} MiB allowed for a lockfile",
                path, limits::kMaxLockfileSize >> 20);
  };
  if (input.file.size > limits::kMaxLockfileSize) return too_large();
  auto source = input.open();
  if (!source) return tl::unexpected(std::move(source).error().Wrap("read " + path));
  if ((*source)->bytes().size() > limits::kMaxLockfileSize) return too_large();
  return source;
}

}  // namespace scry::analyzer::lang::python
