// RPM package versions, [epoch:]version[-release], as rpm 4.18 splits them (rpmio/rpmver.c
// rpmverParse) and orders them (rpmverCmp over rpmio/rpmvercmp.c rpmvercmp), i.e. what
// `rpm --eval '%{lua: print(rpm.vercmp("A", "B"))}'` prints.
// https://github.com/rpm-software-management/rpm/blob/rpm-4.18.x/rpmio/rpmvercmp.c
//
// Split: the epoch is a leading run of digits ending in ':' (a missing or empty epoch is 0), the
// release is everything after the last '-' (a missing release sorts before any release). Each
// part is compared by rpmvercmp: runs of ASCII letters and of digits, anything else separates;
// '~' sorts before anything, even the end (1.0~rc1 < 1.0); '^' sorts after the end but before any
// other segment (1.0 < 1.0^git1 < 1.0.1); a numeric segment beats an alphabetic one; numbers
// compare with leading zeros ignored, at any length; letters compare byte-wise. Anything rpm
// accepts is accepted, except the empty string (rpm refuses it too) and NUL bytes, which rpm cannot
// see.
#pragma once

#include <memory>
#include <string_view>

#include "scry/version/scheme.hpp"

namespace scry::version {

// Stateless and thread-safe.
class RpmScheme final : public Scheme {
 public:
  SchemeKind kind() const override { return SchemeKind::kRpm; }
  Result<std::unique_ptr<ParsedVersion>> Parse(std::string_view text) const override;
  int Compare(const ParsedVersion& a, const ParsedVersion& b) const override;
};

// rpm 4.18's rpmvercmp() of two version or release strings: -1, 0 or 1.
int RpmVerCmp(std::string_view a, std::string_view b);

}  // namespace scry::version
