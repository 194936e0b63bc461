// Fuzzes every release-file parser on the same input and combines what they find.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "scry/analyzer/os/os_release_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using scry::analyzer::os::OsFile;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)scry::analyzer::os::ParseOsRelease(text);
  const char* paths[] = {"etc/os-release",     "usr/lib/os-release", "etc/alpine-release",
                         "etc/debian_version", "etc/lsb-release",    "etc/redhat-release",
                         "etc/centos-release", "etc/rocky-release",  "etc/almalinux-release",
                         "etc/fedora-release", "etc/oracle-release", "etc/system-release"};
  std::vector<scry::analyzer::os::OsFinding> findings;
  for (const char* path : paths) {
    OsFile file = scry::analyzer::os::ClassifyOsFile(path);
    if (file == OsFile::kNone) __builtin_trap();
    auto os = scry::analyzer::os::ParseOsFile(file, text);
    if (os && *os) {
      if ((*os)->family.empty()) __builtin_trap();
      findings.push_back({path, **os});
    }
  }
  auto combined = scry::analyzer::os::CombineOs(findings);
  if (combined.has_value() != !findings.empty()) __builtin_trap();
  return 0;
}
