#include "scry/analyzer/lang/nodejs/pnpm/pnpm_analyzer.hpp"

#include <sys/stat.h>

#include "scry/analyzer/lang/nodejs/nodejs_common.hpp"
#include "scry/analyzer/lang/nodejs/pnpm/pnpm_lock_parser.hpp"

namespace scry::analyzer::lang::nodejs {
namespace {

constexpr int kVersion = 1;

class PnpmAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kPnpm; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }

  bool Required(const FileInfo& file) const override {
    if (!S_ISREG(file.mode)) return false;
    std::string_view path = file.path;
    if (path.substr(path.rfind('/') + 1) != "pnpm-lock.yaml") return false;
    return !path.starts_with("node_modules/") &&
           path.find("/node_modules/") == std::string_view::npos;
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    const std::string& path = input.file.path;
    SCRY_TRY(auto source, ReadLockfile(input));
    auto lockfile = ParsePnpmLock(AsChars(source->bytes()));
    if (!lockfile) return tl::unexpected(std::move(lockfile).error().Wrap("read " + path));
    AnalysisResult result;
    for (const std::string& warning : lockfile->warnings) {
      result.warnings.push_back(path + ": " + warning);
    }
    result.applications.push_back({"pnpm", path, std::move(lockfile->packages), std::nullopt});
    return result;
  }
};

}  // namespace

void RegisterPnpm(Registry& registry) {
  registry.Add(AnalyzerType::kPnpm,
               [](const AnalyzerOptions&) { return std::make_unique<PnpmAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::nodejs
