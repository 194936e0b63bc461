// The module information text inside Go build info, as runtime/debug.ParseBuildInfo reads it:
// lines "path\t<pkg>", "mod\t<path>\t<version>[\t<sum>]", "dep\t...",
// "=>\t<path>\t<version>\t<sum>" (replacement of the line before) and "build\t<key>=<value>" (Go
// >= 1.18; keys and values quoted with Go string syntax when they contain spaces, tabs, quotes or
// '=').
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scry/base/error.hpp"

namespace scry::binary::go {

struct ModuleVersion {
  std::string path;
  std::string version;  // "(devel)" for the main module of most builds; empty for local replaces
  std::string sum;      // "h1:..." or empty
};

struct Module : ModuleVersion {
  std::optional<ModuleVersion> replace;  // set by a "=>" line
};

struct ModInfo {
  std::string path;                                           // import path of package main
  std::optional<Module> main;                                 // absent outside module mode
  std::vector<Module> deps;                                   // in build info order
  std::vector<std::pair<std::string, std::string>> settings;  // unquoted, in order
};

// Parses modinfo text (sentinels already removed). Unknown line kinds are ignored, as Go does;
// kInvalidInput for malformed module, replacement or build lines. Pure.
Result<ModInfo> ParseModInfo(std::string_view text);

// Unquotes a Go interpreted string literal ("a\tb" with escapes \a \b \f \n \r \t \v \\ \" \'
// \xHH \ooo \uHHHH \UHHHHHHHH). nullopt when `quoted` is not a valid literal. Pure.
std::optional<std::string> UnquoteGoString(std::string_view quoted);

// Splits a command line like Go's cmd/internal/quoted.Split: fields separated by spaces, a field
// may be quoted with ' or " (no escapes inside). nullopt for an unterminated quote. Pure.
std::optional<std::vector<std::string>> SplitQuotedFields(std::string_view text);

}  // namespace scry::binary::go
