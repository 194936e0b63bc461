#include "scry/db/debian_tracker.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "scry/base/strings.hpp"

namespace scry::db {
namespace {

constexpr size_t kMaxListSize = 256u << 20;
constexpr size_t kMalformedExamples = 10;

constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kCodenames = {{
    {"buzz", "1.1"},
    {"rex", "1.2"},
    {"bo", "1.3"},
    {"hamm", "2.0"},
    {"slink", "2.1"},
    {"potato", "2.2"},
    {"woody", "3.0"},
    {"sarge", "3.1"},
    {"etch", "4"},
    {"lenny", "5"},
    {"squeeze", "6"},
    {"wheezy", "7"},
    {"jessie", "8"},
    {"stretch", "9"},
    {"buster", "10"},
    {"bullseye", "11"},
}};
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kNewerCodenames = {{
    {"bookworm", "12"},
    {"trixie", "13"},
    {"forky", "14"},
    {"duke", "15"},
}};

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool IsDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "29 Mar 2023" -> "2023-03-29T00:00:00Z"; empty when the date is not in that form.
std::string Rfc3339Date(std::string_view date) {
  auto parts = strings::Split(date, ' ');
  if (parts.size() != 3 || !IsDigits(parts[0]) || parts[0].size() > 2 || !IsDigits(parts[2]) ||
      parts[2].size() != 4) {
    return {};
  }
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (parts[1] == kMonths[i]) {
      return fmt::format("{}-{:02}-{:0>2}T00:00:00Z", parts[2], i + 1, parts[0]);
    }
  }
  return {};
}

bool IsVersionChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
         c == '+' || c == '-' || c == '~' || c == ':';
}

bool IsPackageName(std::string_view name) {
  if (name.empty() || name.size() > 256) return false;
  for (char c : name) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '.' || c == '+' || c == '-')) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> DebianReleaseNumber(std::string_view codename) {
  for (const auto& [name, number] : kCodenames) {
    if (name == codename) return std::string(number);
  }
  for (const auto& [name, number] : kNewerCodenames) {
    if (name == codename) return std::string(number);
  }
  return std::nullopt;
}

Result<DebianTrackerList> ParseDebianTrackerList(std::string_view text) {
  if (text.size() > kMaxListSize) {
    return Fail(ErrorCode::kLimitExceeded, "tracker list of {} bytes is larger than {} bytes",
                text.size(), kMaxListSize);
  }
  DebianTrackerList list;
  osv::Record current;
  bool in_block = false;
  auto malformed = [&list](size_t line, std::string reason) {
    ++list.malformed;
    if (list.malformed_examples.size() < kMalformedExamples) {
      list.malformed_examples.push_back(fmt::format("line {}: {}", line, reason));
    }
  };
  auto finish = [&] {
    if (in_block && !current.affected.empty()) list.records.push_back(std::move(current));
    current = osv::Record();
    in_block = false;
  };
  size_t number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(start, end - start);
    start = end + 1;
    ++number;
    bool indented = !raw.empty() && (raw[0] == ' ' || raw[0] == '\t');
    std::string_view line = strings::TrimSpace(raw);
    if (line.empty() || line.starts_with("NOTE:")) continue;
    if (!indented && line.starts_with('[')) {
      finish();
      // "[29 Mar 2023] DSA-5380-1 xorg-server - security update"
      size_t close = line.find(']');
      if (close == std::string_view::npos) {
        malformed(number, "advisory header without a closing ']'");
        continue;
      }
      std::string date = Rfc3339Date(line.substr(1, close - 1));
      std::string_view rest = strings::TrimSpace(line.substr(close + 1));
      size_t space = rest.find_first_of(" \t");
      std::string_view id = rest.substr(0, space);
      if (date.empty() || id.empty() || !strings::IsPrintableUtf8(id)) {
        malformed(number, "advisory header is not \"[DD Mon YYYY] ID title\"");
        continue;
      }
      ++list.advisories;
      in_block = true;
      current.id = id;
      current.modified = date;
      current.published = date;
      if (space != std::string_view::npos) {
        current.summary = strings::TrimSpace(rest.substr(space));
      }
      current.references.push_back(
          {"ADVISORY", fmt::format("https://security-tracker.debian.org/tracker/{}", id)});
      continue;
    }
    if (!in_block) {
      malformed(number, "line outside an advisory block");
      continue;
    }
    if (line.starts_with('{')) {
      if (!line.ends_with('}')) {
        malformed(number, "CVE list without a closing '}'");
        continue;
      }
      for (std::string_view cve : strings::Split(line.substr(1, line.size() - 2), ' ')) {
        cve = strings::TrimSpace(cve);
        if (cve.empty()) continue;
        if (!strings::IsPrintableUtf8(cve)) {
          malformed(number, "CVE ID is not printable text");
          continue;
        }
        current.aliases.emplace_back(cve);
      }
      continue;
    }
    if (!line.starts_with('[')) {
      malformed(number, fmt::format("unexpected line in {}", current.id));
      continue;
    }
    // "[bullseye] - xorg-server 2:1.20.11-1+deb11u6 [(note)]"
    size_t close = line.find(']');
    if (close == std::string_view::npos) {
      malformed(number, "release line without a closing ']'");
      continue;
    }
    std::string_view codename = line.substr(1, close - 1);
    std::string_view rest = strings::TrimSpace(line.substr(close + 1));
    if (!rest.starts_with("- ")) {
      malformed(number, fmt::format("release line of {} without \" - \"", current.id));
      continue;
    }
    rest = strings::TrimSpace(rest.substr(2));
    size_t space = rest.find_first_of(" \t");
    std::string_view package = rest.substr(0, space);
    std::string_view version = space == std::string_view::npos
                                   ? std::string_view()
                                   : strings::TrimSpace(rest.substr(space));
    version = version.substr(0, version.find_first_of(" \t"));
    auto release = DebianReleaseNumber(codename);
    if (!release) {
      malformed(number,
                fmt::format("unknown Debian release \"{}\" in {}",
                            strings::IsPrintableUtf8(codename) ? codename : "?", current.id));
      continue;
    }
    if (!IsPackageName(package)) {
      malformed(number, fmt::format("source package name missing or invalid in {}", current.id));
      continue;
    }
    osv::Affected affected;
    affected.ecosystem = "Debian:" + *release;
    affected.name = package;
    osv::Range range;
    range.type = osv::Range::Type::kEcosystem;
    range.events.push_back({osv::Event::Kind::kIntroduced, "0"});
    if (version == "<not-affected>") {
      ++list.not_affected;
      continue;
    }
    if (version == "<end-of-life>") {
      affected.status = "end_of_life";
    } else if (version != "<unfixed>") {
      bool valid = !version.empty() && version.size() <= 256;
      for (char c : version) valid = valid && IsVersionChar(c);
      if (!valid || !(version[0] >= '0' && version[0] <= '9')) {
        malformed(number, fmt::format("no valid fixed version for {} in {}", package, current.id));
        continue;
      }
      range.events.push_back({osv::Event::Kind::kFixed, std::string(version)});
    }
    affected.ranges.push_back(std::move(range));
    current.affected.push_back(std::move(affected));
  }
  finish();
  return list;
}

}  // namespace scry::db
