// scry.yaml: the same settings as the long flags, read before the environment and the defaults.
// Parsing only (pure); app.cpp hands the entries to CLI11, which applies them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"

namespace scry::cli {

// The configuration file used when neither --config nor SCRY_CONFIG names one, read only when it
// exists in the working directory.
inline constexpr std::string_view kDefaultConfigFile = "scry.yaml";

// One setting: `key` is a long flag's name without dashes ("severity", "exit-code"); `values`
// its arguments (a YAML list gives several, a scalar one: "HIGH,CRITICAL" is split by the flag
// as on the command line); `line` is where it is written, for messages.
struct ConfigEntry {
  std::string key;
  std::vector<std::string> values;
  size_t line = 0;
};

// Reads a flat YAML mapping of flag names to scalars or lists of scalars. An empty document is no
// settings. kInvalidInput naming `file` and the line for malformed YAML, a top level that is not a
// mapping, a key given twice, and nested mappings or empty values (Trivy's nested sections are not
// read: write `skip-db-update: true`, not `db: {skip-update: true}`).
Result<std::vector<ConfigEntry>> ParseConfigFile(std::string_view text, std::string_view file);

}  // namespace scry::cli
