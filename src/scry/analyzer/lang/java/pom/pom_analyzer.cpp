#include <sys/stat.h>

#include "scry/analyzer/lang/java/java_analyzers.hpp"
#include "scry/analyzer/lang/java/pom/pom_parser.hpp"
#include "scry/analyzer/lang/jvm_lockfile.hpp"

namespace scry::analyzer::lang::java {
namespace {

constexpr int kVersion = 1;

class PomAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kPom; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }

  bool Required(const FileInfo& file) const override {
    return S_ISREG(file.mode) && BaseName(file.path) == "pom.xml";
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    SCRY_TRY(auto source, OpenLockfile(input));
    auto model = ParsePomXml(AsChars(source->bytes()));
    if (!model) return tl::unexpected(model.error().Wrap(input.file.path));
    PomLoader loader = [&input](std::string_view path) -> Result<std::string> {
      SCRY_TRY(auto parent, (*input.siblings)(path));
      if (parent->bytes().size() > limits::kMaxLockfileSize) {
        return Fail(ErrorCode::kLimitExceeded, "{} is larger than {} bytes", path,
                    limits::kMaxLockfileSize);
      }
      return std::string(AsChars(parent->bytes()));
    };
    ParsedPackages parsed =
        ResolvePom(*model, input.file.path, input.siblings != nullptr ? &loader : nullptr);
    AnalysisResult result;
    result.warnings = std::move(parsed.warnings);
    model::Application application;
    application.type = "pom";
    application.file_path = input.file.path;
    application.packages = std::move(parsed.packages);
    result.applications.push_back(std::move(application));
    return result;
  }
};

}  // namespace

void RegisterPom(Registry& registry) {
  registry.Add(AnalyzerType::kPom,
               [](const AnalyzerOptions&) { return std::make_unique<PomAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::java
