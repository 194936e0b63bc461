// Reading a lockfile or manifest for a JVM/.NET analyzer: the size limit, then the bytes.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "scry/analyzer/analyzer.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang {

// The file's bytes, or kLimitExceeded naming the file when it is larger than kMaxLockfileSize.
inline Result<std::shared_ptr<const ByteSource>> OpenLockfile(const AnalysisInput& input) {
  if (input.file.size > limits::kMaxLockfileSize) {
    return Fail(ErrorCode::kLimitExceeded, "{} is larger than the {} byte limit for lockfiles",
                input.file.path, limits::kMaxLockfileSize);
  }
  SCRY_TRY(auto source, input.open());
  if (source->bytes().size() > limits::kMaxLockfileSize) {
    return Fail(ErrorCode::kLimitExceeded, "{} is larger than the {} byte limit for lockfiles",
                input.file.path, limits::kMaxLockfileSize);
  }
  return source;
}

inline std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// One application of `type` for the lockfile, or none when it lists no packages.
inline AnalysisResult LockfileResult(const AnalysisInput& input, std::string type,
                                     std::vector<model::Package> packages,
                                     std::vector<std::string> warnings) {
  AnalysisResult result;
  for (std::string& warning : warnings) {
    result.warnings.push_back(fmt::format("{}: {}", input.file.path, warning));
  }
  if (!packages.empty()) {
    model::Application application;
    application.type = std::move(type);
    application.file_path = input.file.path;
    application.packages = std::move(packages);
    result.applications.push_back(std::move(application));
  }
  return result;
}

}  // namespace scry::analyzer::lang
