#include "scry/analyzer/pkg/apk/apk_parser.hpp"

#include <fmt/format.h>

#include <map>
#include <set>
#include <utility>

#include "scry/base/strings.hpp"

namespace scry::analyzer::pkg {
namespace {

struct Paragraph {
  size_t line = 0;
  model::Package package;
  std::vector<std::string> files;
  std::vector<std::string> depends;
  std::vector<std::string> provides;
  bool has_origin = false;
  bool empty() const { return line == 0; }
};

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t at = 0;
  while (at < text.size()) {
    size_t start = text.find_first_not_of(" \t", at);
    if (start == std::string_view::npos) break;
    size_t end = text.find_first_of(" \t", start);
    if (end == std::string_view::npos) end = text.size();
    words.push_back(text.substr(start, end - start));
    at = end;
  }
  return words;
}

// "so:libc.musl-x86_64.so.1", "musl>=1.2", "libcrypto3=3.1.4-r5" -> the name before the
// constraint.
std::string_view TrimConstraint(std::string_view requirement) {
  return requirement.substr(0, requirement.find_first_of("<>=~"));
}

std::vector<std::string> ParseLicense(std::string_view value) {
  std::vector<std::string> licenses;
  for (std::string_view word : Words(value)) {
    while (!word.empty() && (word.front() == '(' || word.front() == ')')) word.remove_prefix(1);
    while (!word.empty() && (word.back() == '(' || word.back() == ')')) word.remove_suffix(1);
    if (word.empty() || word == "AND" || word == "OR" || word == "WITH") continue;
    if (!licenses.empty() && (word == "1.0" || word == "2.0" || word == "3.0")) {
      licenses.back() += word;  // "MPL 2.0" is one licence
      continue;
    }
    licenses.emplace_back(word);
  }
  return licenses;
}

}  // namespace

Result<ApkInstalled> ParseApkInstalled(std::string_view content) {
  if (content.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "binary content (a NUL byte) in an apk installed file");
  }
  ApkInstalled installed;
  std::vector<Paragraph> paragraphs;
  Paragraph current;
  std::string directory;
  size_t line_number = 0;
  size_t key_lines = 0;
  size_t bad_lines = 0;
  std::string first_bad;
  auto finish = [&] {
    if (!current.empty()) paragraphs.push_back(std::move(current));
    current = Paragraph();
    directory.clear();
  };
  for (std::string_view line : strings::Split(content, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (strings::TrimSpace(line).empty()) {
      finish();
      continue;
    }
    if (line.size() < 2 || line[1] != ':') {
      if (bad_lines++ == 0) first_bad = fmt::format("line {}: not a \"X:value\" line", line_number);
      continue;
    }
    ++key_lines;
    if (current.empty()) current.line = line_number;
    std::string_view value = line.substr(2);
    model::Package& package = current.package;
    switch (line[0]) {
      case 'P':
        package.name = std::string(value);
        break;
      case 'V':
        package.version = std::string(value);
        break;
      case 'A':
        package.arch = std::string(value);
        break;
      case 'L':
        package.licenses = ParseLicense(value);
        break;
      case 'o':
        package.src_name = std::string(value);
        current.has_origin = true;
        break;
      case 'm':
        package.maintainer = std::string(value);
        break;
      case 'F':
        directory = std::string(value);
        while (!directory.empty() && directory.front() == '/') directory.erase(0, 1);
        while (!directory.empty() && directory.back() == '/') directory.pop_back();
        break;
      case 'R':
        while (!value.empty() && value.front() == '/') value.remove_prefix(1);
        if (value.empty()) break;
        current.files.push_back(directory.empty() ? std::string(value)
                                                  : directory + "/" + std::string(value));
        break;
      case 'D':
        for (std::string_view word : Words(value)) {
          if (word.starts_with('!')) continue;  // a conflict, not a dependency
          current.depends.emplace_back(TrimConstraint(word));
        }
        break;
      case 'p':
        for (std::string_view word : Words(value)) {
          current.provides.emplace_back(TrimConstraint(word));
        }
        break;
      default:
        break;
    }
  }
  finish();
  if (key_lines == 0 && bad_lines > 0) {
    return Fail(ErrorCode::kInvalidInput, "not an apk installed database: {}", first_bad);
  }
  if (bad_lines > 0) {
    installed.warnings.push_back(
        fmt::format("{} malformed lines skipped, first: {}", bad_lines, first_bad));
  }

  std::set<std::string> seen;
  std::vector<Paragraph*> kept;
  for (Paragraph& paragraph : paragraphs) {
    model::Package& package = paragraph.package;
    if (package.name.empty()) {
      installed.warnings.push_back(
          fmt::format("apk paragraph at line {} skipped: no P: (name) line", paragraph.line));
      continue;
    }
    if (!seen.insert(package.name).second) {
      installed.warnings.push_back(
          fmt::format("apk paragraph at line {} skipped: package {} is listed twice",
                      paragraph.line, package.name));
      continue;
    }
    if (package.version.empty()) {
      installed.warnings.push_back(
          fmt::format("package {} (line {}) has no version", package.name, paragraph.line));
    }
    if (paragraph.has_origin) package.src_version = package.version;
    model::SetOsPackageIdentity(package, "apk");
    kept.push_back(&paragraph);
  }

  // Dependencies name packages or what they provide (so:libc.musl-x86_64.so.1, cmd:sh).
  std::map<std::string, std::string> provider;
  for (const Paragraph* paragraph : kept) {
    provider.emplace(paragraph->package.name, paragraph->package.id);
  }
  for (const Paragraph* paragraph : kept) {
    for (const std::string& provided : paragraph->provides) {
      provider.emplace(provided, paragraph->package.id);
    }
  }
  for (Paragraph* paragraph : kept) {
    std::set<std::string> resolved;
    for (const std::string& dependency : paragraph->depends) {
      auto it = provider.find(dependency);
      if (it != provider.end() && it->second != paragraph->package.id) resolved.insert(it->second);
    }
    paragraph->package.depends_on.assign(resolved.begin(), resolved.end());
    if (!paragraph->files.empty()) {
      installed.installed_files.push_back(
          InstalledFiles{"", paragraph->package.name, std::move(paragraph->files)});
    }
    installed.packages.push_back(std::move(paragraph->package));
  }
  return installed;
}

}  // namespace scry::analyzer::pkg
