// Squashes per-layer analysis into what the final file system holds (Trivy's applier): whiteouts
// and opaque directories remove what lower layers put there, a file written again replaces what
// was found in it before, and every package and binary keeps the layer it came from. A file
// system target is one layer without a digest.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scry/analyzer/analyzer.hpp"
#include "scry/model/os.hpp"
#include "scry/model/package.hpp"
#include "scry/model/report.hpp"

namespace scry::scan {

// What the analyzers found in one layer, and how the layer changes the file system.
struct LayerAnalysis {
  model::Layer layer;  // empty for file system targets
  // Non-empty analysis results by file path (FileInfo::path).
  std::map<std::string, analyzer::AnalysisResult> files;
  // Every non-directory path the layer writes (regular files, links, devices), sorted: writing a
  // file hides what earlier layers found at that path even when nothing is found in the new one.
  std::vector<std::string> written;
  // Paths the layer deletes (".wh.NAME" entries name dir/NAME) and directories it makes opaque
  // (".wh..wh..opq"): both hide everything lower layers have there.
  std::vector<std::string> whiteouts;
  std::vector<std::string> opaque_directories;
};

// The squashed inventory, ready for matching.
struct Inventory {
  std::optional<model::OsInfo> os;  // analyzer::os::CombineOs of the surviving release files
  // The OS packages (one result when any package database survives) followed by one result per
  // application, sorted by target.
  std::vector<model::ScanResult> results;
};

struct ApplyOptions {
  // Development-only packages (Package::dev) are dropped unless asked for, as in Trivy.
  bool include_dev_deps = false;
};

// `target_name` names the OS result ("<target_name> (debian 12.5)"). Layers are in order, base
// first. Installed language packages (python-pkg, node-pkg, gemspec, jar, composer-vendor) are
// aggregated into one result per type ("Python", "Node.js", ...) whose packages name their file,
// as Trivy does; other applications are one result each. Pure: no I/O, no logging.
Inventory ApplyLayers(const std::vector<LayerAnalysis>& layers, const std::string& target_name,
                      const ApplyOptions& options = {});

}  // namespace scry::scan
