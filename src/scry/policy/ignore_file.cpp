#include "scry/policy/ignore_file.hpp"

#include <fmt/format.h>

#include "scry/base/strings.hpp"
#include "scry/formats/yaml.hpp"

namespace scry::policy {
namespace {

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

// YAML timestamps may carry a time ("2024-05-01T00:00:00Z"); the day is what counts.
std::string_view DatePart(std::string_view value) {
  value = strings::TrimSpace(value);
  if (value.size() > 10 && (value[10] == 'T' || value[10] == 't' || value[10] == ' ')) {
    value = value.substr(0, 10);
  }
  return value;
}

std::vector<std::string> ScalarList(const formats::yaml::Node* node) {
  std::vector<std::string> out;
  if (node == nullptr) return out;
  if (node->kind == formats::yaml::Node::Kind::kScalar) {
    out.push_back(node->scalar);
    return out;
  }
  for (const auto& item : node->items) {
    if (item.kind == formats::yaml::Node::Kind::kScalar) out.push_back(item.scalar);
  }
  return out;
}

}  // namespace

bool IsYamlIgnoreFile(std::string_view file_name) {
  return strings::EndsWithIgnoreCase(file_name, ".yaml") ||
         strings::EndsWithIgnoreCase(file_name, ".yml");
}

bool IsIsoDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  if (!AllDigits(date.substr(0, 4)) || !AllDigits(date.substr(5, 2)) ||
      !AllDigits(date.substr(8, 2))) {
    return false;
  }
  int year = std::stoi(std::string(date.substr(0, 4)));
  int month = std::stoi(std::string(date.substr(5, 2)));
  int day = std::stoi(std::string(date.substr(8, 2)));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

Result<IgnoreFile> ParsePlainIgnoreFile(std::string_view text) {
  if (text.size() > kMaxIgnoreFileSize) {
    return Fail(ErrorCode::kLimitExceeded, "ignore file larger than {} bytes", kMaxIgnoreFileSize);
  }
  IgnoreFile out;
  size_t line_number = 0;
  for (std::string_view line : strings::Split(text, '\n')) {
    ++line_number;
    line = strings::TrimSpace(line);
    if (line.empty() || line.front() == '#') continue;
    IgnoreRule rule;
    rule.line = line_number;
    size_t field = 0;
    size_t start = 0;
    while (start < line.size()) {
      size_t end = line.find_first_of(" \t", start);
      if (end == std::string_view::npos) end = line.size();
      std::string_view word = line.substr(start, end - start);
      start = end + 1;
      if (word.empty()) continue;
      if (word.front() == '#') break;  // a trailing comment
      if (field++ == 0) {
        rule.id = std::string(word);
      } else if (word.substr(0, 4) == "exp:") {
        std::string_view date = word.substr(4);
        if (!IsIsoDate(date)) {
          return Fail(ErrorCode::kInvalidInput,
                      "line {}: expiry \"{}\" is not a date written exp:YYYY-MM-DD", line_number,
                      word);
        }
        rule.expires = std::string(date);
      }
      // Other fields are left for future syntax, as Trivy does.
    }
    if (out.vulnerabilities.size() >= kMaxIgnoreRules) {
      return Fail(ErrorCode::kLimitExceeded, "ignore file has more than {} rules", kMaxIgnoreRules);
    }
    out.vulnerabilities.push_back(std::move(rule));
  }
  return out;
}

Result<IgnoreFile> ParseYamlIgnoreFile(std::string_view text) {
  if (text.size() > kMaxIgnoreFileSize) {
    return Fail(ErrorCode::kLimitExceeded, "ignore file larger than {} bytes", kMaxIgnoreFileSize);
  }
  SCRY_TRY(auto document, formats::yaml::Parse(text));
  IgnoreFile out;
  if (document.IsNull()) return out;
  if (document.kind != formats::yaml::Node::Kind::kMapping) {
    return Fail(ErrorCode::kInvalidInput,
                "line {}: an ignore file is a mapping of sections (vulnerabilities, "
                "misconfigurations, secrets, licenses)",
                document.line);
  }
  size_t count = 0;
  for (const auto& [section, entries] : document.entries) {
    if (entries.IsNull()) continue;
    if (entries.kind != formats::yaml::Node::Kind::kSequence) {
      return Fail(ErrorCode::kInvalidInput, "line {}: section {} must be a list of entries",
                  entries.line, section);
    }
    std::vector<IgnoreRule>& rules =
        section == "vulnerabilities" ? out.vulnerabilities : out.others;
    for (const auto& entry : entries.items) {
      if (entry.kind != formats::yaml::Node::Kind::kMapping) {
        return Fail(ErrorCode::kInvalidInput, "line {}: an entry of {} must be a mapping",
                    entry.line, section);
      }
      const formats::yaml::Node* id = entry.Find("id");
      if (id == nullptr || id->kind != formats::yaml::Node::Kind::kScalar || id->scalar.empty()) {
        return Fail(ErrorCode::kInvalidInput, "line {}: an entry of {} has no id", entry.line,
                    section);
      }
      IgnoreRule rule;
      rule.id = std::string(strings::TrimSpace(id->scalar));
      rule.line = entry.line;
      rule.paths = ScalarList(entry.Find("paths"));
      rule.purls = ScalarList(entry.Find("purls"));
      if (const auto* statement = entry.Find("statement");
          statement != nullptr && statement->kind == formats::yaml::Node::Kind::kScalar) {
        rule.statement = statement->scalar;
      }
      if (const auto* expired = entry.Find("expired_at");
          expired != nullptr && !expired->IsNull()) {
        std::string_view date = DatePart(expired->scalar);
        if (expired->kind != formats::yaml::Node::Kind::kScalar || !IsIsoDate(date)) {
          return Fail(ErrorCode::kInvalidInput,
                      "line {}: expired_at of {} is not a date written YYYY-MM-DD", expired->line,
                      rule.id);
        }
        rule.expires = std::string(date);
      }
      if (++count > kMaxIgnoreRules) {
        return Fail(ErrorCode::kLimitExceeded, "ignore file has more than {} rules",
                    kMaxIgnoreRules);
      }
      rules.push_back(std::move(rule));
    }
  }
  return out;
}

}  // namespace scry::policy
