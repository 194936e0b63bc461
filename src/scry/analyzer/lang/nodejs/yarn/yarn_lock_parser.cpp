#include "scry/analyzer/lang/nodejs/yarn/yarn_lock_parser.hpp"

#include <fmt/format.h>

#include <deque>
#include <map>
#include <set>

#include "scry/analyzer/lang/nodejs/nodejs_common.hpp"
#include "scry/base/limits.hpp"
#include "scry/base/strings.hpp"
#include "scry/formats/yaml.hpp"

namespace scry::analyzer::lang::nodejs {
namespace {

// One lockfile entry before it becomes a package.
struct RawEntry {
  std::vector<std::string> patterns;
  std::string version;
  std::string resolution;                                         // berry: "lodash@npm:4.17.20"
  std::vector<std::pair<std::string, std::string>> dependencies;  // name, range
  size_t line = 0;
};

// "a@^1" -> {"a", "^1"}; "@s/a@npm:1" -> {"@s/a", "npm:1"}.
std::pair<std::string_view, std::string_view> SplitPattern(std::string_view pattern) {
  size_t at = pattern.find('@', 1);
  if (at == std::string_view::npos) return {pattern, {}};
  return {pattern.substr(0, at), pattern.substr(at + 1)};
}

// Classic format tokens: a JSON-style quoted string or a bare word ending at a space, ',' or ':'.
class LineTokens {
 public:
  explicit LineTokens(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void Skip(char c) {
    while (!AtEnd() && text_[pos_] == c) ++pos_;
  }
  std::string_view Rest() const { return text_.substr(std::min(pos_, text_.size())); }

  std::optional<std::string> Token() {
    std::string out;
    if (Peek() == '"') {
      ++pos_;
      while (!AtEnd() && text_[pos_] != '"') {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
        out += text_[pos_++];
      }
      if (AtEnd()) return std::nullopt;  // unterminated
      ++pos_;
      return out;
    }
    while (!AtEnd() && text_[pos_] != ' ' && text_[pos_] != ',' && text_[pos_] != ':') {
      out += text_[pos_++];
    }
    if (out.empty()) return std::nullopt;
    return out;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

Result<std::vector<RawEntry>> ParseClassic(std::string_view content) {
  std::vector<RawEntry> entries;
  std::string block;  // the indent-2 key whose indent-4 lines follow
  size_t line_number = 0;
  for (std::string_view line : strings::Split(content, '\n')) {
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!strings::IsPrintableUtf8(line)) {
      return Fail(ErrorCode::kInvalidInput, "line {}: not text", line_number);
    }
    size_t indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos || line[indent] == '#') continue;
    std::string_view text = line.substr(indent);
    auto bad = [line_number](std::string_view why) {
      return Fail(ErrorCode::kInvalidInput, "line {}: {}", line_number, why);
    };
    if (indent == 0) {
      if (!text.ends_with(':')) return bad("an entry header does not end with ':'");
      RawEntry entry;
      entry.line = line_number;
      LineTokens tokens(text.substr(0, text.size() - 1));
      while (!tokens.AtEnd()) {
        auto pattern = tokens.Token();
        if (!pattern) return bad("an entry header holds an unreadable pattern");
        entry.patterns.push_back(std::move(*pattern));
        tokens.Skip(' ');
        if (tokens.Peek() == ',') {
          tokens.Skip(',');
          tokens.Skip(' ');
        } else if (!tokens.AtEnd()) {
          return bad("patterns of an entry header are not separated by \", \"");
        }
      }
      if (entry.patterns.empty()) return bad("an entry header without patterns");
      entries.push_back(std::move(entry));
      block.clear();
      continue;
    }
    if (entries.empty()) return bad("a field before the first entry");
    LineTokens tokens(text);
    auto key = tokens.Token();
    if (!key) return bad("an unreadable key");
    if (indent == 2) {
      if (tokens.Peek() == ':' && tokens.Rest().size() == 1) {
        block = *key;
        continue;
      }
      block.clear();
      tokens.Skip(' ');
      std::string value;
      if (tokens.Peek() == '"') {
        auto quoted = tokens.Token();
        if (!quoted) return bad("an unterminated string");
        value = std::move(*quoted);
      } else {
        value = std::string(strings::TrimSpace(tokens.Rest()));
      }
      if (*key == "version") entries.back().version = std::move(value);
      continue;
    }
    if (indent == 4 && !block.empty()) {
      if (block != "dependencies" && block != "optionalDependencies") continue;
      tokens.Skip(' ');
      auto range = tokens.Token();
      if (!range) return bad("a dependency without a range");
      entries.back().dependencies.emplace_back(std::move(*key), std::move(*range));
      continue;
    }
    return bad("unexpected indentation");
  }
  return entries;
}

Result<std::vector<RawEntry>> ParseBerry(std::string_view content,
                                         std::vector<std::string>& warnings) {
  formats::yaml::Limits limits;
  limits.max_bytes = limits::kMaxNodeLockfileSize;
  limits.max_nodes = 64u << 20;
  SCRY_TRY(formats::yaml::Node root, formats::yaml::Parse(content, limits));
  using Kind = formats::yaml::Node::Kind;
  if (root.kind != Kind::kMapping) {
    return Fail(ErrorCode::kInvalidInput, "the lockfile is not a YAML mapping");
  }
  std::vector<RawEntry> entries;
  for (const formats::yaml::Entry& item : root.entries) {
    // Named references, not structured bindings: lambdas below capture them (clang 14).
    const std::string& key = item.first;
    const formats::yaml::Node& value = item.second;
    if (key == "__metadata") continue;
    if (value.kind != Kind::kMapping) {
      warnings.push_back(fmt::format("\"{}\" (line {}) is not a mapping", key, value.line));
      continue;
    }
    RawEntry entry;
    entry.line = value.line;
    for (std::string_view pattern : strings::Split(key, ',')) {
      pattern = strings::TrimSpace(pattern);
      if (!pattern.empty()) entry.patterns.emplace_back(pattern);
    }
    auto scalar = [&](std::string_view field) -> std::string {
      const formats::yaml::Node* node = value.Find(field);
      if (node == nullptr || node->IsNull()) return {};
      if (node->kind != Kind::kScalar) {
        warnings.push_back(
            fmt::format("\"{}\".{} (line {}) is not a string", key, field, node->line));
        return {};
      }
      return node->scalar;
    };
    entry.version = scalar("version");
    entry.resolution = scalar("resolution");
    for (std::string_view field : {"dependencies", "optionalDependencies"}) {
      const formats::yaml::Node* dependencies = value.Find(field);
      if (dependencies == nullptr || dependencies->IsNull()) continue;
      if (dependencies->kind != Kind::kMapping) {
        warnings.push_back(
            fmt::format("\"{}\".{} (line {}) is not a mapping", key, field, dependencies->line));
        continue;
      }
      for (const auto& [name, range] : dependencies->entries) {
        if (range.kind == Kind::kScalar) entry.dependencies.emplace_back(name, range.scalar);
      }
    }
    if (!entry.patterns.empty()) entries.push_back(std::move(entry));
  }
  return entries;
}

bool IsBerry(std::string_view content) {
  for (std::string_view line : strings::Split(content.substr(0, 4096), '\n')) {
    if (line.starts_with("__metadata:")) return true;
  }
  return false;
}

// Protocols of entries that are not packages from a registry or a repository.
bool IsLocalProtocol(std::string_view protocol) {
  return protocol == "workspace" || protocol == "patch" || protocol == "link" ||
         protocol == "portal";
}

std::optional<size_t> FindPattern(const std::map<std::string, size_t>& by_pattern,
                                  std::string_view name, std::string_view range) {
  auto it = by_pattern.find(fmt::format("{}@{}", name, range));
  if (it == by_pattern.end()) it = by_pattern.find(fmt::format("{}@npm:{}", name, range));
  if (it == by_pattern.end()) return std::nullopt;
  return it->second;
}

}  // namespace

Result<YarnLockfile> ParseYarnLock(std::string_view content) {
  YarnLockfile lockfile;
  lockfile.berry = IsBerry(content);
  std::vector<RawEntry> entries;
  if (lockfile.berry) {
    SCRY_TRY(entries, ParseBerry(content, lockfile.warnings));
  } else {
    SCRY_TRY(entries, ParseClassic(content));
  }
  std::map<std::string, size_t> by_id;
  std::map<std::string, size_t> by_pattern;
  std::vector<std::vector<std::pair<std::string, std::string>>> dependencies;
  for (RawEntry& entry : entries) {
    auto [first_name, range] = SplitPattern(entry.patterns.front());
    model::Package package;
    package.name = std::string(first_name);
    if (!entry.resolution.empty()) {
      auto [resolved_name, reference] = SplitPattern(entry.resolution);
      std::string_view protocol = strings::Cut(reference, ":").before;
      if (protocol == "workspace") {
        auto& target = reference == "workspace:." ? lockfile.root_dependencies
                                                  : lockfile.workspace_dependencies;
        target.insert(target.end(), entry.dependencies.begin(), entry.dependencies.end());
      }
      if (IsLocalProtocol(protocol)) continue;
      package.name = std::string(resolved_name);
    } else {
      std::string_view protocol = strings::Cut(range, ":").before;
      if (protocol != range && IsLocalProtocol(protocol)) continue;
      std::string alias = AliasTarget(range);
      if (!alias.empty()) package.name = alias;
    }
    if (package.name.empty()) {
      lockfile.warnings.push_back(
          fmt::format("line {}: an entry without a package name was skipped", entry.line));
      continue;
    }
    package.version = entry.version;
    if (package.version.empty())
      package.evidence.emplace("version", "not recorded in the lockfile");
    SetIdentity(package, "npm");
    auto [it, inserted] = by_id.try_emplace(package.id, lockfile.packages.size());
    if (inserted) {
      lockfile.packages.push_back(std::move(package));
      lockfile.patterns.emplace_back();
      dependencies.emplace_back();
    }
    size_t index = it->second;
    for (std::string& pattern : entry.patterns) {
      by_pattern.emplace(pattern, index);
      lockfile.patterns[index].push_back(std::move(pattern));
    }
    for (auto& dependency : entry.dependencies)
      dependencies[index].push_back(std::move(dependency));
  }
  for (size_t i = 0; i < lockfile.packages.size(); ++i) {
    for (const auto& [name, range] : dependencies[i]) {
      auto target = FindPattern(by_pattern, name, range);
      if (target) lockfile.packages[i].depends_on.push_back(lockfile.packages[*target].id);
    }
  }
  // Sort packages (and their patterns alongside) by id; depends_on sorted and unique.
  std::vector<size_t> order(lockfile.packages.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return lockfile.packages[a].id < lockfile.packages[b].id; });
  YarnLockfile sorted;
  sorted.berry = lockfile.berry;
  sorted.warnings = std::move(lockfile.warnings);
  for (size_t i : order) {
    model::Package& package = lockfile.packages[i];
    std::set<std::string> unique(package.depends_on.begin(), package.depends_on.end());
    unique.erase(package.id);
    package.depends_on.assign(unique.begin(), unique.end());
    sorted.packages.push_back(std::move(package));
    sorted.patterns.push_back(std::move(lockfile.patterns[i]));
  }
  sorted.root_dependencies = std::move(lockfile.root_dependencies);
  sorted.workspace_dependencies = std::move(lockfile.workspace_dependencies);
  if (!sorted.root_dependencies.empty() || !sorted.workspace_dependencies.empty()) {
    std::map<std::string, size_t> patterns;
    for (size_t i = 0; i < sorted.packages.size(); ++i) {
      sorted.packages[i].relationship = model::Relationship::kIndirect;
      for (const std::string& pattern : sorted.patterns[i]) patterns.emplace(pattern, i);
    }
    for (const auto* list : {&sorted.root_dependencies, &sorted.workspace_dependencies}) {
      for (const auto& [name, range] : *list) {
        auto index = FindPattern(patterns, name, range);
        if (index) sorted.packages[*index].relationship = model::Relationship::kDirect;
      }
    }
  }
  return sorted;
}

void MarkFromManifest(YarnLockfile& lockfile, const PackageJson& manifest) {
  std::map<std::string, size_t> by_pattern;
  std::map<std::string, size_t> by_id;
  for (size_t i = 0; i < lockfile.packages.size(); ++i) {
    by_id.emplace(lockfile.packages[i].id, i);
    for (const std::string& pattern : lockfile.patterns[i]) by_pattern.emplace(pattern, i);
  }
  using Roots = std::vector<std::pair<std::string, std::string>>;
  auto reach = [&](const Roots& roots, std::set<size_t>& direct) {
    std::vector<bool> seen(lockfile.packages.size(), false);
    std::deque<size_t> queue;
    for (const auto& [name, range] : roots) {
      auto index = FindPattern(by_pattern, name, range);
      if (!index) continue;
      direct.insert(*index);
      if (!seen[*index]) queue.push_back(*index);
      seen[*index] = true;
    }
    while (!queue.empty()) {
      size_t index = queue.front();
      queue.pop_front();
      for (const std::string& id : lockfile.packages[index].depends_on) {
        size_t next = by_id.at(id);
        if (!seen[next]) queue.push_back(next);
        seen[next] = true;
      }
    }
    return seen;
  };
  Roots production_roots(manifest.dependencies.begin(), manifest.dependencies.end());
  production_roots.insert(production_roots.end(), manifest.optional_dependencies.begin(),
                          manifest.optional_dependencies.end());
  production_roots.insert(production_roots.end(), lockfile.workspace_dependencies.begin(),
                          lockfile.workspace_dependencies.end());
  Roots development_roots(manifest.dev_dependencies.begin(), manifest.dev_dependencies.end());
  std::set<size_t> direct;
  std::vector<bool> production = reach(production_roots, direct);
  std::vector<bool> development = reach(development_roots, direct);
  for (size_t i = 0; i < lockfile.packages.size(); ++i) {
    model::Package& package = lockfile.packages[i];
    package.relationship =
        direct.count(i) ? model::Relationship::kDirect : model::Relationship::kIndirect;
    package.dev = development[i] && !production[i];
  }
}

}  // namespace scry::analyzer::lang::nodejs
