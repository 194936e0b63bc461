// Fuzzes the version schemes. The first byte picks the scheme; the rest is split at '\n' into up
// to three versions. Parsing must fail softly, Compare must be reflexive and antisymmetric, and
// when three versions parse their order must be transitive.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "scry/version/scheme.hpp"

namespace {

constexpr scry::version::SchemeKind kKinds[] = {
    scry::version::SchemeKind::kGo,     scry::version::SchemeKind::kSemver,
    scry::version::SchemeKind::kNpm,    scry::version::SchemeKind::kPep440,
    scry::version::SchemeKind::kMaven,  scry::version::SchemeKind::kRubyGems,
    scry::version::SchemeKind::kNuGet,  scry::version::SchemeKind::kComposer,
    scry::version::SchemeKind::kDebian, scry::version::SchemeKind::kRpm,
    scry::version::SchemeKind::kApk,
};

int Sign(int value) { return value < 0 ? -1 : (value > 0 ? 1 : 0); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const scry::version::Scheme& scheme =
      scry::version::GetScheme(kKinds[data[0] % std::size(kKinds)]);
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

  std::vector<std::unique_ptr<scry::version::ParsedVersion>> versions;
  for (int i = 0; i < 3; ++i) {
    size_t end = i == 2 ? std::string_view::npos : rest.find('\n');
    std::string_view text = rest.substr(0, end);
    auto parsed = scheme.Parse(text);
    if (parsed) {
      if ((*parsed)->text() != text) __builtin_trap();
      versions.push_back(std::move(*parsed));
    } else if (parsed.error().message().empty()) {
      __builtin_trap();
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }

  for (const auto& a : versions) {
    if (scheme.Compare(*a, *a) != 0) __builtin_trap();
    for (const auto& b : versions) {
      if (Sign(scheme.Compare(*a, *b)) != -Sign(scheme.Compare(*b, *a))) __builtin_trap();
    }
  }
  if (versions.size() == 3) {
    for (const auto& a : versions) {
      for (const auto& b : versions) {
        for (const auto& c : versions) {
          int ab = Sign(scheme.Compare(*a, *b));
          int bc = Sign(scheme.Compare(*b, *c));
          int ac = Sign(scheme.Compare(*a, *c));
          // a <= b <= c implies a <= c, and a < c if either step is strict.
          if (ab <= 0 && bc <= 0 && ac != (ab < 0 || bc < 0 ? -1 : 0)) {
            // Maven's ComparableVersion is itself not transitive (MNG-6964: 1 < 1-sp <
            // 1-0.alpha < 1), so its cycles are faithful, not bugs.
            if (scheme.kind() != scry::version::SchemeKind::kMaven) __builtin_trap();
          }
        }
      }
    }
  }
  return 0;
}
