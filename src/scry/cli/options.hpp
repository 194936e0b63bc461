// Command-line options as a plain struct: CLI11 stays inside app.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace scry::cli {

struct GlobalOptions {
  bool quiet = false;
  bool debug = false;
  bool no_progress = false;
};

struct ScanCommandOptions {
  std::string target;
  std::string format = "table";
  std::string output;  // empty: stdout
  bool list_all_packages = false;
  std::vector<std::string> scanners = {"vuln"};
  size_t parallel = 0;  // 0: one per hardware thread
};

}  // namespace scry::cli
