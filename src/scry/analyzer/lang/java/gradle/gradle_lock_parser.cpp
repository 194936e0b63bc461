#include "scry/analyzer/lang/java/gradle/gradle_lock_parser.hpp"

#include <cctype>

namespace scry::analyzer::lang::java {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

bool IsTestConfiguration(std::string_view name) {
  return name.starts_with("test") || name.find("UnitTest") != std::string_view::npos ||
         name.find("AndroidTest") != std::string_view::npos;
}

}  // namespace

Result<ParsedPackages> ParseGradleLockfile(std::string_view content) {
  if (content.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "binary content (NUL byte), not a gradle.lockfile");
  }
  ParsedPackages out;
  size_t line_number = 0;
  while (!content.empty()) {
    size_t end = content.find('\n');
    std::string_view line = Trim(content.substr(0, end));
    content.remove_prefix(end == std::string_view::npos ? content.size() : end + 1);
    ++line_number;
    if (line.empty() || line.front() == '#' || line.starts_with("empty=")) continue;
    size_t equals = line.find('=');
    std::string_view coordinates = line.substr(0, equals);
    std::string_view configurations =
        equals == std::string_view::npos ? std::string_view() : line.substr(equals + 1);
    size_t first = coordinates.find(':');
    size_t second = first == std::string_view::npos ? first : coordinates.find(':', first + 1);
    if (second == std::string_view::npos ||
        coordinates.find(':', second + 1) != std::string_view::npos || first == 0 ||
        second == first + 1 || second + 1 == coordinates.size()) {
      out.warnings.push_back(
          fmt::format("line {}: not group:artifact:version=configurations", line_number));
      continue;
    }
    model::Package package;
    package.name = std::string(coordinates.substr(0, second));
    package.version = std::string(coordinates.substr(second + 1));
    bool all_test = !configurations.empty();
    while (!configurations.empty()) {
      size_t comma = configurations.find(',');
      std::string_view name = Trim(configurations.substr(0, comma));
      configurations.remove_prefix(comma == std::string_view::npos ? configurations.size()
                                                                   : comma + 1);
      if (!name.empty() && !IsTestConfiguration(name)) all_test = false;
    }
    package.dev = all_test;
    model::SetIdentity(package, "maven");
    out.packages.push_back(std::move(package));
  }
  return out;
}

}  // namespace scry::analyzer::lang::java
