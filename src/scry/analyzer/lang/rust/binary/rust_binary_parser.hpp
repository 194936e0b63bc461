// Dependency lists that cargo-auditable embeds in Rust executables
// (https://github.com/rust-secure-code/cargo-auditable/blob/master/PARSING.md): a section named
// ".dep-v0" (ELF, PE; "__dep_v0" in Mach-O's __DATA segment) holding zlib-compressed JSON
// {"packages": [{"name", "version", "source", "kind": "build"|"runtime" (default runtime),
// "dependencies": [indices into packages], "root": bool}]}, as read by Trivy's rust binary
// parser (pkg/dependency/parser/rust/binary).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"
#include "scry/model/package.hpp"

namespace scry::analyzer::lang::rust {

struct ParsedRustBinary {
  // Type "rustbinary", file_path left empty. Runtime packages only (build-kind ones, such as
  // proc macros and build-script dependencies, are not in the binary, as Trivy drops them), one
  // per name@version, with id and purl ("cargo"). The root package is kRoot, its dependencies
  // kDirect, the rest kIndirect; depends_on holds sorted ids of runtime dependencies.
  model::Application application;
  std::vector<std::string> warnings;
};

// Inflates a zlib stream, refusing (kLimitExceeded) output beyond `max_output` bytes, so that a
// small bomb costs bounded memory and time; kInvalidInput for a corrupt or truncated stream.
Result<std::string> InflateZlib(Bytes compressed, uint64_t max_output);

// The dependency JSON (already inflated). kInvalidInput when it is not JSON of that shape.
Result<ParsedRustBinary> ParseRustAuditJson(std::string_view json);

// Pure. nullopt when `file` is not an executable, has headers scry cannot read (the Go binary
// analyzer, which reads every executable, reports those) or has no cargo-auditable section;
// kInvalidInput when the section is corrupt (not zlib, not the JSON above), kLimitExceeded when
// it inflates past limits::kMaxRustAuditDataSize. A universal Mach-O gives the first slice that
// has the section.
Result<std::optional<ParsedRustBinary>> ParseRustBinary(Bytes file);

}  // namespace scry::analyzer::lang::rust
