#include "scry/analyzer/lang/elixir/mix/mix_analyzer.hpp"

#include "scry/analyzer/lang/elixir/mix/mix_parser.hpp"
#include "scry/analyzer/lang/lockfile_analyzer.hpp"

namespace scry::analyzer::lang::elixir {

void RegisterMixLock(Registry& registry) {
  RegisterLockfile(registry, {AnalyzerType::kMixLock, 1, "mix.lock", "hex", &ParseMixLock});
}

}  // namespace scry::analyzer::lang::elixir
