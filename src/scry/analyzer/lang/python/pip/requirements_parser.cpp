#include "scry/analyzer/lang/python/pip/requirements_parser.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

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

// pip's join_lines + ignore_comments: logical lines with their first physical line number.
std::vector<std::pair<int, std::string>> LogicalLines(std::string_view content) {
  std::vector<std::pair<int, std::string>> lines;
  std::string current;
  int number = 0;
  int start = 0;
  bool joining = false;
  size_t pos = 0;
  while (pos <= content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!joining) start = number;
    // A comment starts at the line's start or after whitespace (URL fragments keep their '#').
    size_t hash = std::string_view::npos;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
        hash = i;
        break;
      }
    }
    bool continued = hash == std::string_view::npos && !line.empty() && line.back() == '\\';
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    if (continued) line.remove_suffix(1);
    current.append(line);
    joining = continued;
    if (!joining) {
      lines.emplace_back(start, std::move(current));
      current.clear();
    }
    if (end == content.size()) break;
    pos = end + 1;
  }
  if (!current.empty()) lines.emplace_back(start, std::move(current));
  return lines;
}

// "a/b/../c" -> "a/c"; nullopt for paths that leave the target.
std::optional<std::string> CleanPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(pos, end - pos);
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    pos = end + 1;
  }
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out.push_back('/');
    out.append(part);
  }
  return out;
}

struct Requirement {
  std::string name;
  std::string version;  // empty: no exact pin
  std::string extras;
  std::string marker;
  std::string hashes;
};

// One requirement line without options; nullopt when it names no PyPI distribution (URL, path).
// `error` is set when the line is not a requirement at all.
std::optional<Requirement> ParseRequirementLine(std::string_view line, std::string& error) {
  Requirement req;
  // Per-line options (--hash=..., --global-option) follow the requirement after whitespace.
  for (size_t i = 1; i + 1 < line.size(); ++i) {
    if ((line[i - 1] == ' ' || line[i - 1] == '\t') && line[i] == '-' && line[i + 1] == '-') {
      std::string_view options = line.substr(i);
      line = Trim(line.substr(0, i));
      size_t at = 0;
      while ((at = options.find("--hash", at)) != std::string_view::npos) {
        at += 6;
        while (at < options.size() && (options[at] == '=' || options[at] == ' ')) ++at;
        size_t end = options.find_first_of(" \t", at);
        if (end == std::string_view::npos) end = options.size();
        if (!req.hashes.empty()) req.hashes += ",";
        req.hashes.append(options.substr(at, end - at));
        at = end;
      }
      break;
    }
  }
  if (line.find("://") != std::string_view::npos || line.starts_with('.') ||
      line.starts_with('/') || line.starts_with("file:")) {
    return std::nullopt;
  }
  size_t semicolon = line.find(';');
  if (semicolon != std::string_view::npos) {
    req.marker = std::string(Trim(line.substr(semicolon + 1)));
    line = Trim(line.substr(0, semicolon));
  }
  std::string_view name = LeadingName(line);
  if (name.empty()) {
    error = "not a requirement";
    return std::nullopt;
  }
  req.name = std::string(name);
  std::string_view rest = Trim(line.substr(name.size()));
  if (rest.starts_with('[')) {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) {
      error = "unclosed extras";
      return std::nullopt;
    }
    for (char c : rest.substr(1, close - 1)) {
      if (c != ' ' && c != '\t') req.extras.push_back(c);
    }
    rest = Trim(rest.substr(close + 1));
  }
  if (rest.starts_with('@')) return std::nullopt;  // PEP 508 direct reference: name @ url
  if (rest.starts_with('(') && rest.ends_with(')')) rest = Trim(rest.substr(1, rest.size() - 2));
  // A specifier list "op version, op version"; only == (without a wildcard) and === pin.
  size_t pos = 0;
  while (pos < rest.size()) {
    size_t comma = rest.find(',', pos);
    if (comma == std::string_view::npos) comma = rest.size();
    std::string_view clause = Trim(rest.substr(pos, comma - pos));
    pos = comma + 1;
    size_t op_end = 0;
    while (op_end < clause.size() &&
           std::string_view("=<>!~").find(clause[op_end]) != std::string_view::npos) {
      ++op_end;
    }
    std::string_view op = clause.substr(0, op_end);
    std::string_view version = Trim(clause.substr(op_end));
    if (op.empty() && !clause.empty()) {
      error = fmt::format("unexpected '{}'", clause);
      return std::nullopt;
    }
    if (version.empty() || version.find_first_of(" \t") != std::string_view::npos) {
      if (!clause.empty()) {
        error = fmt::format("bad version in '{}'", clause);
        return std::nullopt;
      }
      continue;
    }
    if ((op == "==" && !version.ends_with(".*")) || op == "===") {
      if (version.size() > limits::kMaxVersionLength) {
        error = "version too long";
        return std::nullopt;
      }
      req.version = std::string(version);
    }
  }
  return req;
}

struct FileState {
  std::string path;
  bool constraint;
  int depth;
};

class Reader {
 public:
  Reader(const RequirementsReader* read, PythonLockfile& out) : read_(read), out_(out) {}

  void Parse(std::string_view content, const FileState& file) {
    visited_.insert(file.path);
    if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
    for (const auto& [number, text] : LogicalLines(content)) {
      std::string_view line = Trim(text);
      if (line.empty()) continue;
      std::string where = fmt::format("{} line {}", file.path, number);
      if (line.starts_with('-')) {
        Option(line, file, where);
        continue;
      }
      std::string error;
      auto req = ParseRequirementLine(line, error);
      if (!req) {
        if (!error.empty()) {
          out_.warnings.push_back(fmt::format("{}: skipped '{}': {}", where, Shorten(line), error));
        }
        continue;
      }
      std::string key = NormalizeName(req->name);
      if (file.constraint) {
        if (!req->version.empty()) constraints_.emplace(key, std::pair(req->version, file.path));
        continue;
      }
      if (!seen_.insert(key).second) continue;
      model::Package package;
      package.name = req->name;
      package.version = req->version;
      if (!req->marker.empty()) package.evidence["Marker"] = req->marker;
      if (!req->extras.empty()) package.evidence["Extras"] = req->extras;
      if (!req->hashes.empty()) package.evidence["Hashes"] = req->hashes;
      if (file.path != top_) package.evidence["File"] = file.path;
      packages_.push_back(std::move(package));
    }
  }

  void Finish() {
    std::vector<std::string> unpinned;
    for (model::Package& package : packages_) {
      if (package.version.empty()) {
        auto it = constraints_.find(NormalizeName(package.name));
        if (it == constraints_.end()) {
          unpinned.push_back(package.name);
          continue;
        }
        package.version = it->second.first;
        package.evidence["Constraint"] = it->second.second;
      }
      model::SetIdentity(package, "pypi");
      out_.packages.push_back(std::move(package));
    }
    if (!unpinned.empty()) {
      out_.warnings.push_back(
          fmt::format("{} requirement(s) without an exact '==' pin skipped (no installed version "
                      "is known): {}",
                      unpinned.size(), fmt::join(unpinned, ", ")));
    }
  }

  std::string top_;

 private:
  static std::string Shorten(std::string_view line) {
    return std::string(line.substr(0, 80)) + (line.size() > 80 ? "..." : "");
  }

  void Option(std::string_view line, const FileState& file, const std::string& where) {
    bool constraint;
    std::string_view value;
    auto take = [&](std::string_view short_name, std::string_view long_name) {
      if (line.starts_with(long_name)) {
        value = line.substr(long_name.size());
      } else if (line.starts_with(short_name)) {
        value = line.substr(short_name.size());
      } else {
        return false;
      }
      if (!value.empty() && value[0] != ' ' && value[0] != '\t' && value[0] != '=' &&
          line.starts_with("--")) {
        return false;  // --requirementsX is another option
      }
      if (!value.empty() && value[0] == '=') value.remove_prefix(1);
      value = Trim(value);
      return true;
    };
    if (take("-r", "--requirement")) {
      constraint = file.constraint;  // -r inside a constraints file adds constraints
    } else if (take("-c", "--constraint")) {
      constraint = true;
    } else {
      return;  // -e, --index-url, --hash alone, --pre...: nothing to report
    }
    if (value.empty()) {
      out_.warnings.push_back(fmt::format("{}: '{}' names no file", where, line));
      return;
    }
    std::string dir;
    size_t slash = file.path.rfind('/');
    if (slash != std::string::npos) dir = file.path.substr(0, slash + 1);
    auto target = value.starts_with('/') || value.find("://") != std::string_view::npos
                      ? std::nullopt
                      : CleanPath(dir + std::string(value));
    if (!target) {
      out_.warnings.push_back(
          fmt::format("{}: include '{}' is outside the scanned target; skipped", where, value));
      return;
    }
    if (visited_.contains(*target)) return;  // cycles and files included twice
    if (read_ == nullptr) {
      out_.warnings.push_back(
          fmt::format("{}: include '{}' not followed (no access to other files)", where, *target));
      return;
    }
    if (file.depth + 1 > limits::kMaxRequirementsIncludeDepth ||
        static_cast<int>(visited_.size()) >= limits::kMaxRequirementsFiles) {
      out_.warnings.push_back(fmt::format(
          "{}: include '{}' not followed: more than {} nested or {} included files", where, *target,
          limits::kMaxRequirementsIncludeDepth, limits::kMaxRequirementsFiles));
      return;
    }
    auto content = (*read_)(*target);
    if (!content) {
      out_.warnings.push_back(fmt::format("{}: include '{}' could not be read: {}", where, *target,
                                          content.error().ToString()));
      visited_.insert(*target);
      return;
    }
    if (content->find('\0') != std::string::npos) {
      out_.warnings.push_back(fmt::format("{}: include '{}' is binary; skipped", where, *target));
      visited_.insert(*target);
      return;
    }
    Parse(*content, FileState{*target, constraint, file.depth + 1});
  }

  const RequirementsReader* read_;
  PythonLockfile& out_;
  std::set<std::string> visited_;
  std::set<std::string> seen_;
  std::map<std::string, std::pair<std::string, std::string>> constraints_;
  std::vector<model::Package> packages_;
};

}  // namespace

Result<PythonLockfile> ParseRequirements(std::string_view content, std::string_view path,
                                         const RequirementsReader* read) {
  if (content.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "requirements file holds a NUL byte: not text");
  }
  PythonLockfile out;
  Reader reader(read, out);
  reader.top_ = std::string(path);
  reader.Parse(content, FileState{std::string(path), false, 0});
  reader.Finish();
  return out;
}

}  // namespace scry::analyzer::lang::python
