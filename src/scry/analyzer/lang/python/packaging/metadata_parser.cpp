#include "scry/analyzer/lang/python/packaging/metadata_parser.hpp"

#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::python {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

}  // namespace

Result<DistributionMetadata> ParseDistributionMetadata(std::string_view content) {
  if (content.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "metadata holds a NUL byte: not text");
  }
  std::string name;
  std::string version;
  std::string license_expression;
  std::string license;
  bool license_multiline = false;
  std::vector<std::string> classifier_licenses;
  std::string* last = nullptr;  // the field a continuation line extends
  size_t pos = 0;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) break;  // the headers end; the description follows
    if (line.front() == ' ' || line.front() == '\t') {
      if (last == &license) license_multiline = true;
      continue;
    }
    last = nullptr;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view key = line.substr(0, colon);
    std::string_view value = Trim(line.substr(colon + 1));
    if (EqualsIgnoreCase(key, "Name") && name.empty()) {
      name = std::string(value);
    } else if (EqualsIgnoreCase(key, "Version") && version.empty()) {
      version = std::string(value);
    } else if (EqualsIgnoreCase(key, "License-Expression")) {
      license_expression = std::string(value);
    } else if (EqualsIgnoreCase(key, "License")) {
      license = std::string(value);
      last = &license;
    } else if (EqualsIgnoreCase(key, "Classifier") && value.starts_with("License ::")) {
      size_t sep = value.rfind("::");
      std::string_view last_part = Trim(value.substr(sep + 2));
      // "License :: OSI Approved" alone names no licence.
      if (!last_part.empty() && last_part != "OSI Approved") {
        classifier_licenses.emplace_back(last_part);
      }
    }
  }
  if (name.empty()) return Fail(ErrorCode::kInvalidInput, "metadata has no Name field");
  if (version.empty()) {
    return Fail(ErrorCode::kInvalidInput, "metadata of '{}' has no Version field", name);
  }
  if (version.size() > limits::kMaxVersionLength) {
    return Fail(ErrorCode::kInvalidInput, "metadata of '{}' has a version longer than {} bytes",
                name, limits::kMaxVersionLength);
  }
  DistributionMetadata out;
  model::Package& package = out.package;
  package.name = std::move(name);
  package.version = std::move(version);
  if (!license_expression.empty()) {
    package.licenses.push_back(std::move(license_expression));
  } else if (!license.empty() && !license_multiline && license != "UNKNOWN" &&
             license.size() <= 256) {
    package.licenses.push_back(std::move(license));
  } else {
    package.licenses = std::move(classifier_licenses);
  }
  model::SetIdentity(package, "pypi");
  return out;
}

}  // namespace scry::analyzer::lang::python
