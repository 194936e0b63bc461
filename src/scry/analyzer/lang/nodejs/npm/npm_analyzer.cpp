#include "scry/analyzer/lang/nodejs/npm/npm_analyzer.hpp"

#include <sys/stat.h>

#include "scry/analyzer/lang/nodejs/nodejs_common.hpp"
#include "scry/analyzer/lang/nodejs/npm/npm_lock_parser.hpp"

namespace scry::analyzer::lang::nodejs {
namespace {

constexpr int kVersion = 1;

class NpmAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kNpm; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }

  bool Required(const FileInfo& file) const override {
    if (!S_ISREG(file.mode)) return false;
    std::string_view path = file.path;
    std::string_view base = path.substr(path.rfind('/') + 1);
    if (base != "package-lock.json" && base != "npm-shrinkwrap.json") return false;
    // Lockfiles inside node_modules belong to installed dependencies, not to the project.
    return !path.starts_with("node_modules/") &&
           path.find("/node_modules/") == std::string_view::npos;
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    const std::string& path = input.file.path;
    SCRY_TRY(auto source, ReadLockfile(input));
    AnalysisResult result;
    auto manifest = ReadSiblingManifest(input, result.warnings);
    auto lockfile = ParseNpmLockfile(AsChars(source->bytes()), manifest ? &*manifest : nullptr);
    if (!lockfile) return tl::unexpected(std::move(lockfile).error().Wrap("read " + path));
    for (const std::string& warning : lockfile->warnings) {
      result.warnings.push_back(path + ": " + warning);
    }
    result.applications.push_back({"npm", path, std::move(lockfile->packages), std::nullopt});
    return result;
  }
};

}  // namespace

void RegisterNpm(Registry& registry) {
  registry.Add(AnalyzerType::kNpm,
               [](const AnalyzerOptions&) { return std::make_unique<NpmAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::nodejs
