// Elixir lockfiles (mix.lock), written by Mix (`mix deps.get`) as one Elixir map term
// (Mix.Dep.Lock, https://hexdocs.pm/mix/Mix.Tasks.Deps.html; term syntax:
// https://hexdocs.pm/elixir/syntax-reference.html):
//   %{
//     "jason": {:hex, :jason, "1.4.1", "INNER", [:mix], [{:decimal, "~> 1.0 or ~> 2.0",
//       [hex: :decimal, repo: "hexpm", optional: true]}], "hexpm", "OUTER"},
//     "phoenix": {:git, "https://github.com/phoenixframework/phoenix.git", "SHA", [branch:
//     "main"]},
//   }
// Older Mix versions write shorter :hex tuples (without the outer checksum, or only name and
// version). The term is parsed as a term (maps, tuples, lists, keyword lists, atoms, strings,
// numbers, comments), not line by line as Trivy's parser does (pkg/dependency/parser/hex/mix).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scry/analyzer/lang/lockfile_analyzer.hpp"
#include "scry/base/error.hpp"

namespace scry::analyzer::lang::elixir {

// One Elixir term. Keyword-list entries (`hex: :jason`) and keyword-style map keys
// (`"jason": ...`) are read as the two-element tuple / key they stand for.
struct Term {
  enum class Kind { kAtom, kString, kNumber, kList, kTuple, kMap };
  Kind kind = Kind::kAtom;
  std::string text;         // atoms without ':' (true, false and nil are atoms), strings unescaped
  std::vector<Term> items;  // list and tuple elements; for maps key, value, key, value, ...
  size_t line = 0;          // 1-based, for messages
};

// Parses exactly one term (surrounding whitespace and # comments allowed). kInvalidInput naming
// the line for anything else; kLimitExceeded past limits::kMaxLockfileDepth levels of nesting.
Result<Term> ParseElixirTerm(std::string_view text);

// Packages (purl type "hex") in file order. A :hex entry is named after its Hex package (the
// second element; the lock key, the Mix app name, is kept as evidence when it differs) with the
// locked version, and depends_on the entries its dependency list names. A :git entry is listed
// under its key with an empty version and the repository and revision as evidence. mix.lock does
// not say which dependencies are direct or dev-only (mix.exs does): relationship stays unknown.
// Entries of other shapes are skipped with a warning naming their key. An empty file gives no
// packages; kInvalidInput when the content is not one map term.
Result<LockfilePackages> ParseMixLock(std::string_view content);

}  // namespace scry::analyzer::lang::elixir
