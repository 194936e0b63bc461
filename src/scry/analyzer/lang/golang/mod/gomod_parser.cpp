#include "scry/analyzer/lang/golang/mod/gomod_parser.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>

#include "scry/base/strings.hpp"

namespace scry::analyzer::lang::golang {
namespace {

using strings::Join;
using strings::Split;
using strings::TrimSpace;

// One logical line of a go.mod or go.work: a verb (inherited from an enclosing block) and its
// arguments, with the text of a trailing comment.
struct ModLine {
  size_t number = 0;
  std::vector<std::string> tokens;
  std::string comment;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// Undoes Go's interpreted string escapes that can appear in module paths and versions.
Result<std::string> Unquote(std::string_view quoted, size_t number) {
  std::string out;
  for (size_t i = 0; i < quoted.size(); ++i) {
    char c = quoted[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (++i >= quoted.size()) break;
    switch (quoted[i]) {
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '"':
        out.push_back('"');
        break;
      case '\'':
        out.push_back('\'');
        break;
      default:
        return Fail(ErrorCode::kInvalidInput, "line {}: unsupported escape \\{} in a quoted string",
                    number, quoted[i]);
    }
  }
  return out;
}

// Splits a file into lines of tokens, as golang.org/x/mod/modfile's lexer does: `//` comments,
// "interpreted" and `raw` strings, and `(` `)` as tokens of their own.
Result<std::vector<ModLine>> Tokenize(std::string_view content) {
  std::vector<ModLine> lines;
  size_t number = 0;
  size_t start = 0;
  while (start <= content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string_view text = content.substr(start, end - start);
    ++number;
    ModLine line;
    line.number = number;
    size_t i = 0;
    while (i < text.size()) {
      char c = text[i];
      if (IsSpace(c)) {
        ++i;
      } else if (text.substr(i, 2) == "//") {
        line.comment = std::string(TrimSpace(text.substr(i + 2)));
        break;
      } else if (c == '(' || c == ')') {
        line.tokens.emplace_back(1, c);
        ++i;
      } else if (c == '"' || c == '`') {
        size_t close = i + 1;
        while (close < text.size() && text[close] != c) {
          if (c == '"' && text[close] == '\\') ++close;
          ++close;
        }
        if (close >= text.size()) {
          return Fail(ErrorCode::kInvalidInput, "line {}: unterminated quoted string", number);
        }
        std::string_view inner = text.substr(i + 1, close - i - 1);
        if (c == '"') {
          SCRY_TRY(auto unquoted, Unquote(inner, number));
          line.tokens.push_back(std::move(unquoted));
        } else {
          line.tokens.emplace_back(inner);
        }
        i = close + 1;
      } else {
        size_t token_end = i;
        while (token_end < text.size() && !IsSpace(text[token_end]) && text[token_end] != '(' &&
               text[token_end] != ')' && text[token_end] != '"' && text[token_end] != '`' &&
               text.substr(token_end, 2) != "//") {
          ++token_end;
        }
        line.tokens.emplace_back(text.substr(i, token_end - i));
        i = token_end;
      }
    }
    if (!line.tokens.empty() || !line.comment.empty()) lines.push_back(std::move(line));
    if (end == content.size()) break;
    start = end + 1;
  }
  return lines;
}

// Expands block forms (`require ( ... )`) so that every returned line starts with its verb.
Result<std::vector<ModLine>> Statements(std::string_view content) {
  SCRY_TRY(auto lines, Tokenize(content));
  std::vector<ModLine> out;
  std::optional<std::string> block;
  size_t block_start = 0;
  for (ModLine& line : lines) {
    if (line.tokens.empty()) continue;  // a comment on its own line
    if (block) {
      if (line.tokens.size() == 1 && line.tokens[0] == ")") {
        block.reset();
        continue;
      }
      line.tokens.insert(line.tokens.begin(), *block);
      out.push_back(std::move(line));
      continue;
    }
    if (line.tokens.size() == 2 && line.tokens[1] == "(") {
      block = line.tokens[0];
      block_start = line.number;
      continue;
    }
    if (line.tokens.size() == 3 && line.tokens[1] == "(" && line.tokens[2] == ")") continue;
    out.push_back(std::move(line));
  }
  if (block) {
    return Fail(ErrorCode::kInvalidInput, "line {}: `{} (` block is never closed", block_start,
                *block);
  }
  return out;
}

Status Expect(const ModLine& line, size_t count, std::string_view usage) {
  if (line.tokens.size() != count) {
    return Fail(ErrorCode::kInvalidInput, "line {}: expected `{}`", line.number, usage);
  }
  return {};
}

Result<GoReplace> ParseReplace(const ModLine& line) {
  // replace old [v] => new [v]
  const auto& t = line.tokens;
  auto arrow = std::find(t.begin(), t.end(), "=>");
  size_t left = static_cast<size_t>(arrow - t.begin());
  size_t right = t.size() - left - 1;
  if (arrow == t.end() || left < 2 || left > 3 || right < 1 || right > 2) {
    return Fail(ErrorCode::kInvalidInput,
                "line {}: expected `replace old [version] => new [version]`", line.number);
  }
  GoReplace replace;
  replace.old_path = t[1];
  if (left == 3) replace.old_version = t[2];
  replace.new_path = t[left + 1];
  if (right == 2) replace.new_version = t[left + 2];
  return replace;
}

bool IsIndirect(const std::string& comment) {
  // "// indirect" or "// indirect; more words", as modfile.isIndirect accepts.
  return comment == "indirect" || comment.starts_with("indirect;");
}

// A non-negative decimal number with at most 9 digits (Go version components).
std::optional<int> SmallNumber(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

struct Semver {
  std::string_view major, minor, patch;
  std::string_view prerelease;
};

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<Semver> ParseSemver(std::string_view v) {
  if (!v.starts_with('v')) return std::nullopt;
  v.remove_prefix(1);
  if (auto plus = v.find('+'); plus != std::string_view::npos) v = v.substr(0, plus);
  Semver out;
  if (auto dash = v.find('-'); dash != std::string_view::npos) {
    out.prerelease = v.substr(dash + 1);
    if (out.prerelease.empty()) return std::nullopt;
    v = v.substr(0, dash);
  }
  auto parts = Split(v, '.');
  if (parts.size() != 3) return std::nullopt;
  for (auto part : parts) {
    if (!AllDigits(part) || (part.size() > 1 && part[0] == '0')) return std::nullopt;
  }
  out.major = parts[0];
  out.minor = parts[1];
  out.patch = parts[2];
  return out;
}

int CompareNumeric(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

int ComparePrerelease(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  if (a.empty()) return 1;  // a release outranks its pre-releases
  if (b.empty()) return -1;
  auto left = Split(a, '.');
  auto right = Split(b, '.');
  for (size_t i = 0; i < std::min(left.size(), right.size()); ++i) {
    bool left_number = AllDigits(left[i]);
    bool right_number = AllDigits(right[i]);
    int order = 0;
    if (left_number && right_number) {
      order = CompareNumeric(left[i], right[i]);
    } else if (left_number != right_number) {
      order = left_number ? -1 : 1;
    } else {
      order = left[i].compare(right[i]);
    }
    if (order != 0) return order < 0 ? -1 : 1;
  }
  if (left.size() == right.size()) return 0;
  return left.size() < right.size() ? -1 : 1;
}

}  // namespace

Result<GoModFile> ParseGoMod(std::string_view content) {
  SCRY_TRY(auto statements, Statements(content));
  GoModFile mod;
  for (const ModLine& line : statements) {
    const std::string& verb = line.tokens[0];
    if (verb == "module") {
      SCRY_CHECK(Expect(line, 2, "module path"));
      mod.module = line.tokens[1];
    } else if (verb == "go") {
      SCRY_CHECK(Expect(line, 2, "go version"));
      mod.go = line.tokens[1];
    } else if (verb == "toolchain") {
      SCRY_CHECK(Expect(line, 2, "toolchain name"));
      mod.toolchain = line.tokens[1];
    } else if (verb == "require") {
      SCRY_CHECK(Expect(line, 3, "require path version"));
      mod.require.push_back({line.tokens[1], line.tokens[2], IsIndirect(line.comment)});
    } else if (verb == "replace") {
      SCRY_TRY(auto replace, ParseReplace(line));
      mod.replaces.push_back(std::move(replace));
    } else if (verb == "exclude") {
      SCRY_CHECK(Expect(line, 3, "exclude path version"));
      mod.excludes.push_back({line.tokens[1], line.tokens[2]});
    } else if (verb == "retract") {
      if (line.tokens.size() < 2) {
        return Fail(ErrorCode::kInvalidInput, "line {}: expected `retract version`", line.number);
      }
      std::vector<std::string> rest(line.tokens.begin() + 1, line.tokens.end());
      mod.retracts.push_back(Join(rest, " "));
    }
  }
  return mod;
}

Result<GoWorkFile> ParseGoWork(std::string_view content) {
  SCRY_TRY(auto statements, Statements(content));
  GoWorkFile work;
  for (const ModLine& line : statements) {
    const std::string& verb = line.tokens[0];
    if (verb == "go") {
      SCRY_CHECK(Expect(line, 2, "go version"));
      work.go = line.tokens[1];
    } else if (verb == "toolchain") {
      SCRY_CHECK(Expect(line, 2, "toolchain name"));
      work.toolchain = line.tokens[1];
    } else if (verb == "use") {
      SCRY_CHECK(Expect(line, 2, "use directory"));
      work.uses.push_back(line.tokens[1]);
    } else if (verb == "replace") {
      SCRY_TRY(auto replace, ParseReplace(line));
      work.replaces.push_back(std::move(replace));
    }
  }
  return work;
}

Result<std::vector<GoSumEntry>> ParseGoSum(std::string_view content) {
  std::vector<GoSumEntry> entries;
  size_t number = 0;
  for (std::string_view raw : Split(content, '\n')) {
    ++number;
    std::string_view line = TrimSpace(raw);
    if (line.empty()) continue;
    std::vector<std::string_view> fields;
    for (std::string_view field : Split(line, ' ')) {
      if (!field.empty()) fields.push_back(field);
    }
    if (fields.size() != 3) {
      return Fail(ErrorCode::kInvalidInput, "go.sum line {}: expected `path version hash`", number);
    }
    GoSumEntry entry;
    entry.path = std::string(fields[0]);
    std::string_view version = fields[1];
    if (version.ends_with("/go.mod")) {
      version.remove_suffix(7);
      entry.go_mod_only = true;
    }
    entry.version = std::string(version);
    entries.push_back(std::move(entry));
  }
  return entries;
}

Result<std::vector<VendoredModule>> ParseVendorModules(std::string_view content) {
  std::vector<VendoredModule> modules;
  size_t number = 0;
  for (std::string_view raw : Split(content, '\n')) {
    ++number;
    std::string_view line = TrimSpace(raw);
    if (line.empty()) continue;
    if (line.starts_with("## ")) {
      if (modules.empty()) {
        return Fail(ErrorCode::kInvalidInput, "modules.txt line {}: `##` before any module",
                    number);
      }
      for (std::string_view note : Split(line.substr(3), ';')) {
        if (TrimSpace(note) == "explicit") modules.back().explicit_requirement = true;
      }
      continue;
    }
    if (line.starts_with("# ")) {
      std::vector<std::string_view> fields;
      for (std::string_view field : Split(line.substr(2), ' ')) {
        if (!field.empty()) fields.push_back(field);
      }
      auto arrow = std::find(fields.begin(), fields.end(), "=>");
      size_t left = static_cast<size_t>(arrow - fields.begin());
      size_t right = arrow == fields.end() ? 0 : fields.size() - left - 1;
      if (left < 1 || left > 2 || (arrow != fields.end() && (right < 1 || right > 2))) {
        return Fail(ErrorCode::kInvalidInput,
                    "modules.txt line {}: expected `# path version [=> new [version]]`", number);
      }
      VendoredModule module;
      module.path = std::string(fields[0]);
      if (left == 2) module.version = std::string(fields[1]);
      if (arrow != fields.end()) {
        module.new_path = std::string(fields[left + 1]);
        if (right == 2) module.new_version = std::string(fields[left + 2]);
      }
      if (left == 1) {
        // A replacement note without version: it belongs to the module of that path.
        auto same = std::find_if(modules.begin(), modules.end(),
                                 [&](const VendoredModule& m) { return m.path == module.path; });
        if (same != modules.end()) continue;
      }
      modules.push_back(std::move(module));
      continue;
    }
    if (line.starts_with('#')) continue;
    if (modules.empty()) {
      return Fail(ErrorCode::kInvalidInput, "modules.txt line {}: package before any module",
                  number);
    }
    modules.back().packages.emplace_back(line);
  }
  return modules;
}

int CompareModuleVersions(std::string_view a, std::string_view b) {
  auto left = ParseSemver(a);
  auto right = ParseSemver(b);
  if (!left || !right) {
    if (left) return 1;
    if (right) return -1;
    int order = a.compare(b);
    return order < 0 ? -1 : (order == 0 ? 0 : 1);
  }
  for (auto [x, y] : {std::pair{left->major, right->major}, std::pair{left->minor, right->minor},
                      std::pair{left->patch, right->patch}}) {
    if (int order = CompareNumeric(x, y); order != 0) return order;
  }
  return ComparePrerelease(left->prerelease, right->prerelease);
}

bool GoDirectiveBefore(std::string_view go, int major, int minor) {
  if (go.empty()) go = "1.16";
  // "1.21rc1" -> "1.21": the language version is what counts.
  size_t end = 0;
  while (end < go.size() && (std::isdigit(static_cast<unsigned char>(go[end])) || go[end] == '.'))
    ++end;
  auto parts = Split(go.substr(0, end), '.');
  auto go_major = parts.size() >= 1 ? SmallNumber(parts[0]) : std::nullopt;
  auto go_minor = parts.size() >= 2 ? SmallNumber(parts[1]) : std::optional<int>(0);
  if (!go_major || !go_minor) return false;
  return *go_major < major || (*go_major == major && *go_minor < minor);
}

std::string StdlibVersion(std::string_view go_or_toolchain) {
  std::string_view version = go_or_toolchain;
  if (version.starts_with("go")) version.remove_prefix(2);
  auto parts = Split(version, '.');
  if (parts.size() != 3) return "";
  for (auto part : parts) {
    if (!SmallNumber(part)) return "";
  }
  return "v" + std::string(version);
}

}  // namespace scry::analyzer::lang::golang
