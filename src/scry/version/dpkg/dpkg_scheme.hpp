// Debian package versions, [epoch:]upstream_version[-debian_revision], as deb-version(7)
// (https://manpages.debian.org/bookworm/dpkg-dev/deb-version.7.en.html) describes them and dpkg
// 1.21 parses (lib/dpkg/parsehelp.c parseversion) and orders them (lib/dpkg/version.c verrevcmp).
//
// Order: epoch numerically, then upstream version, then revision (missing = "" = "0"), each
// compared by verrevcmp: alternating non-digit and digit runs; in non-digit runs '~' sorts before
// everything (even the end), then the end, then letters, then other characters; digit runs
// compare as numbers of any length. Surrounding blanks are ignored, as dpkg does.
//
// Validation follows parseversion's errors (refused: empty, embedded blanks, an epoch that is not
// a number up to 2^31 - 1, nothing after the colon, an empty version or revision). parseversion's
// warnings (an upstream version not starting with a digit, characters outside [A-Za-z0-9.+~:-],
// or [A-Za-z0-9.+~] in the revision) do not stop dpkg --compare-versions, so they are accepted too
// and kept in DebianVersion::warning(). Refused beyond dpkg: bytes outside printable ASCII, whose
// order in dpkg depends on the platform's char signedness, and a '+' or '-' sign on the epoch.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "scry/version/scheme.hpp"

namespace scry::version {

// A version parsed by DebianScheme.
class DebianVersion final : public ParsedVersion {
 public:
  DebianVersion(std::string_view text, unsigned epoch, std::string upstream, std::string revision,
                std::string warning)
      : text_(text),
        epoch_(epoch),
        upstream_(std::move(upstream)),
        revision_(std::move(revision)),
        warning_(std::move(warning)) {}
  const std::string& text() const override { return text_; }
  unsigned epoch() const { return epoch_; }
  const std::string& upstream() const { return upstream_; }
  // Empty when the version has none.
  const std::string& revision() const { return revision_; }
  // dpkg's warning for this version (e.g. "version number does not start with digit"), or empty.
  const std::string& warning() const { return warning_; }

 private:
  std::string text_;
  unsigned epoch_;
  std::string upstream_;
  std::string revision_;
  std::string warning_;
};

// Stateless and thread-safe. Parse returns a DebianVersion.
class DebianScheme final : public Scheme {
 public:
  SchemeKind kind() const override { return SchemeKind::kDebian; }
  Result<std::unique_ptr<ParsedVersion>> Parse(std::string_view text) const override;
  int Compare(const ParsedVersion& a, const ParsedVersion& b) const override;
};

}  // namespace scry::version
