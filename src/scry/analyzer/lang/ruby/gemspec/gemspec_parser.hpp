// Installed gems' specifications (specifications/*.gemspec under a gem home, as `gem install`
// and Debian's gem2deb write them with Gem::Specification#to_ruby). They are Ruby source and are
// never evaluated: like Trivy's gemspec parser (pkg/dependency/parser/ruby/gemspec), the
// assignments to the block variable of `Gem::Specification.new do |s|` are read line by line:
// `s.name = "x".freeze`, `s.version = "1.2.3"` (also `Gem::Version.new("1.2.3")`),
// `s.license = "MIT"` and `s.licenses = ["MIT".freeze, 'Ruby']`, with the literal forms
// "..." '...' %q{...} %q<...> %q(...) %q[...] %Q and %w[...].
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"

namespace scry::analyzer::lang::ruby {

struct Gemspec {
  std::string name;
  std::string version;  // empty when not a string literal (evidence says so)
  std::vector<std::string> licenses;
  std::vector<std::string> warnings;
};

// `path` names the file in messages. kInvalidInput when no `<var>.name = "..."` assignment is
// found (not a gemspec, or one whose name is computed).
Result<Gemspec> ParseGemspec(std::string_view content, std::string_view path);

}  // namespace scry::analyzer::lang::ruby
