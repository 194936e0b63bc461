// Maven versions, ordered as org.apache.maven.artifact.versioning.ComparableVersion of Maven 3.9
// (https://maven.apache.org/ref/3.9.6/maven-artifact/apidocs/org/apache/maven/artifact/versioning/ComparableVersion.html
// and its source, including MNG-5568, MNG-6572, MNG-6964 and MNG-7644).
//
// A version is split into items on '.', '-' and every digit/letter transition; '-' and a
// transition start a nested list. Numbers compare numerically (any length); qualifiers
// case-insensitively: alpha = a < beta = b < milestone = m < rc = cr < snapshot < "" = ga = final =
// release < sp < unknown qualifiers (in lexical order), where "a", "b", "m" mean alpha, beta and
// milestone only when a digit follows. Trailing null items (0, "", empty lists) are trimmed, so
// 1 == 1.0 == 1-0 == 1.0.0-ga. Deviation: ComparableVersion accepts any string; this scheme
// refuses the empty string and bytes outside printable ASCII (white space, control characters,
// non-ASCII letters and digits, whose handling in Java depends on Unicode tables).
#pragma once

#include <memory>
#include <string_view>

#include "scry/version/scheme.hpp"

namespace scry::version {

// Stateless and thread-safe.
class MavenScheme final : public Scheme {
 public:
  SchemeKind kind() const override { return SchemeKind::kMaven; }
  Result<std::unique_ptr<ParsedVersion>> Parse(std::string_view text) const override;
  int Compare(const ParsedVersion& a, const ParsedVersion& b) const override;
};

}  // namespace scry::version
