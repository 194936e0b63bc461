// OS detection from release files: os-release(5) (https://www.freedesktop.org/software/systemd/
// man/os-release.html) and the distribution files Trivy reads (pkg/fanal/analyzer/os/*):
// etc/alpine-release, etc/debian_version, etc/lsb-release (Ubuntu), etc/redhat-release and the
// centos/rocky/almalinux/fedora/oracle-release files, etc/system-release (Amazon Linux).
// Family names are Trivy's ("debian", "ubuntu", "alpine", "redhat", "centos", "rocky", "alma",
// "fedora", "amazon", "oracle", "opensuse-leap", "opensuse-tumbleweed", "sles", "slem", "photon",
// "wolfi", "chainguard", "cbl-mariner", "azurelinux", "bottlerocket", "echo", "minimos").
//
// Each file gives an OsInfo on its own. When several files of one file system name an OS (Ubuntu
// ships debian_version, Rocky ships redhat-release, Debian has os-release "12" and debian_version
// "12.5"), CombineOs() decides; the applier calls it on the files that survive the layers:
//   1. family: from the file of highest precedence (OsFilePrecedence): distribution-specific files
//      (alpine-release, lsb-release, centos/rocky/almalinux/fedora/oracle-release, system-release)
//      4 > etc/os-release 3 > usr/lib/os-release 2 > shared files (debian_version, redhat-release)
//      1. This is Trivy's outcome (it lets any OS overwrite "debian" and "redhat").
//   2. name: among the files that agree on that family, the first non-empty name in the same
//      order, except that a debian_version name starting with a digit ("12.5") beats os-release's
//      VERSION_ID ("12"): Trivy reports Debian's point release.
// Distroless images (os-release PRETTY_NAME "Distroless", ID=debian) are Debian.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "scry/base/error.hpp"
#include "scry/model/os.hpp"

namespace scry::analyzer::os {

// The release files scry reads, by path (no leading '/').
enum class OsFile {
  kNone,
  kEtcOsRelease,     // etc/os-release
  kUsrLibOsRelease,  // usr/lib/os-release
  kAlpineRelease,    // etc/alpine-release
  kDebianVersion,    // etc/debian_version
  kLsbRelease,       // etc/lsb-release (only Ubuntu's counts, as in Trivy)
  kRedhatRelease,    // etc/redhat-release (RHEL and every rebuild)
  kCentosRelease,    // etc/centos-release
  kRockyRelease,     // etc/rocky-release
  kAlmaRelease,      // etc/almalinux-release
  kFedoraRelease,    // etc/fedora-release
  kOracleRelease,    // etc/oracle-release
  kSystemRelease,    // etc/system-release (only Amazon Linux's counts, as in Trivy)
};

// Which release file `path` is; kNone for every other path.
OsFile ClassifyOsFile(std::string_view path);

// Higher wins when files disagree on the family (see the rule above); 0 for kNone.
int OsFilePrecedence(OsFile file);

// The KEY=VALUE assignments of an os-release or lsb-release file, values unquoted ('...' and
// "..." with \-escapes, as the shell reads them). Comments, blank and malformed lines are skipped,
// as os-release(5) asks. Fails only on binary content (a NUL byte).
Result<std::map<std::string, std::string>> ParseOsRelease(std::string_view content);

// The OS one release file names, or nullopt when it names none scry knows (an unknown os-release
// ID, a redhat-release line of another distribution). Fails only on binary content.
Result<std::optional<model::OsInfo>> ParseOsFile(OsFile file, std::string_view content);

// One file's finding, as the applier collects them.
struct OsFinding {
  std::string path;  // a path ClassifyOsFile() recognizes
  model::OsInfo os;
};

// The file system's OS by the precedence rule above; nullopt when no finding has a family.
// The result does not depend on the order of `findings`.
std::optional<model::OsInfo> CombineOs(std::span<const OsFinding> findings);

}  // namespace scry::analyzer::os
