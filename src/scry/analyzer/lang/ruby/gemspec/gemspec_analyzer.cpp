#include "scry/analyzer/lang/ruby/gemspec/gemspec_analyzer.hpp"

#include <sys/stat.h>

#include "scry/analyzer/lang/limited_read.hpp"
#include "scry/analyzer/lang/ruby/gemspec/gemspec_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::ruby {
namespace {

constexpr int kVersion = 1;

class GemspecAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kGemspec; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kInstalled; }

  // Trivy's rule: .*/specifications/.+\.gemspec (default gems in specifications/default too).
  bool Required(const FileInfo& file) const override {
    std::string_view path = file.path;
    if (!S_ISREG(file.mode) || !path.ends_with(".gemspec")) return false;
    size_t at = path.find("/specifications/");
    return at != std::string_view::npos &&
           path.size() > at + std::string_view("/specifications/").size() +
                             std::string_view(".gemspec").size();
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    const std::string& path = input.file.path;
    SCRY_TRY(auto source, ReadLimited(input.open, path, input.file.size, limits::kMaxLockfileSize));
    SCRY_TRY(Gemspec spec, ParseGemspec(AsChars(source->bytes()), path));
    AnalysisResult result;
    result.warnings = std::move(spec.warnings);
    DropOwnPathPrefix(result.warnings, path);
    model::Package package;
    package.name = std::move(spec.name);
    package.version = std::move(spec.version);
    if (package.version.empty()) {
      package.evidence["VersionUnknown"] = "the gemspec assigns no string literal to version";
    }
    package.licenses = std::move(spec.licenses);
    package.file_path = path;
    model::SetIdentity(package, "gem");
    model::Application application;
    application.type = "gemspec";
    application.file_path = path;
    application.packages.push_back(std::move(package));
    result.applications.push_back(std::move(application));
    return result;
  }
};

}  // namespace

void RegisterGemspec(Registry& registry) {
  registry.Add(AnalyzerType::kGemspec,
               [](const AnalyzerOptions&) { return std::make_unique<GemspecAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::ruby
