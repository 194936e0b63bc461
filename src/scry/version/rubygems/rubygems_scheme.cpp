#include "scry/version/rubygems/rubygems_scheme.hpp"

#include <string>
#include <vector>

#include "scry/version/version_internal.hpp"

namespace scry::version {
namespace {

using internal::IsAlnum;
using internal::IsDigit;

constexpr std::string_view kName = "rubygems";

struct Segment {
  std::string value;  // digits without leading zeros ("" = 0), or letters
  bool numeric = false;
};

// [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?
bool MatchesPattern(std::string_view text) {
  size_t i = 0;
  auto run = [&](bool dash) {
    size_t start = i;
    while (i < text.size() && (IsAlnum(text[i]) || (dash && text[i] == '-'))) ++i;
    return i > start;
  };
  while (i < text.size() && IsDigit(text[i])) ++i;
  if (i == 0) return false;
  while (i < text.size() && text[i] == '.') {
    ++i;
    if (!run(false)) return false;
  }
  if (i < text.size() && text[i] == '-') {
    ++i;
    if (!run(true)) return false;
    while (i < text.size() && text[i] == '.') {
      ++i;
      if (!run(true)) return false;
    }
  }
  return i == text.size();
}

// Gem::Version#canonical_segments of a validated version.
std::vector<Segment> CanonicalSegments(std::string_view text) {
  std::vector<Segment> release;
  std::vector<Segment> prerelease;
  auto add = [&](Segment segment) {
    // Everything from the first letter segment on is the prerelease part.
    if (!segment.numeric || !prerelease.empty()) {
      prerelease.push_back(std::move(segment));
    } else {
      release.push_back(std::move(segment));
    }
  };
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '-') {  // "-" is ".pre."
      add(Segment{"pre", false});
      ++i;
      continue;
    }
    if (!IsAlnum(text[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    bool numeric = IsDigit(text[i]);
    while (i < text.size() && IsAlnum(text[i]) && IsDigit(text[i]) == numeric) ++i;
    std::string_view run = text.substr(start, i - start);
    add(Segment{std::string(numeric ? internal::StripLeadingZeros(run) : run), numeric});
  }
  auto drop_trailing_zeros = [](std::vector<Segment>& segments) {
    while (!segments.empty() && segments.back().numeric && segments.back().value.empty()) {
      segments.pop_back();
    }
  };
  drop_trailing_zeros(release);
  drop_trailing_zeros(prerelease);
  for (auto& segment : prerelease) release.push_back(std::move(segment));
  return release;
}

}  // namespace

Result<std::unique_ptr<ParsedVersion>> RubyGemsScheme::Parse(std::string_view text) const {
  SCRY_CHECK(internal::CheckLength(kName, text));
  std::string_view core = internal::TrimSpace(text);
  if (core.empty()) return internal::Invalid(kName, text, "empty version");
  if (!MatchesPattern(core)) return internal::Invalid(kName, text, "malformed version number");
  return internal::MakeParsed(text, CanonicalSegments(core));
}

int RubyGemsScheme::Compare(const ParsedVersion& a, const ParsedVersion& b) const {
  const auto& x = internal::PartsOf<std::vector<Segment>>(a);
  const auto& y = internal::PartsOf<std::vector<Segment>>(b);
  static const Segment kZero{"", true};
  for (size_t i = 0; i < x.size() || i < y.size(); ++i) {
    const Segment& l = i < x.size() ? x[i] : kZero;
    const Segment& r = i < y.size() ? y[i] : kZero;
    if (l.numeric != r.numeric) return l.numeric ? 1 : -1;
    int c = l.numeric ? internal::CompareNumeric(l.value, r.value)
                      : internal::Sign(l.value.compare(r.value));
    if (c != 0) return c;
  }
  return 0;
}

}  // namespace scry::version
