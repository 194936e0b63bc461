#include "scry/scan/end_of_life.hpp"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

namespace scry::scan {
namespace {

struct LookupCase {
  std::string family;
  std::string version;
  std::string release;  // empty: no entry
  std::string date;
};

TEST(EndOfLife, FindsTheReleaseAVersionBelongsTo) {
  const LookupCase kCases[] = {
      {"debian", "9.13", "9", "2022-06-30"},  // debian_version's point release; LTS end
      {"debian", "9", "9", "2022-06-30"},
      {"debian", "12.5", "12", "2028-06-30"},
      {"debian", "3.1", "3.1", "2008-03-31"},  // old releases are numbered major.minor
      {"debian", "5.0.10", "5.0", "2012-02-06"},
      {"debian", "bookworm/sid", "", ""},
      {"debian", "14", "", ""},  // not released: no date yet
      {"ubuntu", "18.04", "18.04", "2023-05-31"},
      {"ubuntu", "14.04", "14.04", "2019-04-25"},
      {"ubuntu", "18.0", "", ""},
      {"alpine", "3.12.4", "3.12", "2022-05-01"},
      {"alpine", "3.1.4", "3.1", "2016-11-01"},  // not 3.12 or 3.10
      {"alpine", "3.10.9", "3.10", "2021-05-01"},
      {"alpine", "3.99.0", "", ""},
      {"redhat", "8.9", "8", "2029-05-31"},
      {"alma", "9.3", "9", "2032-05-31"},
      {"amazon", "2018.03", "1", "2023-12-31"},
      {"amazon", "2 (Karoo)", "2", "2026-06-30"},
      {"amazon", "2023", "2023", "2029-06-30"},
      {"wolfi", "20230201", "", ""},
      {"", "9", "", ""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.family + " " + c.version);
    auto entry = FindEndOfLife(c.family, c.version);
    if (c.release.empty()) {
      EXPECT_FALSE(entry.has_value());
      continue;
    }
    ASSERT_TRUE(entry.has_value());
    EXPECT_EQ(entry->release, c.release);
    EXPECT_EQ(entry->date, c.date);
  }
}

TEST(EndOfLife, TablesAreWellFormed) {
  std::set<std::pair<std::string_view, std::string_view>> seen;
  size_t debian = 0, ubuntu = 0;
  for (auto table : {DistroInfoEndOfLife(), VendorEndOfLife()}) {
    for (const auto& entry : table) {
      SCOPED_TRACE(std::string(entry.family) + " " + std::string(entry.release));
      EXPECT_TRUE(seen.emplace(entry.family, entry.release).second) << "duplicate";
      ASSERT_EQ(entry.date.size(), 10u);
      EXPECT_EQ(entry.date[4], '-');
      EXPECT_EQ(entry.date[7], '-');
      debian += entry.family == "debian";
      ubuntu += entry.family == "ubuntu";
    }
  }
  EXPECT_GE(debian, 15u);
  EXPECT_GE(ubuntu, 30u);
}

model::Report WithOs(std::string family, std::string name) {
  model::Report report;
  report.metadata.os = model::OsInfo{std::move(family), std::move(name)};
  return report;
}

TEST(EndOfLife, MarksTheReportAfterTheDate) {
  auto report = WithOs("debian", "9.13");
  EXPECT_EQ(MarkEndOfLife(report, "2022-06-30"), "");  // the last day of support
  EXPECT_FALSE(report.metadata.os->eosl);
  EXPECT_EQ(MarkEndOfLife(report, "2022-07-01"),
            "OS debian 9 is end-of-life since 2022-06-30; its packages get no security fixes");
  EXPECT_TRUE(report.metadata.os->eosl);

  auto unknown = WithOs("wolfi", "20230201");
  EXPECT_EQ(MarkEndOfLife(unknown, "2099-01-01"), "");
  EXPECT_FALSE(unknown.metadata.os->eosl);

  model::Report no_os;
  EXPECT_EQ(MarkEndOfLife(no_os, "2099-01-01"), "");
  EXPECT_FALSE(no_os.metadata.os.has_value());
}

}  // namespace
}  // namespace scry::scan
