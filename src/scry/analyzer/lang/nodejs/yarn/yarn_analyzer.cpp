#include "scry/analyzer/lang/nodejs/yarn/yarn_analyzer.hpp"

#include <sys/stat.h>

#include "scry/analyzer/lang/nodejs/nodejs_common.hpp"
#include "scry/analyzer/lang/nodejs/yarn/yarn_lock_parser.hpp"

namespace scry::analyzer::lang::nodejs {
namespace {

constexpr int kVersion = 1;

class YarnAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kYarn; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }

  bool Required(const FileInfo& file) const override {
    if (!S_ISREG(file.mode)) return false;
    std::string_view path = file.path;
    if (path.substr(path.rfind('/') + 1) != "yarn.lock") return false;
    return !path.starts_with("node_modules/") &&
           path.find("/node_modules/") == std::string_view::npos;
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    const std::string& path = input.file.path;
    SCRY_TRY(auto source, ReadLockfile(input));
    auto lockfile = ParseYarnLock(AsChars(source->bytes()));
    if (!lockfile) return tl::unexpected(std::move(lockfile).error().Wrap("read " + path));
    AnalysisResult result;
    for (const std::string& warning : lockfile->warnings) {
      result.warnings.push_back(path + ": " + warning);
    }
    auto manifest = ReadSiblingManifest(input, result.warnings);
    if (manifest) MarkFromManifest(*lockfile, *manifest);
    result.applications.push_back({"yarn", path, std::move(lockfile->packages), std::nullopt});
    return result;
  }
};

}  // namespace

void RegisterYarn(Registry& registry) {
  registry.Add(AnalyzerType::kYarn,
               [](const AnalyzerOptions&) { return std::make_unique<YarnAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::nodejs
