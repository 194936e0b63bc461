// The operating system found in an image or root file system.
#pragma once

#include <string>

namespace scry::model {

// The operating system of an image or root file system, with Trivy's family names ("debian",
// "ubuntu", "alpine", "redhat", "rocky", "alma", ...); name is the release ("12.5", "3.19.1").
struct OsInfo {
  std::string family;
  std::string name;
  bool eosl = false;  // the release no longer gets security updates
  bool empty() const { return family.empty(); }
};

}  // namespace scry::model
