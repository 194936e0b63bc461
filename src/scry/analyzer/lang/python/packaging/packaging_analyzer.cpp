// Installed Python distributions in images and root file systems (scope kInstalled;
// application type "python-pkg"): *.dist-info/METADATA, *.egg-info/PKG-INFO and single-file
// *.egg-info, one Application per metadata file with file_path set on its package.
#include <sys/stat.h>

#include "scry/analyzer/lang/python/lockfile_analyzer_internal.hpp"
#include "scry/analyzer/lang/python/packaging/metadata_parser.hpp"
#include "scry/analyzer/lang/python/python_analyzers.hpp"

namespace scry::analyzer::lang::python {
namespace {

constexpr int kVersion = 1;

class PackagingAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kPythonPackaging; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kInstalled; }

  bool Required(const FileInfo& file) const override {
    if (!S_ISREG(file.mode)) return false;
    std::string_view path = file.path;
    std::string_view base = BaseName(path);
    std::string_view dir = path.substr(0, path.size() - base.size());
    if (!dir.empty()) dir.remove_suffix(1);
    if (base == "METADATA") return dir.ends_with(".dist-info");
    if (base == "PKG-INFO") return dir.ends_with(".egg-info") || dir.ends_with("/EGG-INFO");
    return base.ends_with(".egg-info");
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    SCRY_TRY(auto source, ReadLockfile(input));
    auto parsed = ParseDistributionMetadata(AsChars(source->bytes()));
    if (!parsed) return tl::unexpected(std::move(parsed).error().Wrap("read " + input.file.path));
    AnalysisResult result;
    result.warnings = std::move(parsed->warnings);
    parsed->package.file_path = input.file.path;
    result.applications.push_back(
        model::Application{"python-pkg", input.file.path, {std::move(parsed->package)}, {}});
    return result;
  }
};

}  // namespace

void RegisterPythonPackaging(Registry& registry) {
  registry.Add(AnalyzerType::kPythonPackaging,
               [](const AnalyzerOptions&) { return std::make_unique<PackagingAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::python
