// Shell completion scripts generated from scry's command tree (`scry completion bash|zsh`).
// app.cpp describes the CLI11 tree in these plain structs, so the scripts follow every flag
// added there without being edited by hand.
#pragma once

#include <string>
#include <vector>

namespace scry::cli {

struct OptionSpec {
  std::vector<std::string> names;  // "-f", "--format"
  std::string description;
  bool takes_value = false;          // else a flag
  std::vector<std::string> choices;  // the values it accepts; empty: any (files are offered)
};

// A command and what may follow it; options include the ones inherited from its parents.
struct CommandSpec {
  std::string name;  // "scry", "fs", "update"
  std::string description;
  std::vector<OptionSpec> options;
  std::vector<CommandSpec> subcommands;
};

// A bash script defining _scry and registering it with `complete -F _scry scry`.
std::string BashCompletion(const CommandSpec& root);

// A zsh script (#compdef scry) defining _scry and registering it with compdef when sourced.
std::string ZshCompletion(const CommandSpec& root);

}  // namespace scry::cli
