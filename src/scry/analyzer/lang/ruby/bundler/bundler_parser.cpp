#include "scry/analyzer/lang/ruby/bundler/bundler_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>

namespace scry::analyzer::lang::ruby {
namespace {

size_t LeadingSpaces(std::string_view line) {
  size_t count = 0;
  while (count < line.size() && line[count] == ' ') ++count;
  return count;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// "name (version)" or "name"; nullopt when neither.
struct NameAndParens {
  std::string_view name;
  std::string_view inside;  // empty without parentheses
};
std::optional<NameAndParens> SplitSpec(std::string_view text) {
  text = Trim(text);
  size_t space = text.find(' ');
  if (space == std::string_view::npos) {
    if (text.empty()) return std::nullopt;
    return NameAndParens{text, {}};
  }
  std::string_view rest = Trim(text.substr(space + 1));
  if (rest.size() < 2 || rest.front() != '(' || rest.back() != ')') return std::nullopt;
  return NameAndParens{text.substr(0, space), rest.substr(1, rest.size() - 2)};
}

}  // namespace

Result<GemfileLock> ParseGemfileLock(std::string_view content, std::string_view path) {
  if (content.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "{} holds binary data, not a Gemfile.lock", path);
  }
  GemfileLock lock;
  std::unordered_map<std::string, size_t> by_id;
  std::unordered_map<std::string, size_t> by_name;  // first version of each name
  std::vector<std::vector<std::string>> dependency_names;
  std::set<std::string> direct;
  std::string section;
  std::string remote;
  bool in_specs = false;
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t current = kNone;  // the spec whose dependencies follow
  size_t line_number = 0;
  size_t start = 0;
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) continue;
    size_t indent = LeadingSpaces(line);
    if (indent == 0) {
      section = std::string(Trim(line));
      remote.clear();
      in_specs = false;
      current = kNone;
      continue;
    }
    bool source_section =
        section == "GEM" || section == "GIT" || section == "PATH" || section == "PLUGIN SOURCE";
    std::string_view text = Trim(line);
    if (source_section && indent == 2) {
      in_specs = text == "specs:";
      if (text.starts_with("remote:")) remote = std::string(Trim(text.substr(7)));
      current = kNone;
      continue;
    }
    if (source_section && in_specs && indent == 4) {
      current = kNone;
      auto spec = SplitSpec(text);
      if (!spec || spec->inside.empty()) {
        lock.warnings.push_back(
            fmt::format("{}:{}: \"{}\" is not \"name (version)\"", path, line_number, text));
        continue;
      }
      model::Package package;
      package.name = std::string(spec->name);
      std::string_view version = spec->inside;
      size_t dash = version.find('-');
      if (dash != std::string_view::npos) {
        package.evidence["Platform"] = std::string(version.substr(dash + 1));
        version = version.substr(0, dash);
      }
      package.version = std::string(version);
      model::SetIdentity(package, "gem");
      if (section != "GEM" && !remote.empty()) package.evidence["Source"] = remote;
      auto [it, inserted] = by_id.emplace(package.id, lock.packages.size());
      if (!inserted) {
        current = it->second;  // another platform of the same gem: its dependencies count too
        continue;
      }
      by_name.emplace(package.name, lock.packages.size());
      current = lock.packages.size();
      lock.packages.push_back(std::move(package));
      dependency_names.emplace_back();
      continue;
    }
    if (source_section && in_specs && indent == 6 && current != kNone) {
      auto dependency = SplitSpec(text);
      if (!dependency) {
        lock.warnings.push_back(
            fmt::format("{}:{}: \"{}\" is not \"name [(requirement)]\"", path, line_number, text));
        continue;
      }
      dependency_names[current].emplace_back(dependency->name);
      continue;
    }
    if (section == "DEPENDENCIES" && indent == 2) {
      auto dependency = SplitSpec(text);
      if (!dependency) {
        lock.warnings.push_back(
            fmt::format("{}:{}: \"{}\" is not \"name [(requirement)]\"", path, line_number, text));
        continue;
      }
      std::string_view name = dependency->name;
      if (name.ends_with('!')) name.remove_suffix(1);  // from a GIT or PATH source
      direct.emplace(name);
      continue;
    }
    if (section == "BUNDLED WITH") lock.bundled_with = std::string(text);
    // PLATFORMS, RUBY VERSION, CHECKSUMS and unknown sections tell nothing about packages.
  }

  for (size_t i = 0; i < lock.packages.size(); ++i) {
    model::Package& package = lock.packages[i];
    package.relationship = direct.contains(package.name) ? model::Relationship::kDirect
                                                         : model::Relationship::kIndirect;
    for (const std::string& name : dependency_names[i]) {
      // Gems for other platforms and bundler itself are not always listed; Trivy skips them too.
      auto it = by_name.find(name);
      if (it != by_name.end()) package.depends_on.push_back(lock.packages[it->second].id);
    }
    std::sort(package.depends_on.begin(), package.depends_on.end());
    package.depends_on.erase(std::unique(package.depends_on.begin(), package.depends_on.end()),
                             package.depends_on.end());
  }
  return lock;
}

}  // namespace scry::analyzer::lang::ruby
