#include "scry/analyzer/pkg/dpkg/dpkg_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "scry/base/limits.hpp"
#include "scry/base/strings.hpp"

namespace scry::analyzer::pkg {
namespace {

bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// One deb822 paragraph: lower-cased field name -> first-line value (continuation lines of the
// multi-line fields scry does not read, such as Description and Conffiles, are dropped).
struct Paragraph {
  size_t line = 0;  // 1-based line of its first field
  std::map<std::string, std::string> fields;
  std::string error;  // why the paragraph is not deb822; empty when it is

  const std::string& Get(const std::string& name) const {
    static const std::string kEmpty;
    auto it = fields.find(name);
    return it == fields.end() ? kEmpty : it->second;
  }
  bool Has(const std::string& name) const { return fields.count(name) != 0; }
};

std::vector<Paragraph> SplitParagraphs(std::string_view content) {
  std::vector<Paragraph> paragraphs;
  bool open = false;
  size_t line_number = 0;
  for (std::string_view line : strings::Split(content, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (strings::TrimSpace(line).empty()) {
      open = false;
      continue;
    }
    if (!open) {
      paragraphs.emplace_back();
      paragraphs.back().line = line_number;
      open = true;
    }
    Paragraph& paragraph = paragraphs.back();
    if (!paragraph.error.empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') {
      if (paragraph.fields.empty()) {
        paragraph.error = fmt::format("line {}: continuation line before any field", line_number);
      }
      continue;
    }
    if (line.front() == '#') continue;  // deb822 comment
    auto [name, value, found] = strings::Cut(line, ":");
    if (!found || name.empty() || name.find_first_of(" \t") != std::string_view::npos) {
      paragraph.error = fmt::format("line {}: not a \"Field: value\" line", line_number);
      continue;
    }
    // dpkg refuses duplicate fields; the first one is kept, as textproto's Get() does.
    paragraph.fields.emplace(strings::ToLower(name), std::string(strings::TrimSpace(value)));
  }
  return paragraphs;
}

bool Installed(std::string_view status) {
  for (std::string_view word : strings::Split(status, ' ')) {
    if (word == "deinstall" || word == "purge" || word == "not-installed" ||
        word == "config-files" || word == "half-installed") {
      return false;
    }
  }
  return true;
}

// "libc6 (>= 2.34), debconf | debconf-2.0, perl:any" -> libc6, debconf, debconf-2.0, perl.
std::vector<std::string> DependencyNames(std::string_view depends) {
  std::vector<std::string> names;
  for (std::string_view group : strings::Split(depends, ',')) {
    for (std::string_view alternative : strings::Split(group, '|')) {
      std::string_view name = strings::TrimSpace(strings::Cut(alternative, "(").before);
      name = strings::TrimSpace(strings::Cut(name, "[").before);  // architecture restrictions
      name = strings::Cut(name, ":").before;                      // :any, :native, :amd64
      if (name.empty()) continue;
      if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
    }
  }
  return names;
}

Status CheckText(std::string_view content, std::string_view what) {
  if (content.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "binary content (a NUL byte) in a {}", what);
  }
  return Ok();
}

}  // namespace

std::optional<DebianVersion> ParseDebianVersion(std::string_view version) {
  version = strings::TrimSpace(version);
  if (version.empty() || version.size() > limits::kMaxVersionLength) return std::nullopt;
  DebianVersion parsed;
  auto [epoch, rest, has_epoch] = strings::Cut(version, ":");
  if (has_epoch) {
    if (epoch.empty()) return std::nullopt;
    auto [end, error] = std::from_chars(epoch.data(), epoch.data() + epoch.size(), parsed.epoch);
    if (error != std::errc() || end != epoch.data() + epoch.size() || parsed.epoch < 0) {
      return std::nullopt;
    }
  } else {
    rest = version;
  }
  size_t dash = rest.rfind('-');
  std::string_view upstream = rest.substr(0, dash);
  std::string_view revision =
      dash == std::string_view::npos ? std::string_view() : rest.substr(dash + 1);
  if (upstream.empty() || !(upstream.front() >= '0' && upstream.front() <= '9')) {
    return std::nullopt;
  }
  for (char c : upstream) {
    if (!IsAlnum(c) && std::string_view(".+~-:_").find(c) == std::string_view::npos) {
      return std::nullopt;
    }
  }
  if (dash != std::string_view::npos && revision.empty()) return std::nullopt;
  for (char c : revision) {
    if (!IsAlnum(c) && std::string_view(".+~_").find(c) == std::string_view::npos) {
      return std::nullopt;
    }
  }
  parsed.upstream = std::string(upstream);
  parsed.revision = std::string(revision);
  return parsed;
}

Result<DpkgStatus> ParseDpkgStatus(std::string_view content) {
  SCRY_CHECK(CheckText(content, "dpkg status file"));
  std::vector<Paragraph> paragraphs = SplitParagraphs(content);
  if (!paragraphs.empty() && std::all_of(paragraphs.begin(), paragraphs.end(),
                                         [](const Paragraph& p) { return !p.error.empty(); })) {
    return Fail(ErrorCode::kInvalidInput, "not a dpkg status file: {}", paragraphs.front().error);
  }
  DpkgStatus status;
  std::vector<std::vector<std::string>> depends;
  for (const Paragraph& paragraph : paragraphs) {
    auto skip = [&](std::string_view why) {
      status.warnings.push_back(
          fmt::format("dpkg status paragraph at line {} skipped: {}", paragraph.line, why));
    };
    if (!paragraph.error.empty()) {
      skip(paragraph.error);
      continue;
    }
    if (!Installed(paragraph.Get("status"))) continue;
    const std::string& name = paragraph.Get("package");
    const std::string& version = paragraph.Get("version");
    if (name.empty() || version.empty()) {
      skip(name.empty() ? "no Package field" : "package " + name + " has no Version field");
      continue;
    }
    auto parsed = ParseDebianVersion(version);
    if (!parsed) {
      skip(fmt::format("package {} has an invalid version \"{}\"", name, version));
      continue;
    }
    model::Package package;
    package.name = name;
    package.epoch = parsed->epoch;
    package.version = parsed->upstream;
    package.release = parsed->revision;
    package.arch = paragraph.Get("architecture");
    package.maintainer = paragraph.Get("maintainer");

    // "Source: name" or "Source: name (version)" when the source version differs.
    std::string_view source = strings::TrimSpace(paragraph.Get("source"));
    size_t space = source.find_first_of(" \t");
    std::string_view source_name = source.substr(0, space);
    std::string_view source_rest = space == std::string_view::npos
                                       ? std::string_view()
                                       : strings::TrimSpace(source.substr(space));
    std::optional<DebianVersion> source_version = parsed;
    if (!source_rest.empty()) {
      if (source_rest.size() < 2 || source_rest.front() != '(' || source_rest.back() != ')') {
        skip(fmt::format("package {} has a malformed Source field \"{}\"", name, source));
        continue;
      }
      source_version = ParseDebianVersion(source_rest.substr(1, source_rest.size() - 2));
      if (!source_version) {
        skip(fmt::format("package {} has an invalid source version in \"{}\"", name, source));
        continue;
      }
    }
    // dpkg-query's ${source:Package} and ${source:Version} fall back to the binary package's.
    package.src_name = source_name.empty() ? name : std::string(source_name);
    package.src_epoch = source_version->epoch;
    package.src_version = source_version->upstream;
    package.src_release = source_version->revision;
    model::SetOsPackageIdentity(package, "deb");
    depends.push_back(DependencyNames(paragraph.Get("depends")));
    status.packages.push_back(std::move(package));
  }

  std::map<std::string_view, std::string_view> ids;
  for (const model::Package& package : status.packages) ids.emplace(package.name, package.id);
  for (size_t i = 0; i < status.packages.size(); ++i) {
    std::set<std::string> resolved;
    for (const std::string& dependency : depends[i]) {
      auto it = ids.find(dependency);
      if (it != ids.end()) resolved.emplace(it->second);
    }
    status.packages[i].depends_on.assign(resolved.begin(), resolved.end());
  }
  return status;
}

Result<DpkgMd5sums> ParseDpkgMd5sums(std::string_view content) {
  SCRY_CHECK(CheckText(content, "dpkg md5sums file"));
  DpkgMd5sums sums;
  size_t line_number = 0;
  for (std::string_view line : strings::Split(content, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (strings::TrimSpace(line).empty()) continue;
    size_t hash_end = line.find_first_of(" \t");
    std::string_view hash = line.substr(0, hash_end);
    std::string_view path;
    if (hash_end != std::string_view::npos) {
      path = line.substr(hash_end);
      path.remove_prefix(std::min(path.find_first_not_of(" \t"), path.size()));
    }
    while (path.starts_with("./")) path.remove_prefix(2);
    while (path.starts_with('/')) path.remove_prefix(1);
    bool hex = hash.size() == 32 && std::all_of(hash.begin(), hash.end(), [](char c) {
                 return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
               });
    if (!hex || path.empty()) {
      sums.warnings.push_back(
          fmt::format("md5sums line {} skipped: not \"<md5> <path>\"", line_number));
      continue;
    }
    sums.paths.emplace_back(path);
  }
  return sums;
}

std::string DpkgPackageOfMd5sums(std::string_view path) {
  std::string_view base = path.substr(path.rfind('/') + 1);
  if (base.ends_with(".md5sums")) base.remove_suffix(std::string_view(".md5sums").size());
  return std::string(strings::Cut(base, ":").before);
}

}  // namespace scry::analyzer::pkg
