// Alpine package versions, as apk-tools 2.14/3.x validates and orders them (src/version.c,
// apk_version_validate and apk_version_compare; grammar
// digit{.digit}...{letter}{_suffix{number}}...{~hash}{-r#}).
// https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/src/version.c
//
// Tokens compare left to right: the first number numerically; later numbers numerically, except
// that a number with a leading zero in either version compares as a string (Gentoo's rule, so
// 1.01 < 1.1 and 8.2.0015 < 8.2.002); a single lower-case letter; suffixes
// _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p, each with an optional
// number; a ~commit hash as a string; the -rN revision numerically. When one version runs out,
// a pre-release suffix on the other makes it older, anything else makes it newer.
// Versions apk_version_validate refuses (upper case, "1.0bc", "1.0-r", unknown suffixes) are
// refused. Deviation: numbers of any length compare exactly, where apk wraps at 2^64.
#pragma once

#include <memory>
#include <string_view>

#include "scry/version/scheme.hpp"

namespace scry::version {

// Stateless and thread-safe.
class ApkScheme final : public Scheme {
 public:
  SchemeKind kind() const override { return SchemeKind::kApk; }
  Result<std::unique_ptr<ParsedVersion>> Parse(std::string_view text) const override;
  int Compare(const ParsedVersion& a, const ParsedVersion& b) const override;
};

}  // namespace scry::version
