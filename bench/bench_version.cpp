// Version schemes (src/scry/version/scheme.hpp): Parse and Compare per scheme, on versions
// typical of each ecosystem. The matcher parses every event version of every candidate range and
// compares while sorting and walking the events, so both costs add up per package.
//   BM_Parse/<scheme>    GetScheme(kind).Parse of each sample version (time per version)
//   BM_Compare/<scheme>  Compare of every ordered pair of pre-parsed samples (time per compare)
// Usage: build/bench/bench/bench_version [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scry/version/scheme.hpp"

namespace {

using scry::version::SchemeKind;

struct Samples {
  SchemeKind kind;
  std::vector<std::string_view> versions;
};

const std::vector<Samples>& AllSamples() {
  static const std::vector<Samples> samples = {
      {SchemeKind::kGo,
       {"v1.19.8", "v1.21.0-rc.2", "v0.0.0-20220722155255-886fb9371eb4", "v2.0.0+incompatible",
        "v0.3.7", "v1.2.4-0.20230304050607-2078de552934", "v1.10.0", "v0.38.0"}},
      {SchemeKind::kSemver,
       {"1.2.3", "1.0.0-alpha.1", "1.0.0-alpha.beta", "2.0.0+build.5", "0.9.10", "1.0.0-rc.1",
        "10.20.30", "1.21.0-0"}},
      {SchemeKind::kNpm,
       {"1.2.3", "v1.2.4", "1.0.0-beta.2", "10.0.0", "4.17.21", "0.0.0-insiders.8f57e6c",
        "7.0.0-next.3", "2.6.9"}},
      {SchemeKind::kPep440,
       {"1.0", "1.0.post1", "2.0.0rc1", "1!1.0", "1.0.dev3", "1.0+local.1", "2.31.0", "0.9a2"}},
      {SchemeKind::kMaven,
       {"1.0", "1.0-SNAPSHOT", "5.3.20.RELEASE", "2.0-alpha-1", "1.0-sp1", "2.17.1",
        "9.4.51.v20230217", "1.0.0-M3"}},
      {SchemeKind::kRubyGems,
       {"1.0.0", "1.0.0.pre", "2.1", "1.0.0.a1", "7.0.8.1", "1.13.10", "3.2.0.rc2", "0.9"}},
      {SchemeKind::kNuGet,
       {"1.0.0", "1.0.0.1", "1.0.0-beta", "2.0.0-RC.1", "13.0.3", "6.0.0-preview.7.21377.19",
        "4.3.0", "1.0.0-alpha.10"}},
      {SchemeKind::kComposer,
       {"1.0.0", "v2.1.3", "1.0.0-beta1", "2.0.0-RC2", "5.4.47", "10.48.29", "6.0.0-alpha",
        "3.2.1.0"}},
      {SchemeKind::kDebian,
       {"1:2.30-2", "2.36-9+deb12u4", "1.0~rc1-1", "7.88.1-10+deb12u5", "3.0.11-1~deb12u2",
        "1:9.2p1-2+deb12u2", "252.30-1~deb12u2", "2.9.14+dfsg-1.3~deb12u1"}},
      {SchemeKind::kRpm,
       {"1.0-1.el9", "2:1.2.3-4.el8_6", "1.0~rc1-1", "1.0^git1-1", "3.0.7-27.el9",
        "1:1.1.1k-12.el8_9", "2.34-100.el9_4.2", "5.14.0-427.13.1.el9_4"}},
      {SchemeKind::kApk,
       {"1.2.3-r0", "1.2.3_alpha1-r1", "2.0_p1-r2", "1.36.1-r5", "3.1.4-r6", "8.5.0-r0",
        "1.2.13_git20230101-r0", "2.4.58_rc2-r1"}},
  };
  return samples;
}

std::vector<std::unique_ptr<scry::version::ParsedVersion>> ParseAll(const Samples& samples,
                                                                    std::string& error) {
  const auto& scheme = scry::version::GetScheme(samples.kind);
  std::vector<std::unique_ptr<scry::version::ParsedVersion>> parsed;
  for (std::string_view text : samples.versions) {
    auto version = scheme.Parse(text);
    if (!version) {
      error = std::string(text) + ": " + version.error().ToString();
      return {};
    }
    parsed.push_back(std::move(*version));
  }
  return parsed;
}

void BM_Parse(benchmark::State& state) {
  const Samples& samples = AllSamples()[static_cast<size_t>(state.range(0))];
  state.SetLabel(std::string(scry::version::SchemeKindName(samples.kind)));
  std::string error;
  if (ParseAll(samples, error).empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  const auto& scheme = scry::version::GetScheme(samples.kind);
  for (auto _ : state) {
    for (std::string_view text : samples.versions) {
      auto version = scheme.Parse(text);
      benchmark::DoNotOptimize(version);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(samples.versions.size()));
}

void BM_Compare(benchmark::State& state) {
  const Samples& samples = AllSamples()[static_cast<size_t>(state.range(0))];
  state.SetLabel(std::string(scry::version::SchemeKindName(samples.kind)));
  std::string error;
  auto parsed = ParseAll(samples, error);
  if (parsed.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  const auto& scheme = scry::version::GetScheme(samples.kind);
  for (auto _ : state) {
    for (const auto& a : parsed) {
      for (const auto& b : parsed) benchmark::DoNotOptimize(scheme.Compare(*a, *b));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(parsed.size() * parsed.size()));
}

BENCHMARK(BM_Parse)->DenseRange(0, 10);
BENCHMARK(BM_Compare)->DenseRange(0, 10);

}  // namespace
