// Version schemes: how each ecosystem spells and orders versions. One scheme per ecosystem, chosen
// by one switch (registry.cpp), as in Trivy's driver.go. Every scheme parses untrusted text and
// never throws, aborts or loops without bound.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "scry/base/error.hpp"

namespace scry::version {

// The version-ordering rules of an ecosystem.
enum class SchemeKind {
  kGo,        // Go modules: semver with "v", +incompatible, pseudo-versions
  kSemver,    // SemVer 2.0.0 (crates.io, Pub, Hex, SwiftURL, and the generic fallback)
  kNpm,       // node-semver (loose "v" and "=" prefixes, prereleases)
  kPep440,    // PyPI: epochs, pre/post/dev releases, local versions
  kMaven,     // Maven ComparableVersion
  kRubyGems,  // Gem::Version
  kNuGet,     // NuGet SemVer 2 with 4-part versions, case-insensitive
  kComposer,  // Packagist (composer/semver normalisation)
  kDebian,    // dpkg: epoch, upstream, revision, '~'
  kRpm,       // rpmvercmp: epoch, '~' and '^'
  kApk,       // apk-tools version order with suffixes (_alpha ... _p, -rN)
};
std::string_view SchemeKindName(SchemeKind kind);

// A version parsed by one scheme. Compare it only with versions parsed by the same scheme.
class ParsedVersion {
 public:
  virtual ~ParsedVersion() = default;
  // The text it was parsed from.
  virtual const std::string& text() const = 0;
};

class Scheme {
 public:
  virtual ~Scheme() = default;
  virtual SchemeKind kind() const = 0;
  // kInvalidInput (with a message saying why) when `text` is not a version this scheme can order.
  virtual Result<std::unique_ptr<ParsedVersion>> Parse(std::string_view text) const = 0;
  // Negative, zero or positive as a orders before, equal to, or after b. Both must come from
  // this scheme's Parse.
  virtual int Compare(const ParsedVersion& a, const ParsedVersion& b) const = 0;

  // Parses both and compares them; an error when either does not parse.
  Result<int> CompareText(std::string_view a, std::string_view b) const;
};

// The scheme for a kind; the object lives for the whole program and is thread-safe.
const Scheme& GetScheme(SchemeKind kind);

}  // namespace scry::version
