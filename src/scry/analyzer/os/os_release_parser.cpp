#include "scry/analyzer/os/os_release_parser.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "scry/base/strings.hpp"

namespace scry::analyzer::os {
namespace {

constexpr std::array<std::pair<std::string_view, OsFile>, 12> kFiles{{
    {"etc/os-release", OsFile::kEtcOsRelease},
    {"usr/lib/os-release", OsFile::kUsrLibOsRelease},
    {"etc/alpine-release", OsFile::kAlpineRelease},
    {"etc/debian_version", OsFile::kDebianVersion},
    {"etc/lsb-release", OsFile::kLsbRelease},
    {"etc/redhat-release", OsFile::kRedhatRelease},
    {"etc/centos-release", OsFile::kCentosRelease},
    {"etc/rocky-release", OsFile::kRockyRelease},
    {"etc/almalinux-release", OsFile::kAlmaRelease},
    {"etc/fedora-release", OsFile::kFedoraRelease},
    {"etc/oracle-release", OsFile::kOracleRelease},
    {"etc/system-release", OsFile::kSystemRelease},
}};

// os-release IDs -> Trivy family names. Trivy's own os-release analyzer maps only the families
// without a distribution file; mapping all of them lets images that keep only os-release
// (chiselled Ubuntu, some distroless) be detected, and precedence keeps Trivy's answer otherwise.
constexpr std::array<std::pair<std::string_view, std::string_view>, 25> kOsReleaseIds{{
    {"alpine", "alpine"},
    {"almalinux", "alma"},
    {"amzn", "amazon"},
    {"azurelinux", "azurelinux"},
    {"bottlerocket", "bottlerocket"},
    {"centos", "centos"},
    {"chainguard", "chainguard"},
    {"debian", "debian"},
    {"echo", "echo"},
    {"fedora", "fedora"},
    {"mariner", "cbl-mariner"},
    {"minimos", "minimos"},
    {"ol", "oracle"},
    {"opensuse", "opensuse-leap"},  // openSUSE Leap 42 used ID=opensuse
    {"opensuse-leap", "opensuse-leap"},
    {"opensuse-tumbleweed", "opensuse-tumbleweed"},
    {"photon", "photon"},
    {"rhel", "redhat"},
    {"rocky", "rocky"},
    {"sl-micro", "slem"},
    {"sle-micro", "slem"},
    {"sle-micro-rancher", "slem"},
    {"sles", "sles"},
    {"ubuntu", "ubuntu"},
    {"wolfi", "wolfi"},
}};

std::string_view FamilyOfOsReleaseId(std::string_view id) {
  if (id.empty()) return {};
  for (const auto& [known, family] : kOsReleaseIds) {
    if (known == id) return family;
  }
  return {};
}

std::string_view FirstLine(std::string_view content) {
  size_t end = content.find('\n');
  return strings::TrimSpace(content.substr(0, end));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "NAME release 8.9 (Ootpa)" -> {"NAME", "8.9"}, like Trivy's `(.*) release (\d[\d\.]*)`: the
// greedy name takes everything up to the last " release " that a digit follows.
std::optional<std::pair<std::string, std::string>> ParseReleaseLine(std::string_view line) {
  constexpr std::string_view kRelease = " release ";
  size_t at = line.rfind(kRelease);
  while (at != std::string_view::npos) {
    size_t start = at + kRelease.size();
    if (start < line.size() && IsDigit(line[start])) {
      size_t end = start;
      while (end < line.size() && (IsDigit(line[end]) || line[end] == '.')) ++end;
      return std::make_pair(strings::ToLower(line.substr(0, at)),
                            std::string(line.substr(start, end - start)));
    }
    if (at == 0) break;
    at = line.rfind(kRelease, at - 1);
  }
  return std::nullopt;
}

// Trivy's redhatbase families by distribution name; anything else is Red Hat.
std::string_view RedhatFamily(std::string_view name) {
  if (name == "centos" || name == "centos linux") return "centos";
  if (name == "rocky" || name == "rocky linux") return "rocky";
  if (name == "alma" || name == "almalinux" || name == "alma linux") return "alma";
  if (name == "oracle" || name == "oracle linux" || name == "oracle linux server") return "oracle";
  if (name == "fedora" || name == "fedora linux") return "fedora";
  return "redhat";
}

std::optional<model::OsInfo> ParseRedhatStyle(std::string_view content,
                                              std::string_view required_family) {
  auto parsed = ParseReleaseLine(FirstLine(content));
  if (!parsed) return std::nullopt;
  std::string_view family = RedhatFamily(parsed->first);
  if (!required_family.empty() && family != required_family) return std::nullopt;
  return model::OsInfo{std::string(family), parsed->second};
}

// Amazon Linux: "Amazon Linux release 2 (Karoo)" -> "2 (Karoo)" and "Amazon Linux AMI release
// 2018.03" -> "AMI release 2018.03", as Trivy reports them; "Amazon Linux release 2023.5.20240805
// (Amazon Linux)" -> "2023.5.20240805" (Trivy's field split would give "2023.5.20240805 (Amazon").
std::optional<model::OsInfo> ParseSystemRelease(std::string_view content) {
  std::string_view line = FirstLine(content);
  constexpr std::string_view kPrefix = "Amazon Linux";
  if (!line.starts_with(kPrefix)) return std::nullopt;
  std::vector<std::string_view> fields;
  for (std::string_view field : strings::Split(line, ' ')) {
    if (!field.empty()) fields.push_back(field);
  }
  if (fields.size() >= 4 && fields[2] == "release") {
    if (fields[3] == "2" && fields.size() >= 5) {
      return model::OsInfo{"amazon", std::string(fields[3]) + " " + std::string(fields[4])};
    }
    return model::OsInfo{"amazon", std::string(fields[3])};
  }
  if (fields.size() < 3) return std::nullopt;
  std::string name;
  for (size_t i = 2; i < fields.size(); ++i) {
    if (!name.empty()) name += ' ';
    name += fields[i];
  }
  return model::OsInfo{"amazon", name};
}

// Double-quoted shell string body: backslash escapes only $ " \ ` and newline.
std::string UnquoteDouble(std::string_view body) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\\' && i + 1 < body.size() &&
        std::string_view("$\"\\`").find(body[i + 1]) != std::string_view::npos) {
      out += body[++i];
    } else {
      out += c;
    }
  }
  return out;
}

std::string UnquoteValue(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    return UnquoteDouble(value.substr(1, value.size() - 2));
  }
  if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
    return std::string(value.substr(1, value.size() - 2));
  }
  return std::string(value);
}

bool IsKey(std::string_view key) {
  if (key.empty()) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) || c == '_';
  });
}

Status CheckText(std::string_view content) {
  if (content.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "binary content (a NUL byte) in a text release file");
  }
  return Ok();
}

// Where a finding's name ranks among files of the same family (higher wins).
int NamePrecedence(const OsFinding& finding) {
  OsFile file = ClassifyOsFile(finding.path);
  if (file == OsFile::kDebianVersion && !finding.os.name.empty() && IsDigit(finding.os.name[0])) {
    return 5;
  }
  return OsFilePrecedence(file);
}

}  // namespace

OsFile ClassifyOsFile(std::string_view path) {
  for (const auto& [known, file] : kFiles) {
    if (known == path) return file;
  }
  return OsFile::kNone;
}

int OsFilePrecedence(OsFile file) {
  switch (file) {
    case OsFile::kNone:
      return 0;
    case OsFile::kDebianVersion:
    case OsFile::kRedhatRelease:
      return 1;
    case OsFile::kUsrLibOsRelease:
      return 2;
    case OsFile::kEtcOsRelease:
      return 3;
    case OsFile::kAlpineRelease:
    case OsFile::kLsbRelease:
    case OsFile::kCentosRelease:
    case OsFile::kRockyRelease:
    case OsFile::kAlmaRelease:
    case OsFile::kFedoraRelease:
    case OsFile::kOracleRelease:
    case OsFile::kSystemRelease:
      return 4;
  }
  return 0;
}

Result<std::map<std::string, std::string>> ParseOsRelease(std::string_view content) {
  SCRY_CHECK(CheckText(content));
  std::map<std::string, std::string> values;
  for (std::string_view line : strings::Split(content, '\n')) {
    line = strings::TrimSpace(line);
    if (line.empty() || line.front() == '#') continue;
    auto [key, value, found] = strings::Cut(line, "=");
    key = strings::TrimSpace(key);
    if (!found || !IsKey(key)) continue;
    values[std::string(key)] = UnquoteValue(strings::TrimSpace(value));
  }
  return values;
}

Result<std::optional<model::OsInfo>> ParseOsFile(OsFile file, std::string_view content) {
  SCRY_CHECK(CheckText(content));
  switch (file) {
    case OsFile::kNone:
      return std::nullopt;
    case OsFile::kEtcOsRelease:
    case OsFile::kUsrLibOsRelease: {
      SCRY_TRY(auto values, ParseOsRelease(content));
      std::string_view family = FamilyOfOsReleaseId(values["ID"]);
      if (family.empty()) return std::nullopt;
      return model::OsInfo{std::string(family), values["VERSION_ID"]};
    }
    case OsFile::kAlpineRelease: {
      std::string_view line = FirstLine(content);
      if (line.empty()) return std::nullopt;
      return model::OsInfo{"alpine", std::string(line)};
    }
    case OsFile::kDebianVersion: {
      std::string_view line = FirstLine(content);
      if (line.empty()) return std::nullopt;
      return model::OsInfo{"debian", std::string(line)};
    }
    case OsFile::kLsbRelease: {
      SCRY_TRY(auto values, ParseOsRelease(content));
      if (!strings::EqualsIgnoreCase(values["DISTRIB_ID"], "ubuntu")) return std::nullopt;
      return model::OsInfo{"ubuntu", values["DISTRIB_RELEASE"]};
    }
    case OsFile::kRedhatRelease:
      return ParseRedhatStyle(content, "");
    case OsFile::kCentosRelease:
      return ParseRedhatStyle(content, "centos");
    case OsFile::kRockyRelease:
      return ParseRedhatStyle(content, "rocky");
    case OsFile::kAlmaRelease:
      return ParseRedhatStyle(content, "alma");
    case OsFile::kFedoraRelease:
      return ParseRedhatStyle(content, "fedora");
    case OsFile::kOracleRelease:
      return ParseRedhatStyle(content, "oracle");
    case OsFile::kSystemRelease:
      return ParseSystemRelease(content);
  }
  return std::nullopt;
}

std::optional<model::OsInfo> CombineOs(std::span<const OsFinding> findings) {
  const OsFinding* best = nullptr;
  auto precedes = [](const OsFinding& a, int rank_a, const OsFinding& b, int rank_b) {
    return rank_a != rank_b ? rank_a > rank_b : a.path < b.path;
  };
  for (const OsFinding& finding : findings) {
    if (finding.os.family.empty()) continue;
    if (best == nullptr || precedes(finding, OsFilePrecedence(ClassifyOsFile(finding.path)), *best,
                                    OsFilePrecedence(ClassifyOsFile(best->path)))) {
      best = &finding;
    }
  }
  if (best == nullptr) return std::nullopt;
  model::OsInfo combined = best->os;
  const OsFinding* named = nullptr;
  for (const OsFinding& finding : findings) {
    if (finding.os.family != combined.family || finding.os.name.empty()) continue;
    if (named == nullptr ||
        precedes(finding, NamePrecedence(finding), *named, NamePrecedence(*named))) {
      named = &finding;
    }
  }
  if (named != nullptr) combined.name = named->os.name;
  return combined;
}

}  // namespace scry::analyzer::os
