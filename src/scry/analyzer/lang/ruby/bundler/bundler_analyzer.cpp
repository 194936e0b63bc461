#include "scry/analyzer/lang/ruby/bundler/bundler_analyzer.hpp"

#include <sys/stat.h>

#include "scry/analyzer/lang/limited_read.hpp"
#include "scry/analyzer/lang/ruby/bundler/bundler_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::ruby {
namespace {

constexpr int kVersion = 1;

class BundlerAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kBundler; }
  int Version() const override { return kVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }

  bool Required(const FileInfo& file) const override {
    std::string_view path = file.path;
    return S_ISREG(file.mode) && (path == "Gemfile.lock" || path.ends_with("/Gemfile.lock"));
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    const std::string& path = input.file.path;
    SCRY_TRY(auto source, ReadLimited(input.open, path, input.file.size, limits::kMaxLockfileSize));
    SCRY_TRY(GemfileLock lock, ParseGemfileLock(AsChars(source->bytes()), path));
    AnalysisResult result;
    result.warnings = std::move(lock.warnings);
    DropOwnPathPrefix(result.warnings, path);
    model::Application application;
    application.type = "bundler";
    application.file_path = path;
    application.packages = std::move(lock.packages);
    result.applications.push_back(std::move(application));
    return result;
  }
};

}  // namespace

void RegisterBundler(Registry& registry) {
  registry.Add(AnalyzerType::kBundler,
               [](const AnalyzerOptions&) { return std::make_unique<BundlerAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::ruby
