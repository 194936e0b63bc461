#include <sys/stat.h>

#include "scry/analyzer/lang/java/gradle/gradle_lock_parser.hpp"
#include "scry/analyzer/lang/java/java_analyzers.hpp"
#include "scry/analyzer/lang/jvm_lockfile.hpp"

namespace scry::analyzer::lang::java {
namespace {

constexpr int kVersion = 1;

class GradleLockAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kGradleLock; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }

  // Trivy matches the suffix, which also takes buildscript-gradle.lockfile.
  bool Required(const FileInfo& file) const override {
    return S_ISREG(file.mode) && file.path.ends_with("gradle.lockfile");
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    SCRY_TRY(auto source, OpenLockfile(input));
    auto parsed = ParseGradleLockfile(AsChars(source->bytes()));
    if (!parsed) return tl::unexpected(parsed.error().Wrap(input.file.path));
    return LockfileResult(input, "gradle", std::move(parsed->packages),
                          std::move(parsed->warnings));
  }
};

}  // namespace

void RegisterGradleLock(Registry& registry) {
  registry.Add(AnalyzerType::kGradleLock,
               [](const AnalyzerOptions&) { return std::make_unique<GradleLockAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::java
