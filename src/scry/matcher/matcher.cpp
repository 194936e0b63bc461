#include "scry/matcher/matcher.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "scry/base/log.hpp"
#include "scry/base/strings.hpp"
#include "scry/cvss/cvss.hpp"

namespace scry::matcher {
namespace {

using model::DetectedVulnerability;
using model::Package;
using model::ScanResult;
using version::ParsedVersion;
using version::Scheme;

// The installed version parsed once per scheme it is compared with.
struct InstalledVersion {
  std::unique_ptr<ParsedVersion> semver;     // for SEMVER ranges (no "v" prefix)
  std::unique_ptr<ParsedVersion> ecosystem;  // for ECOSYSTEM ranges and version lists
  std::string semver_error;
  std::string ecosystem_error;
};

std::string_view WithoutV(std::string_view text) {
  return text.starts_with('v') ? text.substr(1) : text;
}

const ParsedVersion* VersionFor(const InstalledVersion& installed, osv::Range::Type type) {
  return type == osv::Range::Type::kSemver ? installed.semver.get() : installed.ecosystem.get();
}

// What one affected entry says about the installed version.
struct EntryVerdict {
  bool affected = false;
  std::string matched;  // "SEMVER introduced 0, fixed 0.3.8" or "versions list"
  std::vector<std::pair<osv::Range::Type, std::string>> fixed;  // of the ranges that matched
  std::string unevaluable;  // a version the scheme could not read
};

// OSV's evaluation of one range: events sorted by version ("0" first), then walked in order.
bool RangeAffects(const osv::Range& range, const Scheme& scheme, const ParsedVersion& installed,
                  std::string& unevaluable) {
  struct SortedEvent {
    const osv::Event* event;
    std::unique_ptr<ParsedVersion> version;  // null for introduced "0"
  };
  std::vector<SortedEvent> events;
  for (const osv::Event& event : range.events) {
    SortedEvent sorted{&event, nullptr};
    bool zero = event.kind == osv::Event::Kind::kIntroduced && event.version == "0";
    if (!zero) {
      std::string_view text =
          range.type == osv::Range::Type::kSemver ? WithoutV(event.version) : event.version;
      auto parsed = scheme.Parse(text);
      if (!parsed) {
        unevaluable = event.version;
        return false;
      }
      sorted.version = std::move(*parsed);
    }
    events.push_back(std::move(sorted));
  }
  std::stable_sort(events.begin(), events.end(), [&scheme](const auto& a, const auto& b) {
    if (!a.version || !b.version) return !a.version && b.version;
    return scheme.Compare(*a.version, *b.version) < 0;
  });
  bool affected = false;
  for (const SortedEvent& sorted : events) {
    int order = sorted.version ? scheme.Compare(installed, *sorted.version) : 1;
    switch (sorted.event->kind) {
      case osv::Event::Kind::kIntroduced:
        if (order >= 0) affected = true;
        break;
      case osv::Event::Kind::kFixed:
        if (order >= 0) affected = false;
        break;
      case osv::Event::Kind::kLastAffected:
        if (order > 0) affected = false;
        break;
      case osv::Event::Kind::kLimit:
        if (order >= 0) return false;
        break;
    }
  }
  return affected;
}

std::string DescribeRange(const osv::Range& range) {
  std::string out = range.type == osv::Range::Type::kSemver ? "SEMVER" : "ECOSYSTEM";
  for (size_t i = 0; i < range.events.size(); ++i) {
    out += i == 0 ? " " : ", ";
    out += std::string(osv::EventKindName(range.events[i].kind)) + " " + range.events[i].version;
  }
  return out;
}

EntryVerdict Evaluate(const osv::Affected& affected, const Scheme& ecosystem_scheme,
                      const InstalledVersion& installed, std::string_view installed_text) {
  EntryVerdict verdict;
  // Listed versions are compared by the scheme (PyPI's 1.0-1 is 1.0.post1), or as text when the
  // scheme cannot read them.
  for (const std::string& listed : affected.versions) {
    bool equal = listed == installed_text;
    if (!equal && installed.ecosystem) {
      auto parsed = ecosystem_scheme.Parse(listed);
      equal = parsed && ecosystem_scheme.Compare(**parsed, *installed.ecosystem) == 0;
    }
    if (equal) {
      verdict.affected = true;
      verdict.matched = "versions list";
      break;
    }
  }
  for (const osv::Range& range : affected.ranges) {
    if (range.type == osv::Range::Type::kGit) continue;
    const Scheme& scheme = range.type == osv::Range::Type::kSemver
                               ? version::GetScheme(version::SchemeKind::kSemver)
                               : ecosystem_scheme;
    const ParsedVersion* version = VersionFor(installed, range.type);
    if (version == nullptr) {
      verdict.unevaluable = std::string(installed_text);
      continue;
    }
    std::string bad;
    if (RangeAffects(range, scheme, *version, bad)) {
      verdict.affected = true;
      if (verdict.matched.empty()) verdict.matched = DescribeRange(range);
      for (const osv::Event& event : range.events) {
        if (event.kind == osv::Event::Kind::kFixed) {
          verdict.fixed.emplace_back(range.type, event.version);
        }
      }
    } else if (!bad.empty()) {
      verdict.unevaluable = bad;
    }
  }
  return verdict;
}

model::DataSource DataSourceFor(std::string_view id) {
  if (id.starts_with("GO-")) {
    return {"go", "Go Vulnerability Database", "https://pkg.go.dev/vuln/"};
  }
  if (id.starts_with("GHSA-")) {
    return {"ghsa", "GitHub Security Advisory Database", "https://github.com/advisories"};
  }
  if (id.starts_with("RUSTSEC-"))
    return {"rustsec", "RustSec Advisory Database", "https://rustsec.org"};
  if (id.starts_with("PYSEC-")) {
    return {"pypa", "Python Packaging Advisory Database",
            "https://github.com/pypa/advisory-database"};
  }
  if (id.starts_with("ALSA-") || id.starts_with("ALBA-") || id.starts_with("ALEA-")) {
    return {"alma", "AlmaLinux Product Errata", "https://errata.almalinux.org/"};
  }
  return {"osv", "Open Source Vulnerabilities", "https://osv.dev"};
}

bool IsPlaceholderDate(std::string_view date) { return date.empty() || date.starts_with("0001-"); }

// Severity from CVSS vectors (v3 first, as Trivy does, then v4.0 and v2), else the database's own
// rating, else unknown.
void ApplySeverity(const osv::Record& record, const osv::Affected& affected,
                   DetectedVulnerability& finding) {
  std::vector<osv::Severity> vectors = affected.severity;
  vectors.insert(vectors.end(), record.severity.begin(), record.severity.end());
  const std::string& source = finding.data_source.id;
  std::optional<model::Severity> chosen;
  int chosen_rank = 99;
  model::CvssScores scores;
  for (const osv::Severity& entry : vectors) {
    auto score = cvss::ScoreVector(entry.score);
    if (!score) continue;
    int rank = 99;
    switch (score->version) {
      case cvss::Version::kV30:
      case cvss::Version::kV31:
        rank = 0;
        scores.v3_vector = entry.score;
        scores.v3_score = score->base_score;
        break;
      case cvss::Version::kV40:
        rank = 1;
        scores.v40_vector = entry.score;
        scores.v40_score = score->base_score;
        break;
      case cvss::Version::kV2:
        rank = 2;
        scores.v2_vector = entry.score;
        scores.v2_score = score->base_score;
        break;
    }
    if (rank < chosen_rank) {
      chosen_rank = rank;
      auto name = cvss::SeverityName(score->severity);
      chosen = name == "NONE" ? model::Severity::kLow : model::ParseSeverity(name);
    }
  }
  if (chosen_rank < 99) finding.cvss[source] = scores;
  if (!chosen) {
    for (std::string_view rating : {std::string_view(affected.database_severity),
                                    std::string_view(record.database_severity)}) {
      if (auto parsed = model::ParseSeverity(rating); parsed && !chosen) chosen = parsed;
    }
  }
  finding.severity = chosen.value_or(model::Severity::kUnknown);
  if (chosen) {
    finding.severity_source = source;
    finding.vendor_severity[source] = finding.severity;
  }
}

DetectedVulnerability MakeFinding(const Package& package, const osv::Record& record,
                                  const osv::Affected& affected) {
  DetectedVulnerability finding;
  std::vector<std::string> cves;
  if (record.id.starts_with("CVE-")) cves.push_back(record.id);
  for (const std::string& alias : record.aliases) {
    if (alias.starts_with("CVE-")) cves.push_back(alias);
  }
  finding.vulnerability_id = cves.size() == 1 ? cves[0] : record.id;
  if (finding.vulnerability_id != record.id) finding.vendor_ids.push_back(record.id);
  for (const std::string& alias : record.aliases) {
    if (alias != finding.vulnerability_id) finding.vendor_ids.push_back(alias);
  }
  finding.pkg_id = package.id;
  finding.pkg_name = package.name;
  finding.pkg_purl = package.purl;
  finding.installed_version = package.version;
  finding.layer = package.layer;
  finding.data_source = DataSourceFor(record.id);
  finding.title = record.summary;
  finding.description = record.details;
  finding.cwe_ids = record.cwe_ids;
  for (const auto& reference : record.references) finding.references.push_back(reference.url);
  finding.primary_url = record.source_url;
  if (finding.primary_url.empty()) {
    for (const auto& reference : record.references) {
      if (reference.type == "ADVISORY") {
        finding.primary_url = reference.url;
        break;
      }
    }
  }
  if (finding.primary_url.empty())
    finding.primary_url = "https://osv.dev/vulnerability/" + record.id;
  if (!IsPlaceholderDate(record.published)) finding.published_date = record.published;
  if (!IsPlaceholderDate(record.modified)) finding.last_modified_date = record.modified;
  ApplySeverity(record, affected, finding);
  return finding;
}

std::string BuildSetting(const ScanResult& result, std::string_view key) {
  if (!result.go_binary) return {};
  for (const auto& [name, value] : result.go_binary->build_settings) {
    if (name == key) return value;
  }
  return {};
}

// Go vulndb lists the packages (and platforms) a vulnerability lives in. When none of them is
// built for the binary's GOOS/GOARCH, the binary cannot contain the vulnerable code.
std::optional<std::string> PlatformMismatch(const osv::Affected& affected, std::string_view goos,
                                            std::string_view goarch) {
  if (affected.go_imports.empty() || (goos.empty() && goarch.empty())) return std::nullopt;
  auto contains = [](const std::vector<std::string>& list, std::string_view value) {
    return list.empty() || value.empty() ||
           std::find(list.begin(), list.end(), value) != list.end();
  };
  std::set<std::string> platforms;
  for (const osv::GoImport& import : affected.go_imports) {
    if (contains(import.goos, goos) && contains(import.goarch, goarch)) return std::nullopt;
    for (const auto& os : import.goos) platforms.insert("GOOS=" + os);
    for (const auto& arch : import.goarch) platforms.insert("GOARCH=" + arch);
  }
  return fmt::format("affects only {}; the binary is built for {}/{}",
                     strings::Join({platforms.begin(), platforms.end()}, ", "), goos, goarch);
}

// Vulnerabilities of the "toolchain" pseudo-module name the commands they are in (cmd/go,
// cmd/cgo...); a Go distribution binary contains only its own command.
std::optional<std::string> CommandMismatch(const osv::Affected& affected,
                                           std::string_view command) {
  if (affected.go_imports.empty() || command.empty()) return std::nullopt;
  std::vector<std::string> paths;
  for (const osv::GoImport& import : affected.go_imports) {
    if (import.path == command || import.path.starts_with(std::string(command) + "/")) {
      return std::nullopt;
    }
    paths.push_back(import.path);
  }
  return fmt::format("affects only {}; this binary is {}", strings::Join(paths, ", "), command);
}

// The smallest fixed version that orders after the installed one, compared by the scheme of the
// range that named it (SEMVER ranges first when a record mixes range types).
std::string LowestFixedAbove(const std::vector<std::pair<osv::Range::Type, std::string>>& fixed,
                             const Scheme& ecosystem_scheme, const InstalledVersion& installed) {
  for (osv::Range::Type type : {osv::Range::Type::kSemver, osv::Range::Type::kEcosystem}) {
    const Scheme& scheme = type == osv::Range::Type::kSemver
                               ? version::GetScheme(version::SchemeKind::kSemver)
                               : ecosystem_scheme;
    const ParsedVersion* current = VersionFor(installed, type);
    if (current == nullptr) continue;
    std::string best;
    std::unique_ptr<ParsedVersion> best_version;
    for (const auto& [range_type, text] : fixed) {
      if (range_type != type) continue;
      auto parsed = scheme.Parse(type == osv::Range::Type::kSemver ? WithoutV(text) : text);
      if (!parsed || scheme.Compare(**parsed, *current) <= 0) continue;
      if (!best_version || scheme.Compare(**parsed, *best_version) < 0) {
        best = text;
        best_version = std::move(*parsed);
      }
    }
    if (!best.empty()) return best;
  }
  return {};
}

// Records found for one package, before aliases are merged.
struct Candidate {
  std::string record_id;
  const osv::Affected* affected;
  EntryVerdict verdict;
};

class PackageMatcher {
 public:
  PackageMatcher(const db::AdvisoryStore& store, const MatchOptions& options,
                 const EcosystemScheme& ecosystem, ScanResult& result)
      : store_(store),
        options_(options),
        ecosystem_(ecosystem),
        scheme_(version::GetScheme(ecosystem.scheme)),
        result_(result),
        goos_(BuildSetting(result, "GOOS")),
        goarch_(BuildSetting(result, "GOARCH")) {}

  Status Match(const Package& package) {
    SCRY_TRY(auto entries, store_.FindAffected(ecosystem_.ecosystem, package.name));
    if (package.version.empty()) {
      std::string reason = "version unknown";
      if (package.evidence.count("RecoveredFrom") != 0) {
        reason += " (module recovered from the Go function table)";
      } else if (auto local = package.evidence.find("LocalReplacement");
                 local != package.evidence.end()) {
        reason += " (replaced by the local directory " + local->second + ")";
      }
      size_t advisories = CountRecords(entries);
      reason += advisories == 0 ? "; no advisories for this package"
                : advisories == 1
                    ? "; 1 advisory exists for this package"
                    : fmt::format("; {} advisories exist for this package", advisories);
      result_.unmatched_packages.push_back({package.id, package.name, reason});
      if (options_.include_unknown) SCRY_CHECK(AddPossiblyAffected(package, entries));
      return Ok();
    }
    if (entries.empty()) return Ok();

    InstalledVersion installed;
    ParseInstalled(package.version, installed);
    if (!installed.ecosystem && !installed.semver) {
      std::string reason = fmt::format("version {} cannot be ordered: {}", package.version,
                                       installed.ecosystem_error);
      SCRY_LOG_WARN("{}: {} {}: {}; it is not matched", result_.target, package.name,
                    package.version, reason);
      result_.unmatched_packages.push_back({package.id, package.name, reason});
      return Ok();
    }

    std::vector<Candidate> candidates;
    for (const db::AffectedEntry& entry : entries) {
      EntryVerdict verdict = Evaluate(entry.affected, scheme_, installed, package.version);
      if (!verdict.affected) {
        if (!verdict.unevaluable.empty()) {
          result_.filtered_vulnerabilities.push_back(
              {entry.id, package.name, package.version,
               fmt::format("advisory range not evaluable: \"{}\" is not a {} version",
                           verdict.unevaluable, version::SchemeKindName(ecosystem_.scheme))});
        }
        continue;
      }
      if (package.name == "toolchain" && result_.go_binary) {
        if (auto mismatch = CommandMismatch(entry.affected, result_.go_binary->main_package_path)) {
          result_.filtered_vulnerabilities.push_back(
              {entry.id, package.name, package.version, *mismatch});
          continue;
        }
      }
      if (auto mismatch = PlatformMismatch(entry.affected, goos_, goarch_)) {
        result_.filtered_vulnerabilities.push_back(
            {entry.id, package.name, package.version, *mismatch});
        continue;
      }
      candidates.push_back({entry.id, &entry.affected, std::move(verdict)});
    }
    return AddFindings(package, installed, candidates);
  }

 private:
  static size_t CountRecords(const std::vector<db::AffectedEntry>& entries) {
    std::set<std::string_view> ids;
    for (const auto& entry : entries) ids.insert(entry.id);
    return ids.size();
  }

  void ParseInstalled(const std::string& text, InstalledVersion& installed) const {
    auto ecosystem = scheme_.Parse(text);
    if (ecosystem) {
      installed.ecosystem = std::move(*ecosystem);
    } else {
      installed.ecosystem_error = ecosystem.error().message();
    }
    auto semver = version::GetScheme(version::SchemeKind::kSemver).Parse(WithoutV(text));
    if (semver) {
      installed.semver = std::move(*semver);
    } else {
      installed.semver_error = semver.error().message();
    }
  }

  Status AddPossiblyAffected(const Package& package,
                             const std::vector<db::AffectedEntry>& entries) {
    std::set<std::string> seen;
    for (const auto& entry : entries) {
      if (!seen.insert(entry.id).second) continue;
      SCRY_TRY(auto record, store_.FindRecord(entry.id));
      if (!record) continue;
      DetectedVulnerability finding = MakeFinding(package, *record, entry.affected);
      finding.status = "unknown";
      finding.evidence["Match"] = "version unknown: possibly affected";
      result_.vulnerabilities.push_back(std::move(finding));
    }
    return Ok();
  }

  Status AddFindings(const Package& package, const InstalledVersion& installed,
                     std::vector<Candidate>& candidates) {
    // One finding per record first (a record may list the package in several entries).
    struct Group {
      DetectedVulnerability finding;
      std::set<std::string> names;       // record IDs and aliases
      std::vector<std::string> records;  // record IDs, sorted
      std::vector<std::pair<osv::Range::Type, std::string>> fixed;
    };
    std::map<std::string, Group> by_record;
    for (Candidate& candidate : candidates) {
      auto existing = by_record.find(candidate.record_id);
      if (existing == by_record.end()) {
        SCRY_TRY(auto record, store_.FindRecord(candidate.record_id));
        if (!record) continue;
        Group group;
        group.finding = MakeFinding(package, *record, *candidate.affected);
        group.finding.evidence["MatchedRange"] = candidate.verdict.matched;
        group.names.insert(record->id);
        group.names.insert(record->aliases.begin(), record->aliases.end());
        group.records.push_back(record->id);
        existing = by_record.emplace(candidate.record_id, std::move(group)).first;
      }
      auto& fixed = existing->second.fixed;
      fixed.insert(fixed.end(), candidate.verdict.fixed.begin(), candidate.verdict.fixed.end());
    }
    // Records that alias each other describe one vulnerability: merge them, in ID order.
    std::vector<Group> merged;
    for (auto& [id, group] : by_record) {
      auto into = std::find_if(merged.begin(), merged.end(), [&group = group](const Group& other) {
        return std::any_of(group.names.begin(), group.names.end(),
                           [&other](const std::string& name) { return other.names.count(name); });
      });
      if (into == merged.end()) {
        merged.push_back(std::move(group));
        continue;
      }
      into->names.insert(group.names.begin(), group.names.end());
      into->records.push_back(id);
      into->fixed.insert(into->fixed.end(), group.fixed.begin(), group.fixed.end());
      DetectedVulnerability& finding = into->finding;
      if (finding.severity == model::Severity::kUnknown &&
          group.finding.severity != model::Severity::kUnknown) {
        finding.severity = group.finding.severity;
        finding.severity_source = group.finding.severity_source;
      }
      finding.cvss.insert(group.finding.cvss.begin(), group.finding.cvss.end());
      finding.vendor_severity.insert(group.finding.vendor_severity.begin(),
                                     group.finding.vendor_severity.end());
    }
    for (Group& group : merged) {
      DetectedVulnerability& finding = group.finding;
      // The CVE when the merged records name exactly one, else the first record's ID; every other
      // name (records first, then aliases) goes to VendorIDs.
      std::vector<std::string> cves;
      for (const auto& name : group.names) {
        if (name.starts_with("CVE-")) cves.push_back(name);
      }
      finding.vulnerability_id = cves.size() == 1 ? cves[0] : group.records.front();
      finding.vendor_ids.clear();
      for (const auto& id : group.records) {
        if (id != finding.vulnerability_id) finding.vendor_ids.push_back(id);
      }
      for (const auto& name : group.names) {
        if (name != finding.vulnerability_id &&
            std::find(finding.vendor_ids.begin(), finding.vendor_ids.end(), name) ==
                finding.vendor_ids.end()) {
          finding.vendor_ids.push_back(name);
        }
      }
      if (group.records.size() > 1) finding.evidence["Records"] = strings::Join(group.records, ",");
      finding.fixed_version = LowestFixedAbove(group.fixed, scheme_, installed);
      finding.status = finding.fixed_version.empty() ? "affected" : "fixed";
      result_.vulnerabilities.push_back(std::move(finding));
    }
    return Ok();
  }

  const db::AdvisoryStore& store_;
  const MatchOptions& options_;
  const EcosystemScheme& ecosystem_;
  const Scheme& scheme_;
  ScanResult& result_;
  std::string goos_;
  std::string goarch_;
};

}  // namespace

std::optional<EcosystemScheme> EcosystemForResultType(std::string_view type) {
  using version::SchemeKind;
  if (type == "gobinary" || type == "gomod") return EcosystemScheme{"Go", SchemeKind::kGo};
  if (type == "cargo" || type == "rustbinary") {
    return EcosystemScheme{"crates.io", SchemeKind::kSemver};
  }
  if (type == "pip" || type == "pipenv" || type == "poetry" || type == "uv" ||
      type == "python-pkg") {
    return EcosystemScheme{"PyPI", SchemeKind::kPep440};
  }
  if (type == "npm" || type == "yarn" || type == "pnpm" || type == "node-pkg") {
    return EcosystemScheme{"npm", SchemeKind::kNpm};
  }
  return std::nullopt;
}

Status MatchReport(const db::AdvisoryStore& store, const MatchOptions& options,
                   model::Report& report) {
  for (ScanResult& result : report.results) {
    auto ecosystem = EcosystemForResultType(result.type);
    if (!ecosystem) continue;
    PackageMatcher matcher(store, options, *ecosystem, result);
    for (const Package& package : result.packages) SCRY_CHECK(matcher.Match(package));
    std::sort(result.vulnerabilities.begin(), result.vulnerabilities.end(),
              [](const auto& a, const auto& b) {
                return std::tie(a.pkg_name, a.installed_version, a.vulnerability_id) <
                       std::tie(b.pkg_name, b.installed_version, b.vulnerability_id);
              });
    std::sort(result.filtered_vulnerabilities.begin(), result.filtered_vulnerabilities.end(),
              [](const auto& a, const auto& b) {
                return std::tie(a.pkg_name, a.vulnerability_id) <
                       std::tie(b.pkg_name, b.vulnerability_id);
              });
  }
  return Ok();
}

}  // namespace scry::matcher
