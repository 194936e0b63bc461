// Fuzzes both ignore-file parsers (and through the YAML form formats/yaml) and the glob and purl
// matchers with what the rules hold.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scry/policy/ignore_file.hpp"
#include "scry/policy/match.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto plain = scry::policy::ParsePlainIgnoreFile(text);
  if (plain) {
    for (const auto& rule : plain->vulnerabilities) {
      if (rule.id.empty() || rule.line == 0) __builtin_trap();
      if (!rule.expires.empty() && !scry::policy::IsIsoDate(rule.expires)) __builtin_trap();
    }
  }
  auto yaml = scry::policy::ParseYamlIgnoreFile(text);
  if (yaml) {
    for (const auto& rule : yaml->vulnerabilities) {
      if (rule.id.empty()) __builtin_trap();
      for (const auto& path : rule.paths) {
        (void)scry::policy::GlobMatches(path, "usr/local/bin/app");
        (void)scry::policy::GlobMatches(path, path);
      }
      for (const auto& purl : rule.purls) {
        auto parsed = scry::policy::ParsePackageUrl(purl);
        if (parsed && !scry::policy::PurlMatches(*parsed, *parsed)) __builtin_trap();
      }
    }
  }
  return 0;
}
