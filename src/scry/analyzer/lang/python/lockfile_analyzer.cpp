#include <sys/stat.h>

#include "scry/analyzer/lang/python/lockfile_analyzer_internal.hpp"

namespace scry::analyzer::lang::python {
namespace {

class LockfileAnalyzer final : public Analyzer {
 public:
  LockfileAnalyzer(AnalyzerType type, int version, bool (*matches)(std::string_view),
                   std::string_view app_type, LockfileParse parse)
      : type_(type),
        version_(version),
        matches_(matches),
        app_type_(app_type),
        parse_(std::move(parse)) {}

  AnalyzerType Type() const override { return type_; }
  int Version() const override { return version_; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }
  bool Required(const FileInfo& file) const override {
    return S_ISREG(file.mode) && matches_(BaseName(file.path));
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    SCRY_TRY(auto source, ReadLockfile(input));
    auto parsed = parse_(AsChars(source->bytes()), input);
    if (!parsed) return tl::unexpected(std::move(parsed).error().Wrap("read " + input.file.path));
    AnalysisResult result;
    result.warnings = std::move(parsed->warnings);
    if (!parsed->packages.empty()) {
      result.applications.push_back(model::Application{std::string(app_type_), input.file.path,
                                                       std::move(parsed->packages), std::nullopt});
    }
    return result;
  }

 private:
  AnalyzerType type_;
  int version_;
  bool (*matches_)(std::string_view);
  std::string_view app_type_;
  LockfileParse parse_;
};

}  // namespace

std::unique_ptr<Analyzer> MakeLockfileAnalyzer(AnalyzerType type, int version,
                                               bool (*matches)(std::string_view base_name),
                                               std::string_view app_type, LockfileParse parse) {
  return std::make_unique<LockfileAnalyzer>(type, version, matches, app_type, std::move(parse));
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace scry::analyzer::lang::python
