#include "scry/matcher/matcher.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "scry/base/log.hpp"
#include "scry/base/parallel.hpp"
#include "scry/base/strings.hpp"
#include "scry/cvss/cvss.hpp"
#include "scry/db/debian_tracker.hpp"

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

// A fixed event of a range that matched, already parsed by the range's scheme.
struct FixedEvent {
  osv::Range::Type type;
  const std::string* text;
  const ParsedVersion* version;
};

// What one affected entry says about the installed version. Points into the prepared entry.
struct EntryVerdict {
  bool affected = false;
  const std::string* matched = nullptr;  // "SEMVER introduced 0, fixed 0.3.8" or "versions list"
  // The fixed events of the ranges that matched: [fixed_begin, fixed_end) of the caller's pool,
  // which spares every verdict a vector of its own.
  size_t fixed_begin = 0;
  size_t fixed_end = 0;
  // A version the scheme could not read: views the prepared range or the caller's installed text,
  // so it is read only while the caller's text lives (EvaluatePackage).
  std::string_view unevaluable;
};

// A range's events parsed by the range's scheme and sorted by version ("0" first), once per
// package name and MatchReport call rather than once per installed version.
struct SortedEvent {
  const osv::Event* event;
  std::unique_ptr<ParsedVersion> version;  // null for introduced "0"
};
struct PreparedRange {
  const osv::Range* range;
  std::vector<SortedEvent> events;
  std::string unevaluable;  // the first event version (in record order) the scheme cannot read
  std::string description;  // the range as evidence: "SEMVER introduced 0, fixed 0.3.8"
};

std::string DescribeRange(const osv::Range& range) {
  std::string out = range.type == osv::Range::Type::kSemver ? "SEMVER" : "ECOSYSTEM";
  for (size_t i = 0; i < range.events.size(); ++i) {
    out += i == 0 ? " " : ", ";
    out += std::string(osv::EventKindName(range.events[i].kind)) + " " + range.events[i].version;
  }
  return out;
}

PreparedRange PrepareRange(const osv::Range& range, const Scheme& scheme) {
  PreparedRange prepared{&range, {}, {}, DescribeRange(range)};
  for (const osv::Event& event : range.events) {
    SortedEvent sorted{&event, nullptr};
    bool zero = event.kind == osv::Event::Kind::kIntroduced && event.version == "0";
    if (!zero) {
      std::string_view text =
          range.type == osv::Range::Type::kSemver ? WithoutV(event.version) : event.version;
      auto parsed = scheme.Parse(text);
      if (!parsed) {
        prepared.unevaluable = event.version;
        prepared.events.clear();
        return prepared;
      }
      sorted.version = std::move(*parsed);
    }
    prepared.events.push_back(std::move(sorted));
  }
  std::stable_sort(prepared.events.begin(), prepared.events.end(),
                   [&scheme](const auto& a, const auto& b) {
                     if (!a.version || !b.version) return !a.version && b.version;
                     return scheme.Compare(*a.version, *b.version) < 0;
                   });
  return prepared;
}

// OSV's evaluation of one range (https://ossf.github.io/osv-schema/#evaluation): its sorted
// events walked in order, and, when the range has limits, below at least one of them.
bool RangeAffects(const PreparedRange& range, const Scheme& scheme, const ParsedVersion& installed,
                  std::string_view& unevaluable) {
  if (!range.unevaluable.empty()) {
    unevaluable = range.unevaluable;
    return false;
  }
  bool affected = false;
  bool has_limit = false;
  bool below_a_limit = false;
  for (const SortedEvent& sorted : range.events) {
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
        has_limit = true;
        if (order < 0) below_a_limit = true;
        break;
    }
  }
  return affected && (!has_limit || below_a_limit);
}

struct KnownRecord;

// An affected entry with its listed versions and ranges parsed (GIT ranges left out).
struct PreparedEntry {
  const db::AffectedEntry* entry;
  std::vector<std::unique_ptr<ParsedVersion>> listed;  // null where the scheme cannot read it
  std::vector<PreparedRange> ranges;
  // Which parses of the installed version the entry compares with.
  bool uses_semver = false;     // SEMVER ranges
  bool uses_ecosystem = false;  // ECOSYSTEM ranges or listed versions
  // Set by Lookups::FetchRecords before findings are made from this entry: its record (null
  // when the database has none) and what every finding through this entry shares.
  mutable const KnownRecord* record = nullptr;
  mutable std::optional<DetectedVulnerability> finding_template;
  // Whether a package has asked for the entry's record (set once, through Request).
  mutable bool requested = false;

  // True for the first caller only, on any thread: so the entries packages need are listed once.
  bool Request() const {
    return !std::atomic_ref<bool>(requested).exchange(true, std::memory_order_relaxed);
  }
};

PreparedEntry PrepareEntry(const db::AffectedEntry& entry, const Scheme& ecosystem_scheme) {
  PreparedEntry prepared{&entry,  {},           {},   false, !entry.affected.versions.empty(),
                         nullptr, std::nullopt, false};
  for (const std::string& listed : entry.affected.versions) {
    auto parsed = ecosystem_scheme.Parse(listed);
    prepared.listed.push_back(parsed ? std::move(*parsed) : nullptr);
  }
  for (const osv::Range& range : entry.affected.ranges) {
    if (range.type == osv::Range::Type::kGit) continue;
    (range.type == osv::Range::Type::kSemver ? prepared.uses_semver : prepared.uses_ecosystem) =
        true;
    const Scheme& scheme = range.type == osv::Range::Type::kSemver
                               ? version::GetScheme(version::SchemeKind::kSemver)
                               : ecosystem_scheme;
    prepared.ranges.push_back(PrepareRange(range, scheme));
  }
  return prepared;
}

// Appends the fixed events of the ranges that match to `fixed_pool` (only when the entry affects
// the version).
EntryVerdict Evaluate(const PreparedEntry& prepared, const Scheme& ecosystem_scheme,
                      const InstalledVersion& installed, std::string_view installed_text,
                      std::vector<FixedEvent>& fixed_pool) {
  EntryVerdict verdict;
  verdict.fixed_begin = fixed_pool.size();
  const osv::Affected& affected = prepared.entry->affected;
  // Listed versions are compared by the scheme (PyPI's 1.0-1 is 1.0.post1), or as text when the
  // scheme cannot read them.
  for (size_t i = 0; i < affected.versions.size(); ++i) {
    bool equal = affected.versions[i] == installed_text;
    if (!equal && installed.ecosystem && prepared.listed[i]) {
      equal = ecosystem_scheme.Compare(*prepared.listed[i], *installed.ecosystem) == 0;
    }
    if (equal) {
      static const std::string kVersionsList = "versions list";
      verdict.affected = true;
      verdict.matched = &kVersionsList;
      break;
    }
  }
  for (const PreparedRange& prepared_range : prepared.ranges) {
    const osv::Range& range = *prepared_range.range;
    const Scheme& scheme = range.type == osv::Range::Type::kSemver
                               ? version::GetScheme(version::SchemeKind::kSemver)
                               : ecosystem_scheme;
    const ParsedVersion* version = VersionFor(installed, range.type);
    if (version == nullptr) {
      verdict.unevaluable = installed_text;
      continue;
    }
    std::string_view bad;
    if (RangeAffects(prepared_range, scheme, *version, bad)) {
      verdict.affected = true;
      if (verdict.matched == nullptr) verdict.matched = &prepared_range.description;
      for (const SortedEvent& event : prepared_range.events) {
        if (event.event->kind == osv::Event::Kind::kFixed) {
          fixed_pool.push_back({range.type, &event.event->version, event.version.get()});
        }
      }
    } else if (!bad.empty()) {
      verdict.unevaluable = bad;
    }
  }
  if (!verdict.affected) fixed_pool.resize(verdict.fixed_begin);
  verdict.fixed_end = fixed_pool.size();
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
  if (id.starts_with("RLSA-") || id.starts_with("RLBA-") || id.starts_with("RXSA-")) {
    return {"rocky", "Rocky Linux updateinfo", "https://download.rockylinux.org/pub/rocky/"};
  }
  if (id.starts_with("DSA-") || id.starts_with("DLA-") || id.starts_with("DTSA-") ||
      id.starts_with("DEBIAN-")) {
    return {"debian", "Debian Security Tracker",
            "https://salsa.debian.org/security-tracker-team/security-tracker"};
  }
  if (id.starts_with("UBUNTU-") || id.starts_with("USN-") || id.starts_with("LSN-")) {
    return {"ubuntu", "Ubuntu CVE Tracker", "https://git.launchpad.net/ubuntu-cve-tracker"};
  }
  if (id.starts_with("ALPINE-")) {
    return {"alpine", "Alpine Secdb", "https://secdb.alpinelinux.org/"};
  }
  return {"osv", "Open Source Vulnerabilities", "https://osv.dev"};
}

bool IsPlaceholderDate(std::string_view date) { return date.empty() || date.starts_with("0001-"); }

// Errata of Red Hat-style distributions (AlmaLinux, Rocky, Red Hat): one advisory per update,
// naming its CVEs in `related` and its severity only as the summary's prefix.
bool IsErrata(std::string_view id) {
  for (std::string_view prefix :
       {"ALSA-", "ALBA-", "ALEA-", "RLSA-", "RLBA-", "RXSA-", "RHSA-", "RHBA-", "RHEA-"}) {
    if (id.starts_with(prefix)) return true;
  }
  return false;
}

// The distribution's own rating, which Trivy prefers for OS packages: Ubuntu's priority
// (severity type "Ubuntu") or the Red Hat-style "Important: ..." summary prefix.
std::optional<model::Severity> VendorRating(const osv::Record& record,
                                            const osv::Affected& affected) {
  for (const auto* list : {&affected.severity, &record.severity}) {
    for (const osv::Severity& entry : *list) {
      if (entry.type != "Ubuntu") continue;
      std::string priority = strings::ToLower(entry.score);
      if (priority == "negligible" || priority == "low") return model::Severity::kLow;
      if (priority == "medium") return model::Severity::kMedium;
      if (priority == "high") return model::Severity::kHigh;
      if (priority == "critical") return model::Severity::kCritical;
    }
  }
  if (IsErrata(record.id)) {
    auto [prefix, rest, found] = strings::Cut(record.summary, ":");
    (void)rest;
    if (found) {
      if (prefix == "Low") return model::Severity::kLow;
      if (prefix == "Moderate") return model::Severity::kMedium;
      if (prefix == "Important") return model::Severity::kHigh;
      if (prefix == "Critical") return model::Severity::kCritical;
    }
  }
  return std::nullopt;
}

// Severity from CVSS vectors (v3 first, as Trivy does, then v4.0 and v2), else the database's own
// rating, else unknown.
void ApplySeverity(const osv::Record& record, const osv::Affected& affected,
                   model::VulnerabilityDetails& details, DetectedVulnerability& finding) {
  std::vector<osv::Severity> vectors = affected.severity;
  vectors.insert(vectors.end(), record.severity.begin(), record.severity.end());
  const std::string& source = details.data_source.id;
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
  if (chosen_rank < 99) details.cvss[source] = scores;
  if (auto vendor = VendorRating(record, affected)) chosen = vendor;
  if (!chosen) {
    for (std::string_view rating : {std::string_view(affected.database_severity),
                                    std::string_view(record.database_severity)}) {
      if (auto parsed = model::ParseSeverity(rating); parsed && !chosen) chosen = parsed;
    }
  }
  finding.severity = chosen.value_or(model::Severity::kUnknown);
  if (chosen) {
    finding.severity_source = source;
    details.vendor_severity[source] = finding.severity;
  }
}

// Takes the record's description, references and CWE IDs (nothing else reads them).
std::shared_ptr<model::VulnerabilityDetails> MakeDetails(osv::Record& record) {
  auto details = std::make_shared<model::VulnerabilityDetails>();
  details->data_source = DataSourceFor(record.id);
  details->title = record.summary;
  details->primary_url = record.source_url;
  if (details->primary_url.empty()) {
    for (const auto& reference : record.references) {
      if (reference.type == "ADVISORY") {
        details->primary_url = reference.url;
        break;
      }
    }
  }
  if (details->primary_url.empty()) {
    details->primary_url = "https://osv.dev/vulnerability/" + record.id;
  }
  details->description = std::move(record.details);
  details->cwe_ids = std::move(record.cwe_ids);
  details->references.reserve(record.references.size());
  for (auto& reference : record.references) details->references.push_back(std::move(reference.url));
  record.references.clear();
  if (!IsPlaceholderDate(record.published)) details->published_date = record.published;
  if (!IsPlaceholderDate(record.modified)) details->last_modified_date = record.modified;
  return details;
}

// Disjoint sets of 0..n-1 where each set's root is its smallest member: records that alias each
// other, joined in ID order, have the first as their root.
class DisjointSets {
 public:
  void Reset(size_t n) {
    root_.resize(n);
    for (size_t i = 0; i < n; ++i) root_[i] = i;
  }
  size_t Find(size_t i) {
    while (root_[i] != i) i = root_[i] = root_[root_[i]];
    return i;
  }
  void Join(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) root_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<size_t> root_;
};

// A stored record with its details made once and shared by all its findings.
struct KnownRecord {
  osv::Record record;
  // Copied into each finding template; taken by the template when it is the only one.
  std::shared_ptr<model::VulnerabilityDetails> details;
  size_t templates = 0;  // how many templates are made from this record
  // The record's ID and aliases, sorted and unique; views into `record` (set once it is stored).
  std::vector<std::string_view> names;
  // Records of different classes share no name, directly or through other records of the same
  // MatchReport: their findings never merge, so most packages skip the merging (Lookups sets it).
  size_t alias_class = 0;
};

// The finding's ID among `names` (sorted): the CVE when they name exactly one, else the first
// record's ID. Every other name goes to VendorIDs, records first.
std::string ChooseVulnerabilityId(const std::vector<std::string_view>& names,
                                  std::string_view first_record) {
  std::string_view cve;
  size_t cves = 0;
  for (std::string_view name : names) {
    if (name.starts_with("CVE-")) {
      cve = name;
      ++cves;
    }
  }
  return std::string(cves == 1 ? cve : first_record);
}

std::vector<std::string> VendorIds(const std::vector<std::string_view>& names,
                                   const std::vector<std::string_view>& records,
                                   std::string_view vulnerability_id) {
  std::vector<std::string> ids;
  for (std::string_view id : records) {
    if (id != vulnerability_id) ids.emplace_back(id);
  }
  for (std::string_view name : names) {
    if (name != vulnerability_id && std::find(ids.begin(), ids.end(), name) == ids.end()) {
      ids.emplace_back(name);
    }
  }
  return ids;
}

// What every finding of one (record, affected entry) shares: IDs, details and severity. Made
// once per MatchReport and copied per package, so that CVSS vectors are scored once; the copy is
// cheap because everything but the ID and severity lives in the shared details.
DetectedVulnerability MakeFindingTemplate(KnownRecord& known, const osv::Affected& affected) {
  const osv::Record& record = known.record;
  DetectedVulnerability finding;
  auto details = known.templates == 1
                     ? std::move(known.details)
                     : std::make_shared<model::VulnerabilityDetails>(*known.details);
  finding.vulnerability_id = ChooseVulnerabilityId(known.names, record.id);
  details->vendor_ids = VendorIds(known.names, {record.id}, finding.vulnerability_id);
  ApplySeverity(record, affected, *details, finding);
  finding.details = std::move(details);
  return finding;
}

// AddFinding copies a template field by field: a field added to DetectedVulnerability must be
// added there too (this fails on the platforms scry is built on when the struct grows).
static_assert(sizeof(void*) != 8 || sizeof(DetectedVulnerability) == 392,
              "DetectedVulnerability changed: copy its new fields in AddFinding");

// Appends a finding for `package` from a template made by MakeFindingTemplate. Made in place:
// findings are large, and each move costs a dozen strings.
DetectedVulnerability& AddFinding(std::vector<DetectedVulnerability>& findings,
                                  const model::Package& package, const std::string& installed,
                                  const DetectedVulnerability& finding_template) {
  // Field by field rather than a copy of the template and then of the package's fields: the
  // template's package fields are empty, and copying them first costs more than it seems.
  DetectedVulnerability& finding = findings.emplace_back();
  finding.vulnerability_id = finding_template.vulnerability_id;
  finding.pkg_id = package.id;
  finding.pkg_name = package.name;
  finding.pkg_purl = package.purl;
  finding.installed_version = installed;
  finding.fixed_version = finding_template.fixed_version;
  finding.status = finding_template.status;
  if (!package.layer.empty()) finding.layer = package.layer;
  finding.severity_source = finding_template.severity_source;
  finding.severity = finding_template.severity;
  finding.details = finding_template.details;
  finding.evidence = finding_template.evidence;
  return finding;
}

// The store and, for parallel lookups, more connections to the same database file: an
// AdvisoryStore serialises its queries on one connection.
class StorePool {
 public:
  StorePool(const db::AdvisoryStore& store, size_t threads) : store_(store), threads_(threads) {}

  // Connections for up to `wanted` workers (at least one); returns how many there are.
  size_t Reserve(size_t wanted) {
    wanted = std::max<size_t>(1, std::min(wanted, threads_));
    while (extra_.size() + 1 < wanted) {
      auto opened = db::AdvisoryStore::Open(store_.path());
      if (!opened) break;  // fewer workers then; the first connection still works
      extra_.push_back(std::move(*opened));
    }
    return extra_.size() + 1;
  }
  size_t threads() const { return threads_; }
  const db::AdvisoryStore& For(size_t worker) const {
    return worker == 0 ? store_ : *extra_[worker - 1];
  }

 private:
  const db::AdvisoryStore& store_;
  size_t threads_;
  std::vector<std::unique_ptr<db::AdvisoryStore>> extra_;
};

// Below this many lookups a batch runs on the calling thread: another connection costs more.
constexpr size_t kParallelLookups = 64;

// A stored record with its details and sorted names, or null when the database has none.
Result<std::unique_ptr<KnownRecord>> LoadRecord(const db::AdvisoryStore& store,
                                                std::string_view id) {
  SCRY_TRY(auto record, store.FindRecord(id));
  if (!record) return std::unique_ptr<KnownRecord>();
  // An erratum about exactly one CVE is that CVE's advisory: name it so, and merge it with other
  // records of that CVE.
  if (IsErrata(record->id) && record->aliases.empty()) {
    std::vector<std::string> cves;
    for (const auto& related : record->related) {
      if (related.starts_with("CVE-")) cves.push_back(related);
    }
    if (cves.size() == 1) record->aliases = std::move(cves);
  }
  auto details = MakeDetails(*record);
  auto known =
      std::make_unique<KnownRecord>(KnownRecord{std::move(*record), std::move(details), 0, {}});
  known->names.push_back(known->record.id);
  for (const std::string& alias : known->record.aliases) known->names.push_back(alias);
  std::sort(known->names.begin(), known->names.end());
  known->names.erase(std::unique(known->names.begin(), known->names.end()), known->names.end());
  return known;
}

// Database lookups of one MatchReport call, made in two batches before any finding: the advisory
// entries of every package name, then the records that matching entries name. Each is fetched
// once (the same module is in many binaries, stdlib in every Go binary, and the same record is
// behind many findings), and a batch runs on several threads with a connection each. Between
// batches the lookups are read-only, so results are matched in parallel.
class Lookups {
 public:
  struct Package {
    std::vector<db::AffectedEntry> entries;
    std::vector<PreparedEntry> prepared;  // points into entries
  };
  // `threads` bounds the threads that free the lookups.
  explicit Lookups(size_t threads) : threads_(threads) {}
  Lookups(const Lookups&) = delete;
  Lookups& operator=(const Lookups&) = delete;
  // Tens of thousands of small objects are freed here, after every finding is made: on several
  // threads, or this alone would be a sixth of a large report's matching time.
  ~Lookups() {
    std::vector<Package*> packages;
    packages.reserve(packages_.size());
    for (auto& [key, package] : packages_) packages.push_back(&package);
    std::vector<std::unique_ptr<KnownRecord>*> records;
    records.reserve(records_.size());
    for (auto& [id, record] : records_) records.push_back(&record);
    size_t threads = packages.size() + records.size() < 2 * kParallelLookups ? 1 : threads_;
    ParallelFor(threads, threads, [&](size_t t) {
      for (size_t i = packages.size() * t / threads; i < packages.size() * (t + 1) / threads; ++i) {
        Package gone = std::move(*packages[i]);
      }
      for (size_t i = records.size() * t / threads; i < records.size() * (t + 1) / threads; ++i) {
        records[i]->reset();
      }
    });
  }

  // A name to look up; both point into the report or the caller's ecosystems.
  struct Key {
    const EcosystemScheme* ecosystem;
    std::string_view name;
  };

  static std::string KeyText(std::string_view ecosystem, std::string_view name) {
    std::string key;
    key.reserve(ecosystem.size() + 1 + name.size());
    key.append(ecosystem).append(1, '\0').append(name);
    return key;
  }

  // Fetches and prepares the entries of every key (unique) not fetched yet.
  Status FetchAffected(const std::vector<Key>& keys, StorePool& stores) {
    std::vector<const Key*> missing;
    for (const Key& key : keys) {
      if (packages_.empty() || packages_.count(KeyText(key.ecosystem->ecosystem, key.name)) == 0) {
        missing.push_back(&key);
      }
    }
    size_t workers = missing.size() < kParallelLookups ? 1 : stores.Reserve(missing.size());
    std::vector<Result<Package>> fetched(missing.size());
    ParallelForWorkers(missing.size(), workers, [&](size_t worker, size_t i) {
      const Key& key = *missing[i];
      auto entries = stores.For(worker).FindAffected(key.ecosystem->ecosystem, key.name);
      if (!entries) {
        fetched[i] = tl::unexpected(std::move(entries.error()));
        return;
      }
      Package& package = *fetched[i];
      package.entries = std::move(*entries);
      const Scheme& scheme = version::GetScheme(key.ecosystem->scheme);
      package.prepared.reserve(package.entries.size());
      for (const db::AffectedEntry& entry : package.entries) {
        package.prepared.push_back(PrepareEntry(entry, scheme));
      }
    });
    for (size_t i = 0; i < missing.size(); ++i) {
      if (!fetched[i]) return tl::unexpected(std::move(fetched[i].error()));
      // Moving the vectors keeps their buffers, so the prepared entries' pointers stay valid.
      packages_.emplace(KeyText(missing[i]->ecosystem->ecosystem, missing[i]->name),
                        std::move(*fetched[i]));
    }
    return Ok();
  }

  // The entries of a name fetched by FetchAffected (none when it was not).
  const std::vector<PreparedEntry>& Affected(std::string_view ecosystem,
                                             std::string_view name) const {
    static const std::vector<PreparedEntry> kNone;
    // One key buffer per thread, reused: a lookup allocates nothing once it is long enough.
    thread_local std::string key;
    key.assign(ecosystem).append(1, '\0').append(name);
    auto found = packages_.find(key);
    return found != packages_.end() ? found->second.prepared : kNone;
  }

  // Fetches the records of `entries` (entries of this object) and makes their finding templates.
  Status FetchRecords(std::vector<const PreparedEntry*>& entries, StorePool& stores) {
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    std::vector<std::string_view> ids;
    for (const PreparedEntry* entry : entries) {
      if (records_.count(entry->entry->id) == 0) ids.push_back(entry->entry->id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    size_t workers = ids.size() < kParallelLookups ? 1 : stores.Reserve(ids.size());
    std::vector<Result<std::unique_ptr<KnownRecord>>> fetched(ids.size());
    ParallelForWorkers(ids.size(), workers, [&](size_t worker, size_t i) {
      fetched[i] = LoadRecord(stores.For(worker), ids[i]);
    });
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!fetched[i]) return tl::unexpected(std::move(fetched[i].error()));
      records_.emplace(std::string(ids[i]), std::move(*fetched[i]));
    }
    ClassifyAliases();
    std::vector<const PreparedEntry*> without_template;
    for (const PreparedEntry* entry : entries) {
      if (entry->finding_template) continue;
      KnownRecord* record = records_.find(entry->entry->id)->second.get();
      entry->record = record;
      if (record == nullptr) continue;
      ++record->templates;
      without_template.push_back(entry);
    }
    // Templates score CVSS vectors: worth the threads when there are many. Each record is changed
    // only by its sole template's worker (MakeFindingTemplate).
    workers = without_template.size() < kParallelLookups ? 1 : stores.threads();
    ParallelFor(without_template.size(), workers, [&](size_t i) {
      const PreparedEntry& entry = *without_template[i];
      entry.finding_template =
          MakeFindingTemplate(*records_.find(entry.entry->id)->second, entry.entry->affected);
    });
    return Ok();
  }

 private:
  // Sets each record's alias_class: records that share a name, directly or through others, get
  // the same class.
  void ClassifyAliases() {
    std::vector<KnownRecord*> records;
    for (auto& [id, record] : records_) {
      if (record) records.push_back(record.get());
    }
    DisjointSets sets;
    sets.Reset(records.size());
    size_t names = 0;
    for (const KnownRecord* record : records) names += record->names.size();
    std::unordered_map<std::string_view, size_t> first_with_name;
    first_with_name.reserve(names);
    for (size_t i = 0; i < records.size(); ++i) {
      for (std::string_view name : records[i]->names) {
        auto [found, added] = first_with_name.emplace(name, i);
        if (!added) sets.Join(found->second, i);
      }
    }
    for (size_t i = 0; i < records.size(); ++i) records[i]->alias_class = sets.Find(i);
  }

  size_t threads_;
  std::unordered_map<std::string, Package> packages_;                      // key: KeyText
  std::unordered_map<std::string, std::unique_ptr<KnownRecord>> records_;  // null: not stored
};

std::string BuildSetting(const ScanResult& result, std::string_view key) {
  if (!result.go_binary) return {};
  for (const auto& [name, value] : result.go_binary->build_settings) {
    if (name == key) return value;
  }
  return {};
}

// The GOOS/GOARCH pairs a Go binary can have been built for. Exact when build info records
// GOOS/GOARCH (Go >= 1.18); otherwise bounded by the executable itself: a PE file is windows, a
// Mach-O file darwin or ios, an ELF file none of the GOOS values that write other formats, and the
// machine field names GOARCH (one per slice of a universal binary).
struct BinaryPlatform {
  std::vector<std::string> goos;    // possible values; empty: not known
  bool goos_excluded = false;       // goos lists the impossible values instead
  std::vector<std::string> goarch;  // possible values; empty: not known
  std::string
      description;  // "built for linux/amd64", "an ELF file for arm64, so GOOS is none of ..."

  bool Known() const { return !goos.empty() || !goarch.empty(); }
  // Whether the binary can be built for one of `wanted` (empty: every value).
  bool CanBeGoos(const std::vector<std::string>& wanted) const {
    if (wanted.empty() || goos.empty()) return true;
    return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& value) {
      bool listed = std::find(goos.begin(), goos.end(), value) != goos.end();
      return listed != goos_excluded;
    });
  }
  bool CanBeGoarch(const std::vector<std::string>& wanted) const {
    if (wanted.empty() || goarch.empty()) return true;
    return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& value) {
      return std::find(goarch.begin(), goarch.end(), value) != goarch.end();
    });
  }
};

BinaryPlatform PlatformOf(const ScanResult& result) {
  BinaryPlatform platform;
  if (!result.go_binary) return platform;
  const model::GoBinaryDetails& binary = *result.go_binary;
  std::string goos = BuildSetting(result, "GOOS");
  std::string goarch = BuildSetting(result, "GOARCH");
  if (!goos.empty() || !goarch.empty()) {
    if (!goos.empty()) platform.goos = {goos};
    if (!goarch.empty()) platform.goarch = {goarch};
    platform.description =
        fmt::format("built for {}/{}", goos.empty() ? "?" : goos, goarch.empty() ? "?" : goarch);
    return platform;
  }
  for (const std::string& arch : binary.architectures) {
    if (!arch.starts_with("unknown")) platform.goarch.push_back(arch);
  }
  std::string_view format_name;
  if (binary.format == "pe") {
    platform.goos = {"windows"};
    format_name = "a PE file";
  } else if (binary.format == "macho") {
    platform.goos = {"darwin", "ios"};
    format_name = "a Mach-O file";
  } else if (binary.format == "elf") {
    platform.goos = {"windows", "darwin", "ios", "plan9", "js", "wasip1", "aix"};
    platform.goos_excluded = true;
    format_name = "an ELF file";
  }
  if (!platform.Known()) return platform;
  std::string arch = platform.goarch.empty() ? std::string("an unknown GOARCH")
                                             : strings::Join(platform.goarch, ", ");
  platform.description = platform.goos_excluded
                             ? fmt::format("{} for {}, so GOOS is none of {}", format_name, arch,
                                           strings::Join(platform.goos, ", "))
                             : fmt::format("{} for {}, so GOOS is {}", format_name, arch,
                                           strings::Join(platform.goos, " or "));
  return platform;
}

// Go vulndb lists the packages (and platforms) a vulnerability lives in. When none of them is
// built for the binary's GOOS/GOARCH, the binary cannot contain the vulnerable code.
std::optional<std::string> PlatformMismatch(const osv::Affected& affected,
                                            const BinaryPlatform& platform) {
  if (affected.go_imports.empty() || !platform.Known()) return std::nullopt;
  std::set<std::string> platforms;
  for (const osv::GoImport& import : affected.go_imports) {
    if (platform.CanBeGoos(import.goos) && platform.CanBeGoarch(import.goarch)) {
      return std::nullopt;
    }
    for (const auto& os : import.goos) platforms.insert("GOOS=" + os);
    for (const auto& arch : import.goarch) platforms.insert("GOARCH=" + arch);
  }
  return fmt::format("affects only {}; the binary is {}",
                     strings::Join({platforms.begin(), platforms.end()}, ", "),
                     platform.description);
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
std::string LowestFixedAbove(const std::vector<FixedEvent>& fixed, const Scheme& ecosystem_scheme,
                             const InstalledVersion& installed) {
  for (osv::Range::Type type : {osv::Range::Type::kSemver, osv::Range::Type::kEcosystem}) {
    const Scheme& scheme = type == osv::Range::Type::kSemver
                               ? version::GetScheme(version::SchemeKind::kSemver)
                               : ecosystem_scheme;
    const ParsedVersion* current = VersionFor(installed, type);
    if (current == nullptr) continue;
    const FixedEvent* best = nullptr;
    for (const FixedEvent& event : fixed) {
      if (event.type != type || scheme.Compare(*event.version, *current) <= 0) continue;
      if (best == nullptr || scheme.Compare(*event.version, *best->version) < 0) best = &event;
    }
    if (best != nullptr) return *best->text;
  }
  return {};
}

bool FindingsBefore(const DetectedVulnerability& x, const DetectedVulnerability& y) {
  return std::tie(x.pkg_name, x.installed_version, x.vulnerability_id) <
         std::tie(y.pkg_name, y.installed_version, y.vulnerability_id);
}

// Sorted through an index: findings are large, and moving each one log n times costs more than
// the comparisons. Usually they are in order already (packages come sorted, and each package's
// findings are sorted as they are made). Sorts findings[first...].
void SortFindings(std::vector<DetectedVulnerability>& findings, size_t first = 0) {
  auto begin = findings.begin() + static_cast<std::ptrdiff_t>(first);
  if (std::is_sorted(begin, findings.end(), FindingsBefore)) return;
  std::vector<size_t> order(findings.size() - first);
  for (size_t i = 0; i < order.size(); ++i) order[i] = first + i;
  std::sort(order.begin(), order.end(),
            [&findings](size_t a, size_t b) { return FindingsBefore(findings[a], findings[b]); });
  std::vector<DetectedVulnerability> sorted;
  sorted.reserve(order.size());
  for (size_t i : order) sorted.push_back(std::move(findings[i]));
  std::move(sorted.begin(), sorted.end(), begin);
}

// Records found for one package, before aliases are merged.
struct Candidate {
  const PreparedEntry* prepared;
  const osv::Affected* affected;
  EntryVerdict verdict;
};

// A package between the two passes of PackageMatcher: its candidates, or the entries of a
// package of unknown version reported as possibly affected (--include-unknown).
struct Pending {
  const Package* package = nullptr;
  std::string installed_text;  // as reported (OS packages: the binary package's full version)
  std::string matched_as;      // "source version" when an OS package matched as its source
  InstalledVersion installed;
  std::vector<Candidate> candidates;
  std::vector<const PreparedEntry*> possibly_affected;
};

class PackageMatcher {
 public:
  // `os` (null for language packages) says where an OS package's advisories are.
  PackageMatcher(const Lookups& lookups, const MatchOptions& options,
                 const EcosystemScheme& ecosystem, ScanResult& result,
                 const OsEcosystems* os = nullptr)
      : lookups_(lookups),
        options_(options),
        ecosystem_(ecosystem),
        scheme_(version::GetScheme(ecosystem.scheme)),
        result_(result),
        platform_(PlatformOf(result)),
        os_(os) {}

  // The first pass over a package, once Lookups has its entries: its version evaluated against
  // them. The entries whose records its findings need are added to `needed`, each entry once over
  // all packages and threads.
  void EvaluatePackage(const Package& package, std::vector<const PreparedEntry*>& needed) {
    // Language packages are matched by name and version; OS packages by the name advisories use
    // (source or binary) and the full [epoch:]version[-release] of that package.
    // Language packages use their own fields (no copies: this runs for every package).
    std::string os_name, os_version;
    if (os_ != nullptr) {
      os_name = os_->by_source && !package.src_name.empty() ? package.src_name : package.name;
      if (!package.version.empty()) os_version = model::FullVersion(package, os_->by_source);
    }
    const std::string& name = os_ != nullptr ? os_name : package.name;
    const std::string& version = os_ != nullptr ? os_version : package.version;
    std::vector<const PreparedEntry*>& prepared_entries = prepared_entries_;
    std::vector<const db::AffectedEntry*>& entries = entries_;
    prepared_entries.clear();
    entries.clear();
    if (os_ != nullptr) {
      for (const std::string& ecosystem : os_->ecosystems) {
        for (const PreparedEntry& prepared : lookups_.Affected(ecosystem, name)) {
          prepared_entries.push_back(&prepared);
          entries.push_back(prepared.entry);
        }
      }
    } else {
      for (const PreparedEntry& prepared : lookups_.Affected(ecosystem_.ecosystem, name)) {
        prepared_entries.push_back(&prepared);
        entries.push_back(prepared.entry);
      }
    }
    if (pending_.empty()) pending_.reserve(result_.packages.size());
    Pending pending;
    pending.package = &package;
    pending.installed_text =
        os_ != nullptr && !package.version.empty() ? model::FullVersion(package) : package.version;
    if (os_ != nullptr && os_->by_source &&
        (name != package.name || version != pending.installed_text)) {
      pending.matched_as = name + " " + version;
    }
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
      if (options_.include_unknown && !prepared_entries.empty()) {
        pending.possibly_affected = prepared_entries;
        for (const PreparedEntry* entry : prepared_entries) {
          if (entry->Request()) needed.push_back(entry);
        }
        pending_.push_back(std::move(pending));
      }
      return;
    }
    if (entries.empty()) return;

    InstalledVersion& installed = pending.installed;
    bool semver = false, ecosystem = os_ != nullptr;
    for (const PreparedEntry* prepared : prepared_entries) {
      semver = semver || prepared->uses_semver;
      ecosystem = ecosystem || prepared->uses_ecosystem;
    }
    ParseInstalled(version, semver, ecosystem, installed);
    if (!installed.ecosystem && (os_ != nullptr || !installed.semver)) {
      std::string reason =
          fmt::format("version {} cannot be ordered: {}", version, installed.ecosystem_error);
      warnings_.push_back(fmt::format("{}: {} {}: {}; it is not matched", result_.target,
                                      package.name, pending.installed_text, reason));
      result_.unmatched_packages.push_back({package.id, package.name, reason});
      return;
    }

    std::vector<Candidate>& candidates = pending.candidates;
    candidates.reserve(prepared_entries.size());
    for (const PreparedEntry* prepared_entry : prepared_entries) {
      const PreparedEntry& prepared = *prepared_entry;
      const db::AffectedEntry& entry = *prepared.entry;
      EntryVerdict verdict = Evaluate(prepared, scheme_, installed, version, fixed_pool_);
      if (!verdict.affected) {
        if (!verdict.unevaluable.empty()) {
          result_.filtered_vulnerabilities.push_back(
              {entry.id,
               package.name,
               pending.installed_text,
               fmt::format("advisory range not evaluable: \"{}\" is not a {} version",
                           verdict.unevaluable, version::SchemeKindName(ecosystem_.scheme)),
               {}});
        }
        continue;
      }
      if (package.name == "toolchain" && result_.go_binary) {
        if (auto mismatch = CommandMismatch(entry.affected, result_.go_binary->main_package_path)) {
          result_.filtered_vulnerabilities.push_back(
              {entry.id, package.name, package.version, *mismatch, {}});
          continue;
        }
      }
      if (auto mismatch = PlatformMismatch(entry.affected, platform_)) {
        result_.filtered_vulnerabilities.push_back(
            {entry.id, package.name, package.version, *mismatch, {}});
        continue;
      }
      candidates.push_back({&prepared, &entry.affected, std::move(verdict)});
      if (prepared.Request()) needed.push_back(&prepared);
    }
    if (!candidates.empty()) pending_.push_back(std::move(pending));
  }

  // The second pass, once Lookups has the records that EvaluatePackage named: the findings of every
  // package evaluated.
  void AddFindings() {
    // At most one finding per candidate: reserved, so that findings are never moved.
    size_t most = result_.vulnerabilities.size();
    for (const Pending& pending : pending_) {
      most += pending.candidates.size() + pending.possibly_affected.size();
    }
    result_.vulnerabilities.reserve(most);
    for (const Pending& pending : pending_) {
      installed_text_ = pending.installed_text;
      matched_as_ = pending.matched_as;
      if (!pending.possibly_affected.empty()) {
        AddPossiblyAffected(*pending.package, pending.possibly_affected);
      } else {
        AddFindings(*pending.package, pending.installed, pending.candidates);
      }
    }
    pending_.clear();
    fixed_pool_.clear();
  }

  // Warnings of EvaluatePackage, to be logged in result order.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  static size_t CountRecords(const std::vector<const db::AffectedEntry*>& entries) {
    std::set<std::string_view> ids;
    for (const auto* entry : entries) ids.insert(entry->id);
    return ids.size();
  }

  // Parses what the package's entries compare with (`semver`, `ecosystem`), and whatever else
  // decides whether the version can be ordered at all: the ecosystem's parse when there is no
  // semver one, and the semver one when the ecosystem's fails.
  void ParseInstalled(const std::string& text, bool semver, bool ecosystem,
                      InstalledVersion& installed) const {
    auto parse_semver = [&] {
      auto parsed = version::GetScheme(version::SchemeKind::kSemver).Parse(WithoutV(text));
      if (parsed) {
        installed.semver = std::move(*parsed);
      } else {
        installed.semver_error = parsed.error().message();
      }
    };
    if (semver) parse_semver();
    if (ecosystem || !installed.semver) {
      auto parsed = scheme_.Parse(text);
      if (parsed) {
        installed.ecosystem = std::move(*parsed);
      } else {
        installed.ecosystem_error = parsed.error().message();
        if (!semver) parse_semver();
      }
    }
  }

  void AddPossiblyAffected(const Package& package,
                           const std::vector<const PreparedEntry*>& entries) {
    std::set<std::string_view> seen;
    for (const PreparedEntry* entry : entries) {
      if (!seen.insert(entry->entry->id).second) continue;
      if (entry->record == nullptr) continue;
      DetectedVulnerability& finding =
          AddFinding(result_.vulnerabilities, package, installed_text_, *entry->finding_template);
      finding.status = "unknown";
      finding.evidence["Match"] = "version unknown: possibly affected";
    }
  }

  // One record's candidates for the current package.
  struct Group {
    const KnownRecord* record;
    const Candidate* candidate;  // the first: its range is the evidence
    // The fixed events of all its candidates: [fixed_begin, fixed_end) of group_fixed_.
    size_t fixed_begin;
    size_t fixed_end;
    std::string_view status;  // a distribution's reason for no fix ("end_of_life"), if any
  };

  void AppendFixed(const Group& group, std::vector<FixedEvent>& fixed) const {
    fixed.insert(fixed.end(), group_fixed_.begin() + static_cast<std::ptrdiff_t>(group.fixed_begin),
                 group_fixed_.begin() + static_cast<std::ptrdiff_t>(group.fixed_end));
  }

  void AddFindings(const Package& package, const InstalledVersion& installed,
                   const std::vector<Candidate>& candidates) {
    // One group per record first (a record may list the package in several entries), in ID
    // order: the candidates sorted by their record's ID, each run of one record a group.
    std::vector<const Candidate*>& sorted = sorted_candidates_;
    sorted.clear();
    for (const Candidate& candidate : candidates) {
      if (candidate.prepared->record != nullptr) sorted.push_back(&candidate);
    }
    // Ties (one record's candidates) stay in candidate order: they are elements of one vector.
    std::sort(sorted.begin(), sorted.end(), [](const Candidate* a, const Candidate* b) {
      const std::string& a_id = a->prepared->record->record.id;
      const std::string& b_id = b->prepared->record->record.id;
      return a_id != b_id ? a_id < b_id : a < b;
    });
    std::vector<Group>& groups = groups_;
    groups.clear();
    group_fixed_.clear();
    for (const Candidate* candidate : sorted) {
      const KnownRecord* record = candidate->prepared->record;
      if (groups.empty() || groups.back().record != record) {
        groups.push_back(Group{record, candidate, group_fixed_.size(), 0, {}});
      }
      Group& group = groups.back();
      group_fixed_.insert(
          group_fixed_.end(),
          fixed_pool_.begin() + static_cast<std::ptrdiff_t>(candidate->verdict.fixed_begin),
          fixed_pool_.begin() + static_cast<std::ptrdiff_t>(candidate->verdict.fixed_end));
      group.fixed_end = group_fixed_.size();
      if (group.status.empty()) group.status = candidate->affected->status;
    }
    // Records that alias each other describe one vulnerability: each group joins the first (in
    // ID order) that shares a name with it, directly or through others.
    DisjointSets& sets = alias_sets_;
    sets.Reset(groups.size());
    if (MayShareNames(groups)) {
      names_.clear();
      for (size_t i = 0; i < groups.size(); ++i) {
        for (std::string_view name : groups[i].record->names) names_.emplace_back(name, i);
      }
      std::sort(names_.begin(), names_.end());
      for (size_t i = 1; i < names_.size(); ++i) {
        if (names_[i].first == names_[i - 1].first)
          sets.Join(names_[i].second, names_[i - 1].second);
      }
    }
    // Each vulnerability's groups: the root first, then its aliases in ID order.
    std::vector<std::vector<size_t>>& members = members_;
    if (members.size() < groups.size()) members.resize(groups.size());
    for (size_t i = 0; i < groups.size(); ++i) members[i].clear();
    for (size_t i = 0; i < groups.size(); ++i) members[sets.Find(i)].push_back(i);
    // Findings are made in the order of their IDs, as the report lists them, so that a result
    // whose packages come sorted needs no sort of its findings (see MatchResult); sorting the
    // findings themselves would move large structs.
    std::vector<std::pair<std::string_view, size_t>>& order = order_;
    order.clear();
    merged_ids_.clear();
    merged_ids_.reserve(groups.size());  // never reallocated: `order` views its strings
    for (size_t i = 0; i < groups.size(); ++i) {
      if (members[i].empty() || members[i].front() != i) continue;
      const Group& first = groups[i];
      if (members[i].size() == 1) {
        order.emplace_back(first.candidate->prepared->finding_template->vulnerability_id, i);
      } else {
        order.emplace_back(merged_ids_.emplace_back(MergedId(groups, members[i])), i);
      }
    }
    std::sort(order.begin(), order.end());
    for (const auto& [id, i] : order) {
      const Group& first = groups[i];
      const KnownRecord& record = *first.record;
      DetectedVulnerability& finding = AddFinding(result_.vulnerabilities, package, installed_text_,
                                                  *first.candidate->prepared->finding_template);
      finding.evidence.emplace("MatchedRange", *first.candidate->verdict.matched);
      if (!matched_as_.empty()) finding.evidence["SourcePackage"] = matched_as_;
      if (record.record.aliases.empty() && IsErrata(record.record.id) &&
          !record.record.related.empty()) {
        finding.evidence["Related"] = strings::Join(record.record.related, ",");
      }
      fixed_.clear();
      AppendFixed(first, fixed_);
      std::string_view status = first.status;
      if (members[i].size() > 1) MergeAliases(groups, members[i], finding, fixed_, status);
      finding.fixed_version = LowestFixedAbove(fixed_, scheme_, installed);
      finding.status = !finding.fixed_version.empty() ? "fixed"
                       : status.empty()               ? "affected"
                                                      : std::string(status);
    }
  }

  // False when no two groups' records are of the same alias class, so none shares a name.
  bool MayShareNames(const std::vector<Group>& groups) {
    if (groups.size() < 2) return false;
    classes_.clear();
    for (const Group& group : groups) classes_.push_back(group.record->alias_class);
    std::sort(classes_.begin(), classes_.end());
    return std::adjacent_find(classes_.begin(), classes_.end()) != classes_.end();
  }

  // The names of the groups `members` (in ID order), sorted and unique, and their records' IDs.
  static void MergedNames(const std::vector<Group>& groups, const std::vector<size_t>& members,
                          std::vector<std::string_view>& names,
                          std::vector<std::string_view>& records) {
    names.clear();
    records.clear();
    for (size_t member : members) {
      const Group& group = groups[member];
      names.insert(names.end(), group.record->names.begin(), group.record->names.end());
      records.push_back(group.record->record.id);
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
  }

  // The vulnerability ID of the groups `members` (in ID order) merged as aliases.
  std::string MergedId(const std::vector<Group>& groups, const std::vector<size_t>& members) {
    MergedNames(groups, members, merged_names_, merged_records_);
    return ChooseVulnerabilityId(merged_names_, merged_records_.front());
  }

  // Folds the groups `members` (in ID order, the finding's own first) into `finding`: IDs, the
  // first known severity, CVSS and vendor ratings, fixed versions and status.
  void MergeAliases(const std::vector<Group>& groups, const std::vector<size_t>& members,
                    DetectedVulnerability& finding, std::vector<FixedEvent>& fixed,
                    std::string_view& status) {
    auto details = std::make_shared<model::VulnerabilityDetails>(finding.Details());
    for (size_t k = 1; k < members.size(); ++k) {
      const Group& group = groups[members[k]];
      AppendFixed(group, fixed);
      if (status.empty()) status = group.status;
      const DetectedVulnerability& other = *group.candidate->prepared->finding_template;
      if (finding.severity == model::Severity::kUnknown &&
          other.severity != model::Severity::kUnknown) {
        finding.severity = other.severity;
        finding.severity_source = other.severity_source;
      }
      details->cvss.insert(other.Details().cvss.begin(), other.Details().cvss.end());
      details->vendor_severity.insert(other.Details().vendor_severity.begin(),
                                      other.Details().vendor_severity.end());
    }
    MergedNames(groups, members, merged_names_, merged_records_);
    finding.vulnerability_id = ChooseVulnerabilityId(merged_names_, merged_records_.front());
    details->vendor_ids = VendorIds(merged_names_, merged_records_, finding.vulnerability_id);
    std::vector<std::string> record_ids(merged_records_.begin(), merged_records_.end());
    finding.evidence["Records"] = strings::Join(record_ids, ",");
    finding.details = std::move(details);
  }

  const Lookups& lookups_;
  const MatchOptions& options_;
  const EcosystemScheme& ecosystem_;
  const Scheme& scheme_;
  ScanResult& result_;
  BinaryPlatform platform_;
  const OsEcosystems* os_;
  std::string installed_text_;  // the installed version as reported (OS: binary full version)
  // The current package's advisory entries (reused from package to package).
  std::vector<const PreparedEntry*> prepared_entries_;
  std::vector<const db::AffectedEntry*> entries_;
  std::string matched_as_;              // "source version" when an OS package matched as its source
  std::vector<Pending> pending_;        // evaluated, waiting for their records
  std::vector<FixedEvent> fixed_pool_;  // the fixed events of pending_'s verdicts
  std::vector<std::string> warnings_;
  // AddFindings' working storage, reused from package to package.
  std::vector<const Candidate*> sorted_candidates_;
  std::vector<Group> groups_;
  std::vector<FixedEvent> group_fixed_;
  DisjointSets alias_sets_;
  std::vector<size_t> classes_;
  std::vector<std::pair<std::string_view, size_t>> names_;
  std::vector<std::vector<size_t>> members_;
  std::vector<std::pair<std::string_view, size_t>> order_;
  std::vector<std::string> merged_ids_;  // IDs of merged aliases that order_ views
  std::vector<FixedEvent> fixed_;
  std::vector<std::string_view> merged_names_;
  std::vector<std::string_view> merged_records_;
};

}  // namespace

std::optional<EcosystemScheme> EcosystemForResultType(std::string_view type) {
  using version::SchemeKind;
  // Result types are Trivy's (docs/cli.md); ecosystems are OSV's.
  static const std::pair<std::string_view, EcosystemScheme> kTypes[] = {
      {"gobinary", {"Go", SchemeKind::kGo}},
      {"gomod", {"Go", SchemeKind::kGo}},
      {"cargo", {"crates.io", SchemeKind::kSemver}},
      {"rustbinary", {"crates.io", SchemeKind::kSemver}},
      {"pip", {"PyPI", SchemeKind::kPep440}},
      {"pipenv", {"PyPI", SchemeKind::kPep440}},
      {"poetry", {"PyPI", SchemeKind::kPep440}},
      {"uv", {"PyPI", SchemeKind::kPep440}},
      {"pylock", {"PyPI", SchemeKind::kPep440}},
      {"python-pkg", {"PyPI", SchemeKind::kPep440}},
      {"npm", {"npm", SchemeKind::kNpm}},
      {"yarn", {"npm", SchemeKind::kNpm}},
      {"pnpm", {"npm", SchemeKind::kNpm}},
      {"node-pkg", {"npm", SchemeKind::kNpm}},
      {"bundler", {"RubyGems", SchemeKind::kRubyGems}},
      {"gemspec", {"RubyGems", SchemeKind::kRubyGems}},
      {"composer", {"Packagist", SchemeKind::kComposer}},
      {"composer-vendor", {"Packagist", SchemeKind::kComposer}},
      {"nuget", {"NuGet", SchemeKind::kNuGet}},
      {"dotnet-core", {"NuGet", SchemeKind::kNuGet}},
      {"packages-props", {"NuGet", SchemeKind::kNuGet}},
      {"pom", {"Maven", SchemeKind::kMaven}},
      {"gradle", {"Maven", SchemeKind::kMaven}},
      {"jar", {"Maven", SchemeKind::kMaven}},
      {"pub", {"Pub", SchemeKind::kSemver}},
      {"hex", {"Hex", SchemeKind::kSemver}},
      {"swift", {"SwiftURL", SchemeKind::kSemver}},
      {"conan", {"ConanCenter", SchemeKind::kSemver}},
  };
  for (const auto& [name, ecosystem] : kTypes) {
    if (name == type) return ecosystem;
  }
  // cocoapods: OSV has no CocoaPods ecosystem, so its packages are listed, not matched.
  return std::nullopt;
}

namespace {

// "12.5" -> "12", "3.19.1" -> "3.19" (parts = 2); empty when the release does not start with a
// number.
std::string LeadingNumbers(std::string_view release, size_t parts) {
  std::string out;
  size_t taken = 0;
  size_t i = 0;
  while (taken < parts && i < release.size() && release[i] >= '0' && release[i] <= '9') {
    size_t start = i;
    while (i < release.size() && release[i] >= '0' && release[i] <= '9') ++i;
    if (!out.empty()) out += '.';
    out += release.substr(start, i - start);
    ++taken;
    if (i < release.size() && release[i] == '.') ++i;
  }
  return taken == parts ? out : std::string();
}

}  // namespace

std::optional<OsEcosystems> EcosystemsForOs(const model::OsInfo& os) {
  using version::SchemeKind;
  const std::string family = strings::ToLower(os.family);
  if (family == "debian") {
    std::string major = LeadingNumbers(os.name, 1);
    // Testing and unstable report a codename ("trixie/sid").
    if (major.empty()) {
      std::string_view codename = os.name;
      codename = codename.substr(0, codename.find('/'));
      if (auto number = db::DebianReleaseNumber(codename)) major = *number;
    }
    if (major.empty()) return std::nullopt;
    return OsEcosystems{{"Debian:" + major}, SchemeKind::kDebian, true, "debian"};
  }
  if (family == "ubuntu") {
    std::string release = LeadingNumbers(os.name, 2);
    if (release.empty()) return std::nullopt;
    OsEcosystems ecosystems{
        {"Ubuntu:" + release + ":LTS", "Ubuntu:" + release}, SchemeKind::kDebian, true, "ubuntu"};
    if (strings::EndsWithIgnoreCase(os.name, "-ESM")) {
      ecosystems.ecosystems.push_back("Ubuntu:Pro:" + release + ":LTS");
    }
    return ecosystems;
  }
  if (family == "alpine") {
    std::string release = LeadingNumbers(os.name, 2);
    if (release.empty()) return std::nullopt;
    return OsEcosystems{{"Alpine:v" + release}, SchemeKind::kApk, true, "alpine"};
  }
  if (family == "alma" || family == "almalinux") {
    std::string major = LeadingNumbers(os.name, 1);
    if (major.empty()) return std::nullopt;
    return OsEcosystems{{"AlmaLinux:" + major}, SchemeKind::kRpm, false, "alma"};
  }
  if (family == "rocky") {
    std::string major = LeadingNumbers(os.name, 1);
    if (major.empty()) return std::nullopt;
    return OsEcosystems{{"Rocky Linux:" + major}, SchemeKind::kRpm, false, "rocky"};
  }
  if (family == "wolfi") return OsEcosystems{{"Wolfi"}, SchemeKind::kApk, true, "wolfi"};
  if (family == "chainguard") {
    return OsEcosystems{{"Chainguard"}, SchemeKind::kApk, true, "chainguard"};
  }
  return std::nullopt;
}

namespace {

// One result through the passes of MatchReport. Not movable: the matcher points to `ecosystem`.
struct ResultMatch {
  ResultMatch(const Lookups& lookups, const MatchOptions& options, EcosystemScheme ecosystem_in,
              ScanResult& result_in, const OsEcosystems* os)
      : result(result_in),
        ecosystem(std::move(ecosystem_in)),
        matcher(lookups, options, ecosystem, result_in, os) {}
  ResultMatch(const ResultMatch&) = delete;
  ResultMatch& operator=(const ResultMatch&) = delete;

  ScanResult& result;
  EcosystemScheme ecosystem;
  PackageMatcher matcher;
  std::vector<const PreparedEntry*> needed;  // entries whose records the findings need
};

void ListWithoutAdvisorySource(const std::optional<model::OsInfo>& os_info, ScanResult& result) {
  std::string name = os_info ? os_info->family + " " + os_info->name : std::string("unknown");
  SCRY_LOG_WARN("{}: OS {} has no advisory source in scry; its {} packages are not matched",
                result.target, name, result.packages.size());
  for (const Package& package : result.packages) {
    result.unmatched_packages.push_back(
        {package.id, package.name, fmt::format("OS {} has no advisory source", name)});
  }
}

}  // namespace

Status MatchReport(const db::AdvisoryStore& store, const MatchOptions& options,
                   model::Report& report) {
  std::optional<OsEcosystems> os;
  if (report.metadata.os) os = EcosystemsForOs(*report.metadata.os);
  size_t threads = options.threads;
  if (threads == 0) threads = HardwareThreads();
  StorePool stores(store, threads);
  Lookups lookups(threads);

  // Every name any result looks up, fetched in one batch.
  std::vector<std::unique_ptr<ResultMatch>> matches;
  std::vector<EcosystemScheme> os_ecosystems;
  if (os) {
    for (const std::string& ecosystem : os->ecosystems) {
      os_ecosystems.push_back({ecosystem, os->scheme});
    }
  }
  std::vector<Lookups::Key> keys;
  // Names seen, per ecosystem: views into the report, so that the check allocates nothing.
  std::map<std::string_view, std::unordered_set<std::string_view>> seen;
  auto add_key = [&](const EcosystemScheme& ecosystem, std::string_view name) {
    if (seen[ecosystem.ecosystem].insert(name).second) keys.push_back({&ecosystem, name});
  };
  for (ScanResult& result : report.results) {
    if (result.result_class == model::ResultClass::kOsPackages) {
      if (!os) {
        ListWithoutAdvisorySource(report.metadata.os, result);
        continue;
      }
      matches.push_back(std::make_unique<ResultMatch>(
          lookups, options, EcosystemScheme{os->ecosystems.front(), os->scheme}, result, &*os));
      for (const Package& package : result.packages) {
        const std::string& name =
            os->by_source && !package.src_name.empty() ? package.src_name : package.name;
        for (const EcosystemScheme& ecosystem : os_ecosystems) add_key(ecosystem, name);
      }
    } else if (auto ecosystem = EcosystemForResultType(result.type)) {
      matches.push_back(
          std::make_unique<ResultMatch>(lookups, options, *ecosystem, result, nullptr));
      for (const Package& package : result.packages) {
        add_key(matches.back()->ecosystem, package.name);
      }
    }
  }
  SCRY_CHECK(lookups.FetchAffected(keys, stores));

  // Then every version evaluated, and the records that matched fetched in a second batch.
  ParallelFor(matches.size(), threads, [&](size_t i) {
    ResultMatch& match = *matches[i];
    for (const Package& package : match.result.packages) {
      match.matcher.EvaluatePackage(package, match.needed);
    }
  });
  std::vector<const PreparedEntry*> needed;
  for (const auto& match : matches) {
    for (const std::string& warning : match->matcher.warnings()) SCRY_LOG_WARN("{}", warning);
    needed.insert(needed.end(), match->needed.begin(), match->needed.end());
  }
  SCRY_CHECK(lookups.FetchRecords(needed, stores));

  ParallelFor(matches.size(), threads, [&](size_t i) {
    ScanResult& result = matches[i]->result;
    matches[i]->matcher.AddFindings();
    SortFindings(result.vulnerabilities);
    std::sort(result.filtered_vulnerabilities.begin(), result.filtered_vulnerabilities.end(),
              [](const auto& a, const auto& b) {
                return std::tie(a.pkg_name, a.vulnerability_id) <
                       std::tie(b.pkg_name, b.vulnerability_id);
              });
  });
  return Ok();
}

}  // namespace scry::matcher
