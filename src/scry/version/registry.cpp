// GetScheme: THE list of version schemes, one case per SchemeKind (as Trivy's driver.go).
#include "scry/version/apk/apk_scheme.hpp"
#include "scry/version/composer/composer_scheme.hpp"
#include "scry/version/dpkg/dpkg_scheme.hpp"
#include "scry/version/go/go_scheme.hpp"
#include "scry/version/maven/maven_scheme.hpp"
#include "scry/version/npm/npm_scheme.hpp"
#include "scry/version/nuget/nuget_scheme.hpp"
#include "scry/version/pep440/pep440_scheme.hpp"
#include "scry/version/rpm/rpm_scheme.hpp"
#include "scry/version/rubygems/rubygems_scheme.hpp"
#include "scry/version/scheme.hpp"
#include "scry/version/semver/semver_scheme.hpp"

namespace scry::version {

const Scheme& GetScheme(SchemeKind kind) {
  // Function-local statics: built on first use, thread-safe, no static initialisation order.
  switch (kind) {
    case SchemeKind::kGo: {
      static const GoScheme scheme;
      return scheme;
    }
    case SchemeKind::kSemver:
      break;
    case SchemeKind::kNpm: {
      static const NpmScheme scheme;
      return scheme;
    }
    case SchemeKind::kPep440: {
      static const Pep440Scheme scheme;
      return scheme;
    }
    case SchemeKind::kMaven: {
      static const MavenScheme scheme;
      return scheme;
    }
    case SchemeKind::kRubyGems: {
      static const RubyGemsScheme scheme;
      return scheme;
    }
    case SchemeKind::kNuGet: {
      static const NuGetScheme scheme;
      return scheme;
    }
    case SchemeKind::kComposer: {
      static const ComposerScheme scheme;
      return scheme;
    }
    case SchemeKind::kDebian: {
      static const DebianScheme scheme;
      return scheme;
    }
    case SchemeKind::kRpm: {
      static const RpmScheme scheme;
      return scheme;
    }
    case SchemeKind::kApk: {
      static const ApkScheme scheme;
      return scheme;
    }
  }
  // kSemver, and the generic fallback for a value outside the enum (a programmer error).
  static const SemverScheme semver;
  return semver;
}

}  // namespace scry::version
