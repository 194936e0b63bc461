// The advisory database's two hot paths, on the real Go vulnerability database (4,291 records):
//   BM_ImportGo       DatabaseWriter::Begin + ImportOsv + Commit into an empty temporary folder,
//                     what `scry db import ../shared/vulndata/go/osv` costs (target: < 1 s).
//   BM_MatchGo        matcher::MatchReport on 10,000 Go packages in 100 binaries (linux/amd64),
//                     each binary like a real one: stdlib, 79 modules that have advisories and
//                     20 that have none. The stdlib and module versions are the versions the
//                     database's events name (introduced: vulnerable, fixed: usually not), taken
//                     in turn; module paths are taken in turn from a fixed shuffle of all 1,373
//                     (target: < 50 ms).
//   BM_MatchGoOneThread  the same on one thread (MatchOptions::threads = 1; the default is one
//                     per hardware thread).
//   BM_MatchGoEveryEvent  stress: 10,000 (module, version) pairs drawn from every event of every
//                     record, so about a fifth are stdlib versions with dozens of findings each.
//   BM_MatchGoNoAdvisories  10,000 modules without advisories: the per-lookup floor.
// Usage: build/bench/bench/bench_db [--benchmark_filter=...]; SCRY_VULNDATA overrides the data.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "scry/base/log.hpp"
#include "scry/db/advisory_store.hpp"
#include "scry/db/writer.hpp"
#include "scry/matcher/matcher.hpp"
#include "scry/model/report.hpp"
#include "scry/osv/record.hpp"

namespace {

namespace fs = std::filesystem;

constexpr size_t kPackages = 10'000;
constexpr size_t kWithoutAdvisoriesPerBinary = 20;
constexpr size_t kPackagesPerBinary = 100;

fs::path GoOsvDir() {
  const char* env = std::getenv("SCRY_VULNDATA");
  return fs::path(env != nullptr && *env != '\0' ? env : SCRY_BENCH_VULNDATA) / "go" / "osv";
}

// A folder of its own, removed at exit.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("scry-bench-db-" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code error;
    fs::remove_all(path_, error);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TempDir& Temp() {
  static TempDir dir;
  return dir;
}

// Imports the Go records into `path`; the number of records, or -1 with the error in `error`.
int64_t ImportGo(const fs::path& path, std::string& error) {
  auto writer = scry::db::DatabaseWriter::Begin(path);
  if (!writer) {
    error = writer.error().ToString();
    return -1;
  }
  auto stats = scry::db::ImportOsv(**writer, GoOsvDir(), "go");
  if (!stats) {
    error = stats.error().ToString();
    return -1;
  }
  if (auto committed = (*writer)->Commit(); !committed) {
    error = committed.error().ToString();
    return -1;
  }
  return static_cast<int64_t>(stats->records);
}

void BM_ImportGo(benchmark::State& state) {
  scry::log::SetLevel(scry::log::Level::kWarn);
  int64_t records = 0;
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    fs::path path = Temp().path() / ("import-" + std::to_string(round++)) / "scry.db";
    state.ResumeTiming();
    std::string error;
    records = ImportGo(path, error);
    if (records < 0) {
      state.SkipWithError(error.c_str());
      break;
    }
    state.PauseTiming();
    fs::remove_all(path.parent_path());
    state.ResumeTiming();
  }
  state.counters["records"] = static_cast<double>(records);
  state.counters["records/s"] =
      benchmark::Counter(static_cast<double>(records) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ImportGo)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

// The database (imported once) and the reports to match.
struct MatchSetup {
  std::unique_ptr<scry::db::AdvisoryStore> store;
  scry::model::Report realistic;
  scry::model::Report every_event;
  scry::model::Report no_advisories;
  std::string error;
};

using Packages = std::vector<std::pair<std::string, std::string>>;

// Module path -> the versions its records' events name (with Go's "v"; "0" left out).
std::map<std::string, std::vector<std::string>> EventVersions(std::string& error) {
  std::map<std::string, std::set<std::string>> unique;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(GoOsvDir())) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    auto record = scry::osv::ParseRecord(content.str());
    if (!record) {
      error = file.string() + ": " + record.error().ToString();
      return {};
    }
    for (const auto& affected : record->affected) {
      auto& versions = unique[affected.name];
      for (const auto& range : affected.ranges) {
        for (const auto& event : range.events) {
          if (event.version != "0") versions.insert("v" + event.version);
        }
      }
    }
  }
  std::map<std::string, std::vector<std::string>> out;
  for (auto& [name, versions] : unique) {
    if (!versions.empty()) out[name].assign(versions.begin(), versions.end());
  }
  return out;
}

std::string NoAdvisoryPath(size_t i) {
  return "example.com/no-advisories/module" + std::to_string(i);
}

// 100 binaries of 100 packages: stdlib, 79 modules with advisories, 20 without.
Packages Realistic(const std::map<std::string, std::vector<std::string>>& events) {
  std::vector<std::string> modules;
  for (const auto& [name, versions] : events) {
    if (name != "stdlib" && name != "toolchain") modules.push_back(name);
  }
  std::mt19937 random(20260821);  // fixed: the same packages every run
  std::shuffle(modules.begin(), modules.end(), random);
  const auto& go = events.at("stdlib");
  Packages packages;
  size_t next_module = 0;
  for (size_t binary = 0; binary < kPackages / kPackagesPerBinary; ++binary) {
    packages.emplace_back("stdlib", go[binary * 7 % go.size()]);
    for (size_t j = 0; j < kPackagesPerBinary - 1 - kWithoutAdvisoriesPerBinary; ++j) {
      const std::string& name = modules[next_module++ % modules.size()];
      const auto& versions = events.at(name);
      packages.emplace_back(name, versions[(binary + j) % versions.size()]);
    }
    for (size_t j = 0; j < kWithoutAdvisoriesPerBinary; ++j) {
      packages.emplace_back(NoAdvisoryPath(binary * kWithoutAdvisoriesPerBinary + j), "v1.2.3");
    }
  }
  return packages;
}

// 10,000 pairs drawn from every event version of every module (stdlib-heavy).
Packages EveryEvent(const std::map<std::string, std::vector<std::string>>& events) {
  Packages all;
  for (const auto& [name, versions] : events) {
    for (const auto& version : versions) all.emplace_back(name, version);
  }
  std::mt19937 random(7);
  std::shuffle(all.begin(), all.end(), random);
  Packages packages;
  for (size_t i = 0; i < kPackages; ++i) packages.push_back(all[i % all.size()]);
  return packages;
}

scry::model::Report MakeReport(const Packages& packages) {
  scry::model::Report report;
  for (size_t i = 0; i < packages.size(); ++i) {
    if (i % kPackagesPerBinary == 0) {
      auto& result = report.results.emplace_back();
      result.target = "bin/app-" + std::to_string(i / kPackagesPerBinary);
      result.type = "gobinary";
      result.go_binary = scry::model::GoBinaryDetails{};
      result.go_binary->main_package_path = "example.com/app/cmd/app";
      result.go_binary->build_settings = {{"GOOS", "linux"}, {"GOARCH", "amd64"}};
    }
    scry::model::Package package;
    package.name = packages[i].first;
    package.version = packages[i].second;
    scry::model::SetIdentity(package, "golang");
    report.results.back().packages.push_back(std::move(package));
  }
  // In the order scry's applier hands packages to the matcher.
  for (auto& result : report.results) {
    std::sort(result.packages.begin(), result.packages.end(), [](const auto& a, const auto& b) {
      return std::tie(a.name, a.version) < std::tie(b.name, b.version);
    });
  }
  return report;
}

MatchSetup& Setup() {
  static MatchSetup setup = [] {
    MatchSetup s;
    scry::log::SetLevel(scry::log::Level::kError);
    fs::path path = Temp().path() / "match" / "scry.db";
    if (ImportGo(path, s.error) < 0) return s;
    auto store = scry::db::AdvisoryStore::Open(path);
    if (!store) {
      s.error = store.error().ToString();
      return s;
    }
    s.store = std::move(*store);
    auto events = EventVersions(s.error);
    if (!s.error.empty()) return s;
    if (events.count("stdlib") == 0) {
      s.error = "no stdlib records in " + GoOsvDir().string();
      return s;
    }
    s.realistic = MakeReport(Realistic(events));
    s.every_event = MakeReport(EveryEvent(events));
    Packages none;
    for (size_t i = 0; i < kPackages; ++i) none.emplace_back(NoAdvisoryPath(i), "v1.2.3");
    s.no_advisories = MakeReport(none);
    return s;
  }();
  return setup;
}

void RunMatch(benchmark::State& state, const scry::model::Report& input, size_t threads = 0) {
  MatchSetup& setup = Setup();
  if (!setup.error.empty()) {
    state.SkipWithError(setup.error.c_str());
    return;
  }
  scry::matcher::MatchOptions options;
  options.threads = threads;
  size_t findings = 0, stdlib = 0, filtered = 0, packages = 0;
  for (auto _ : state) {
    state.PauseTiming();
    scry::model::Report report = input;
    state.ResumeTiming();
    if (auto status = scry::matcher::MatchReport(*setup.store, options, report); !status) {
      state.SkipWithError(status.error().ToString().c_str());
      break;
    }
    state.PauseTiming();
    findings = stdlib = filtered = packages = 0;
    for (const auto& result : report.results) {
      findings += result.vulnerabilities.size();
      for (const auto& finding : result.vulnerabilities) stdlib += finding.pkg_name == "stdlib";
      filtered += result.filtered_vulnerabilities.size();
      packages += result.packages.size();
    }
    report = {};  // freed outside the timing: scry frees its report once, at exit
    state.ResumeTiming();
  }
  state.counters["packages"] = static_cast<double>(packages);
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["stdlib"] = static_cast<double>(stdlib);
  state.counters["filtered"] = static_cast<double>(filtered);
  state.counters["packages/s"] =
      benchmark::Counter(static_cast<double>(packages) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}

void BM_MatchGo(benchmark::State& state) { RunMatch(state, Setup().realistic); }
BENCHMARK(BM_MatchGo)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_MatchGoOneThread(benchmark::State& state) { RunMatch(state, Setup().realistic, 1); }
BENCHMARK(BM_MatchGoOneThread)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_MatchGoEveryEvent(benchmark::State& state) { RunMatch(state, Setup().every_event); }
BENCHMARK(BM_MatchGoEveryEvent)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_MatchGoNoAdvisories(benchmark::State& state) { RunMatch(state, Setup().no_advisories); }
BENCHMARK(BM_MatchGoNoAdvisories)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
