// Path globs for --skip-dirs and --skip-files, with Trivy's (doublestar) semantics: `*`, `?` and
// `[...]` match within one path element, a `**` element matches any number of elements
// (including none), and patterns are matched against '/'-separated paths relative to the scan
// root ("./" prefixes and trailing slashes are ignored).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scry::walker {

// True when `path` matches `pattern` as a whole. A malformed bracket expression matches
// literally, as fnmatch(3) does.
bool GlobMatch(std::string_view pattern, std::string_view path);

// True when some pattern matches.
bool GlobMatchAny(const std::vector<std::string>& patterns, std::string_view path);

}  // namespace scry::walker
