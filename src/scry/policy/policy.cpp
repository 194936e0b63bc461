#include "scry/policy/policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "scry/policy/match.hpp"

namespace scry::policy {
namespace {

struct LiveRule {
  const IgnoreRule* rule;
  const std::string* path;
  std::vector<PackageUrl> purls;
};

// Packages of one result by ID (the first of equal IDs), for the purl and file path of findings.
std::unordered_map<std::string_view, const model::Package*> PackagesById(
    const model::ScanResult& result) {
  std::unordered_map<std::string_view, const model::Package*> out;
  out.reserve(result.packages.size());
  for (const model::Package& package : result.packages) out.emplace(package.id, &package);
  return out;
}

std::string PurlOf(const model::DetectedVulnerability& finding, const model::Package* package) {
  if (!finding.pkg_purl.empty()) return finding.pkg_purl;
  return package != nullptr ? package->purl : std::string();
}

// The rule's ID is known to be one of the finding's; the paths and purls remain to be checked.
bool RuleMatches(const LiveRule& live, const model::ScanResult& result,
                 const model::Package* package, const std::optional<PackageUrl>& purl) {
  if (!live.rule->paths.empty()) {
    bool matched = false;
    for (const std::string& pattern : live.rule->paths) {
      if (GlobMatches(pattern, result.target) ||
          (package != nullptr && !package->file_path.empty() &&
           GlobMatches(pattern, package->file_path))) {
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  if (!live.rule->purls.empty()) {
    if (!purl) return false;
    bool matched = false;
    for (const PackageUrl& constraint : live.purls) {
      if (PurlMatches(constraint, *purl)) {
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

// An RFC 3339 time as seconds and nanoseconds since 1970 (UTC offsets applied), so that statements
// written in different zones or precisions compare by the instant; nullopt when malformed.
std::optional<std::pair<int64_t, int64_t>> InstantOf(std::string_view text) {
  auto digits = [&text](size_t at, size_t count) -> std::optional<int64_t> {
    if (at + count > text.size()) return std::nullopt;
    int64_t value = 0;
    for (size_t i = at; i < at + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  auto hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2);
  if (!year || !month || !day || !hour || !minute || !second || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || text[13] != ':' ||
      text[16] != ':' || *month < 1 || *month > 12 || *day < 1 || *day > 31) {
    return std::nullopt;
  }
  size_t at = 19;
  int64_t nanos = 0;
  if (at < text.size() && text[at] == '.') {
    int64_t scale = 100000000;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
      nanos += (text[at] - '0') * scale;
      scale /= 10;
    }
  }
  int64_t offset = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    auto offset_hour = digits(at + 1, 2), offset_minute = digits(at + 4, 2);
    if (!offset_hour || !offset_minute || text[at + 3] != ':') return std::nullopt;
    offset = (*offset_hour * 60 + *offset_minute) * 60 * (text[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  // Days from the civil date (Howard Hinnant's algorithm).
  int64_t y = *year - (*month <= 2 ? 1 : 0);
  int64_t era = y / 400;
  int64_t year_of_era = y - era * 400;
  int64_t month_index = *month > 2 ? *month - 3 : *month + 9;
  int64_t day_of_year = (153 * month_index + 2) / 5 + *day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  int64_t days = era * 146097 + day_of_era - 719468;
  int64_t seconds = days * 86400 + *hour * 3600 + *minute * 60 + *second - offset;
  return std::pair<int64_t, int64_t>{seconds, nanos};
}

struct RankedStatement {
  const VexStatement* statement;
  const SourcedVexDocument* document;
  size_t document_index;
  std::vector<PackageUrl> purls;
  std::optional<std::pair<int64_t, int64_t>> instant;  // of the timestamp: seconds, nanoseconds
};

// Later timestamps win; without comparable timestamps, later documents and statements do.
bool Later(const RankedStatement& a, const RankedStatement& b) {
  if (a.instant && b.instant && *a.instant != *b.instant) return *a.instant > *b.instant;
  if (a.document_index != b.document_index) return a.document_index > b.document_index;
  return a.statement->index > b.statement->index;
}

model::FilteredVulnerability Filtered(const model::DetectedVulnerability& finding,
                                      std::string reason) {
  model::FilteredVulnerability out;
  out.vulnerability_id = finding.vulnerability_id;
  out.pkg_name = finding.pkg_name;
  out.installed_version = finding.installed_version;
  out.reason = std::move(reason);
  return out;
}

}  // namespace

PolicyOutcome ApplyPolicy(const Policy& policy, model::Report& report) {
  PolicyOutcome outcome;
  std::vector<LiveRule> live_rules;
  for (const SourcedIgnoreFile& file : policy.ignore_files) {
    for (const IgnoreRule& rule : file.file.vulnerabilities) {
      if (!rule.expires.empty() && !policy.today.empty() && policy.today >= rule.expires) {
        outcome.warnings.push_back(
            fmt::format("ignore rule {} ({}:{}) expired on {}: its findings are reported again",
                        rule.id, file.path, rule.line, rule.expires));
        continue;
      }
      LiveRule live{&rule, &file.path, {}};
      for (const std::string& text : rule.purls) {
        if (auto purl = ParsePackageUrl(text)) {
          live.purls.push_back(std::move(*purl));
        } else {
          outcome.warnings.push_back(
              fmt::format("ignore rule {} ({}:{}): \"{}\" is not a package URL and matches nothing",
                          rule.id, file.path, rule.line, text));
        }
      }
      live_rules.push_back(std::move(live));
    }
  }
  std::vector<RankedStatement> statements;
  for (size_t d = 0; d < policy.vex.size(); ++d) {
    for (const VexStatement& statement : policy.vex[d].document.statements) {
      RankedStatement ranked{&statement, &policy.vex[d], d, {}, InstantOf(statement.timestamp)};
      for (const std::string& text : statement.purls) {
        if (auto purl = ParsePackageUrl(text)) ranked.purls.push_back(std::move(*purl));
      }
      if (!ranked.purls.empty()) statements.push_back(std::move(ranked));
    }
  }

  if (live_rules.empty() && statements.empty()) return outcome;
  // Rules and statements by each ID they name, so that a finding looks at its own candidates only
  // (indices keep file order, which decides between rules).
  std::unordered_map<std::string_view, std::vector<size_t>> rules_by_id;
  for (size_t i = 0; i < live_rules.size(); ++i) rules_by_id[live_rules[i].rule->id].push_back(i);
  std::unordered_map<std::string_view, std::vector<size_t>> statements_by_id;
  for (size_t i = 0; i < statements.size(); ++i) {
    for (const std::string& id : statements[i].statement->vulnerability_ids) {
      statements_by_id[id].push_back(i);
    }
  }
  auto candidates = [](const auto& index, const model::DetectedVulnerability& finding) {
    std::vector<size_t> out;
    auto add = [&](std::string_view id) {
      if (auto found = index.find(id); found != index.end()) {
        out.insert(out.end(), found->second.begin(), found->second.end());
      }
    };
    add(finding.vulnerability_id);
    for (const std::string& alias : finding.Details().vendor_ids) add(alias);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };

  for (model::ScanResult& result : report.results) {
    auto packages = PackagesById(result);
    std::vector<model::DetectedVulnerability> kept;
    kept.reserve(result.vulnerabilities.size());
    for (model::DetectedVulnerability& finding : result.vulnerabilities) {
      auto found = packages.find(finding.pkg_id);
      const model::Package* package = found == packages.end() ? nullptr : found->second;
      std::optional<PackageUrl> purl = ParsePackageUrl(PurlOf(finding, package));

      const LiveRule* rule = nullptr;
      for (size_t index : candidates(rules_by_id, finding)) {
        if (RuleMatches(live_rules[index], result, package, purl)) {
          rule = &live_rules[index];
          break;
        }
      }
      if (rule != nullptr) {
        std::string reason =
            fmt::format("ignored by {} ({}:{})", rule->rule->id, *rule->path, rule->rule->line);
        if (!rule->rule->statement.empty()) reason += ": " + rule->rule->statement;
        auto filtered = Filtered(finding, std::move(reason));
        filtered.evidence["Kind"] = "ignore-rule";
        filtered.evidence["Rule"] = rule->rule->id;
        filtered.evidence["File"] = fmt::format("{}:{}", *rule->path, rule->rule->line);
        if (!rule->rule->statement.empty()) filtered.evidence["Statement"] = rule->rule->statement;
        if (!rule->rule->expires.empty()) filtered.evidence["ExpiresAt"] = rule->rule->expires;
        result.filtered_vulnerabilities.push_back(std::move(filtered));
        ++outcome.ignored;
        continue;
      }

      const RankedStatement* latest = nullptr;
      if (purl) {
        for (size_t index : candidates(statements_by_id, finding)) {
          const RankedStatement& ranked = statements[index];
          bool applies = std::any_of(
              ranked.purls.begin(), ranked.purls.end(),
              [&purl](const PackageUrl& constraint) { return PurlMatches(constraint, *purl); });
          if (applies && (latest == nullptr || Later(ranked, *latest))) latest = &ranked;
        }
      }
      if (latest != nullptr && (latest->statement->status == VexStatus::kNotAffected ||
                                latest->statement->status == VexStatus::kFixed)) {
        const VexStatement& statement = *latest->statement;
        std::string reason =
            fmt::format("VEX {} ({} {} statement {})", VexStatusName(statement.status),
                        latest->document->path, latest->document->document.format, statement.index);
        if (!statement.justification.empty()) reason += ": " + statement.justification;
        auto filtered = Filtered(finding, std::move(reason));
        filtered.evidence["Kind"] = "vex";
        filtered.evidence["Format"] = latest->document->document.format;
        filtered.evidence["Document"] = latest->document->path;
        if (!latest->document->document.id.empty()) {
          filtered.evidence["DocumentID"] = latest->document->document.id;
        }
        filtered.evidence["Statement"] = std::to_string(statement.index);
        filtered.evidence["Vulnerability"] = statement.vulnerability_ids.front();
        filtered.evidence["Status"] = statement.original_status;
        if (!statement.justification.empty()) {
          filtered.evidence["Justification"] = statement.justification;
        }
        if (!statement.detail.empty()) filtered.evidence["Detail"] = statement.detail;
        if (!statement.timestamp.empty()) filtered.evidence["Timestamp"] = statement.timestamp;
        result.filtered_vulnerabilities.push_back(std::move(filtered));
        ++outcome.suppressed_by_vex;
        continue;
      }
      kept.push_back(std::move(finding));
    }
    result.vulnerabilities = std::move(kept);
  }
  return outcome;
}

}  // namespace scry::policy
