#include "scry/scan/end_of_life.hpp"

#include <fmt/format.h>

namespace scry::scan {

std::span<const EndOfLifeEntry> VendorEndOfLife() {
  // clang-format off
  static constexpr EndOfLifeEntry kEntries[] = {
      // Alpine: "End of support" of https://alpinelinux.org/releases/ (two years per branch).
      {"alpine", "2.0", "2012-04-01"}, {"alpine", "2.1", "2012-11-01"},
      {"alpine", "2.2", "2013-05-01"}, {"alpine", "2.3", "2013-11-01"},
      {"alpine", "2.4", "2014-05-01"}, {"alpine", "2.5", "2014-11-01"},
      {"alpine", "2.6", "2015-05-01"}, {"alpine", "2.7", "2015-11-01"},
      {"alpine", "3.0", "2016-05-01"}, {"alpine", "3.1", "2016-11-01"},
      {"alpine", "3.2", "2017-05-01"}, {"alpine", "3.3", "2017-11-01"},
      {"alpine", "3.4", "2018-05-01"}, {"alpine", "3.5", "2018-11-01"},
      {"alpine", "3.6", "2019-05-01"}, {"alpine", "3.7", "2019-11-01"},
      {"alpine", "3.8", "2020-05-01"}, {"alpine", "3.9", "2020-11-01"},
      {"alpine", "3.10", "2021-05-01"}, {"alpine", "3.11", "2021-11-01"},
      {"alpine", "3.12", "2022-05-01"}, {"alpine", "3.13", "2022-11-01"},
      {"alpine", "3.14", "2023-05-01"}, {"alpine", "3.15", "2023-11-01"},
      {"alpine", "3.16", "2024-05-23"}, {"alpine", "3.17", "2024-11-22"},
      {"alpine", "3.18", "2025-05-09"}, {"alpine", "3.19", "2025-11-01"},
      {"alpine", "3.20", "2026-04-01"}, {"alpine", "3.21", "2026-11-01"},
      {"alpine", "3.22", "2027-05-01"},
      // Amazon Linux: https://aws.amazon.com/amazon-linux-ami/faqs/ (AL1, extended to the end
      // of 2023), https://aws.amazon.com/amazon-linux-2/faqs/ (AL2, extended to 2026-06-30),
      // https://docs.aws.amazon.com/linux/al2023/ug/release-cadence.html (AL2023).
      {"amazon", "1", "2023-12-31"}, {"amazon", "2", "2026-06-30"},
      {"amazon", "2023", "2029-06-30"},
      // Red Hat Enterprise Linux, end of Maintenance Support:
      // https://access.redhat.com/support/policy/updates/errata
      {"redhat", "5", "2017-03-31"}, {"redhat", "6", "2020-11-30"},
      {"redhat", "7", "2024-06-30"}, {"redhat", "8", "2029-05-31"},
      {"redhat", "9", "2032-05-31"},
      // CentOS Linux 6-8 (https://www.centos.org/centos-linux-eol/); 9 is CentOS Stream 9
      // (https://www.centos.org/cl-vs-cs/, "end of builds" 2027-05-31).
      {"centos", "6", "2020-11-30"}, {"centos", "7", "2024-06-30"},
      {"centos", "8", "2021-12-31"}, {"centos", "9", "2027-05-31"},
      // AlmaLinux: https://wiki.almalinux.org/release-notes/ (security support end).
      {"alma", "8", "2029-03-01"}, {"alma", "9", "2032-05-31"},
      // Rocky Linux: https://wiki.rockylinux.org/rocky/version/ (end of life).
      {"rocky", "8", "2029-05-31"}, {"rocky", "9", "2032-05-31"},
  };
  // clang-format on
  return kEntries;
}

namespace {

// Amazon Linux 1 names itself by year.month ("2018.03"), Amazon Linux 2 may add its codename
// ("2 (Karoo)"); the tables know them as "1" and "2".
std::string_view NormalizeVersion(std::string_view family, std::string_view version) {
  if (family != "amazon") return version;
  version = version.substr(0, version.find(' '));
  if (version.size() == 7 && version[4] == '.' && version.substr(0, 2) == "20") return "1";
  return version;
}

}  // namespace

std::optional<EndOfLifeEntry> FindEndOfLife(std::string_view family, std::string_view version) {
  version = NormalizeVersion(family, version);
  std::optional<EndOfLifeEntry> best;
  for (auto table : {DistroInfoEndOfLife(), VendorEndOfLife()}) {
    for (const EndOfLifeEntry& entry : table) {
      if (entry.family != family || !version.starts_with(entry.release)) continue;
      if (version.size() != entry.release.size() && version[entry.release.size()] != '.') {
        continue;
      }
      if (!best || entry.release.size() > best->release.size()) best = entry;
    }
  }
  return best;
}

std::string MarkEndOfLife(model::Report& report, std::string_view today) {
  if (!report.metadata.os || report.metadata.os->empty()) return {};
  model::OsInfo& os = *report.metadata.os;
  auto entry = FindEndOfLife(os.family, os.name);
  if (!entry || today <= entry->date) return {};
  os.eosl = true;
  return fmt::format("OS {} {} is end-of-life since {}; its packages get no security fixes",
                     os.family, entry->release, entry->date);
}

}  // namespace scry::scan
