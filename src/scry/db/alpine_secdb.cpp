#include "scry/db/alpine_secdb.hpp"

#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>

#include "scry/base/strings.hpp"
#include "scry/formats/yaml.hpp"
#include "scry/version/scheme.hpp"

namespace scry::db {
namespace {

using formats::yaml::Node;

constexpr size_t kMalformedExamples = 10;
// secdb has no dates; a placeholder that reports leave out, older than any dated record of the
// same ID (osv.dev's Alpine records come from the same data).
constexpr std::string_view kUndated = "0001-01-01T00:00:00Z";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// "CVE-YYYY-N..." at the start of `token`, or empty.
std::string CvePrefix(std::string_view token) {
  if (token.size() < 13 || !(token.starts_with("CVE-") || token.starts_with("CVE_"))) return {};
  for (size_t i = 4; i < 8; ++i) {
    if (!IsDigit(token[i])) return {};
  }
  if (token[8] != '-') return {};
  size_t end = 9;
  while (end < token.size() && IsDigit(token[end])) ++end;
  if (end - 9 < 4) return {};
  return fmt::format("CVE-{}", token.substr(4, end - 4));
}

// An advisory ID such as "XSA-264", "ZBX-11023" or "wnpa-sec-2017-21": letters, then groups of
// letters and digits joined by '-'.
bool IsAdvisoryId(std::string_view token) {
  if (token.empty() || token.size() > 64 || !IsAlnum(token[0]) || IsDigit(token[0])) return false;
  bool dash = false;
  for (size_t i = 0; i < token.size(); ++i) {
    char c = token[i];
    if (c == '-') {
      if (i == 0 || token[i - 1] == '-' || i + 1 == token.size()) return false;
      dash = true;
    } else if (!IsAlnum(c)) {
      return false;
    }
  }
  return dash;
}

// The IDs named by one secfixes list item; empty when none.
std::vector<std::string> IdsOf(std::string_view item) {
  std::vector<std::string> ids;
  size_t start = 0;
  while (start < item.size()) {
    size_t end = item.find_first_of(" \t", start);
    if (end == std::string_view::npos) end = item.size();
    std::string_view token = item.substr(start, end - start);
    start = end + 1;
    if (token.empty()) continue;
    std::string id = CvePrefix(token);
    if (id.empty() && IsAdvisoryId(token) && !token.starts_with("CVE")) id = token;
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      ids.push_back(std::move(id));
    }
  }
  return ids;
}

}  // namespace

Result<AlpineSecdb> ParseAlpineSecdb(std::string_view text) {
  auto root = formats::yaml::Parse(text);
  if (!root) return tl::unexpected(std::move(root.error()).Wrap("secdb"));
  if (root->kind != Node::Kind::kMapping) {
    return Fail(ErrorCode::kInvalidInput, "secdb document is not a mapping");
  }
  AlpineSecdb secdb;
  const Node* release = root->Find("distroversion");
  if (release == nullptr || release->kind != Node::Kind::kScalar || release->scalar.empty() ||
      release->scalar.size() > 32 || !strings::IsPrintableUtf8(release->scalar) ||
      release->scalar.find(':') != std::string::npos) {
    return Fail(ErrorCode::kInvalidInput, "secdb document without a valid \"distroversion\"");
  }
  secdb.release = release->scalar;
  if (const Node* repository = root->Find("reponame");
      repository != nullptr && repository->kind == Node::Kind::kScalar) {
    secdb.repository = repository->scalar;
  }
  auto malformed = [&secdb](size_t line, std::string reason) {
    ++secdb.malformed;
    if (secdb.malformed_examples.size() < kMalformedExamples) {
      secdb.malformed_examples.push_back(fmt::format("line {}: {}", line, reason));
    }
  };
  const Node* packages = root->Find("packages");
  if (packages == nullptr || packages->IsNull()) return secdb;
  if (packages->kind != Node::Kind::kSequence) {
    return Fail(ErrorCode::kInvalidInput, "secdb \"packages\" is not a list");
  }
  const version::Scheme& apk = version::GetScheme(version::SchemeKind::kApk);
  for (const Node& item : packages->items) {
    const Node* pkg = item.Find("pkg");
    const Node* name = pkg != nullptr ? pkg->Find("name") : nullptr;
    if (name == nullptr || name->kind != Node::Kind::kScalar || name->scalar.empty() ||
        name->scalar.size() > 256 || !strings::IsPrintableUtf8(name->scalar)) {
      malformed(item.line, "package entry without a name");
      continue;
    }
    ++secdb.packages;
    const Node* secfixes = pkg->Find("secfixes");
    if (secfixes == nullptr || secfixes->IsNull()) continue;
    if (secfixes->kind != Node::Kind::kMapping) {
      malformed(secfixes->line, fmt::format("secfixes of {} is not a mapping", name->scalar));
      continue;
    }
    for (const auto& [fixed, list] : secfixes->entries) {
      if (fixed != "0" && !apk.Parse(fixed)) {
        malformed(list.line, fmt::format("{}: \"{}\" is not an apk version", name->scalar,
                                         strings::IsPrintableUtf8(fixed) ? fixed : "?"));
        continue;
      }
      if (list.IsNull()) continue;  // a fix without IDs says nothing to match
      if (list.kind != Node::Kind::kSequence) {
        malformed(list.line, fmt::format("{} {}: IDs are not a list", name->scalar, fixed));
        continue;
      }
      for (const Node& id : list.items) {
        std::vector<std::string> ids;
        if (id.kind == Node::Kind::kScalar) ids = IdsOf(id.scalar);
        if (ids.empty()) {
          malformed(id.line,
                    fmt::format("{} {}: no advisory ID in \"{}\"", name->scalar, fixed,
                                id.kind == Node::Kind::kScalar &&
                                        strings::IsPrintableUtf8(id.scalar) && id.scalar.size() < 80
                                    ? id.scalar
                                    : "?"));
          continue;
        }
        secdb.fixes.push_back({name->scalar, fixed, std::move(ids)});
      }
    }
  }
  return secdb;
}

std::vector<osv::Record> AlpineSecdbRecords(const std::vector<AlpineSecdb>& files) {
  // ID -> (release, package, fixed) -> aliases; ordered maps keep the output deterministic.
  std::map<std::string, std::set<std::tuple<std::string, std::string, std::string>>> entries;
  std::map<std::string, std::set<std::string>> aliases;
  for (const AlpineSecdb& file : files) {
    for (const AlpineSecfix& fix : file.fixes) {
      // Each CVE on the line is a vulnerability of its own; other IDs (XSA-264, TALOS-...) name
      // the same issue, or are the ID when the line has no CVE.
      std::vector<std::string> cves;
      std::vector<std::string> others;
      for (const std::string& id : fix.ids) (id.starts_with("CVE-") ? cves : others).push_back(id);
      if (cves.empty()) cves.push_back(others.front());
      for (const std::string& id : cves) {
        aliases[id].insert(id);
        aliases[id].insert(others.begin(), others.end());
        if (fix.fixed != "0") entries[id].insert({file.release, fix.package, fix.fixed});
      }
    }
  }
  std::vector<osv::Record> records;
  for (const auto& [id, affected_set] : entries) {
    osv::Record record;
    record.id = "ALPINE-" + id;
    record.modified = kUndated;
    record.aliases.assign(aliases[id].begin(), aliases[id].end());
    if (id.starts_with("CVE-")) {
      record.references.push_back(
          {"ADVISORY", fmt::format("https://security.alpinelinux.org/vuln/{}", id)});
    }
    for (const auto& [release, package, fixed] : affected_set) {
      osv::Affected affected;
      affected.ecosystem = "Alpine:" + release;
      affected.name = package;
      osv::Range range;
      range.type = osv::Range::Type::kEcosystem;
      range.events = {{osv::Event::Kind::kIntroduced, "0"}, {osv::Event::Kind::kFixed, fixed}};
      affected.ranges.push_back(std::move(range));
      record.affected.push_back(std::move(affected));
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace scry::db
