// requirements.txt files of source trees (scope kLockfile; application type "pip").
#include <sys/stat.h>

#include "scry/analyzer/lang/python/pip/requirements_parser.hpp"
#include "scry/analyzer/lang/python/python_analyzers.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::python {
namespace {

constexpr int kVersion = 1;

class PipAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kPip; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }

  // requirements*.txt anywhere, and *.txt in a folder named requirements (requirements/dev.txt),
  // the two layouts projects use.
  bool Required(const FileInfo& file) const override {
    if (!S_ISREG(file.mode)) return false;
    std::string_view path = file.path;
    size_t slash = path.rfind('/');
    std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (!base.ends_with(".txt")) return false;
    if (base.starts_with("requirements")) return true;
    std::string_view dir = slash == std::string_view::npos ? "" : path.substr(0, slash);
    return dir == "requirements" || dir.ends_with("/requirements");
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    SCRY_TRY(auto source, ReadLockfile(input));
    RequirementsReader read = [&input](std::string_view path) -> Result<std::string> {
      SCRY_TRY(auto sibling, (*input.siblings)(path));
      if (sibling->bytes().size() > limits::kMaxLockfileSize) {
        return Fail(ErrorCode::kLimitExceeded, "larger than {} MiB",
                    limits::kMaxLockfileSize >> 20);
      }
      return std::string(AsChars(sibling->bytes()));
    };
    auto parsed = ParseRequirements(AsChars(source->bytes()), input.file.path,
                                    input.siblings != nullptr ? &read : nullptr);
    if (!parsed) return tl::unexpected(std::move(parsed).error().Wrap("read " + input.file.path));
    AnalysisResult result;
    result.warnings = std::move(parsed->warnings);
    if (!parsed->packages.empty()) {
      result.applications.push_back(
          model::Application{"pip", input.file.path, std::move(parsed->packages), std::nullopt});
    }
    return result;
  }
};

}  // namespace

void RegisterPip(Registry& registry) {
  registry.Add(AnalyzerType::kPip,
               [](const AnalyzerOptions&) { return std::make_unique<PipAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::python
