#include "scry/analyzer/os/os_analyzer.hpp"

#include <sys/stat.h>

#include "scry/analyzer/os/os_release_parser.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::os {
namespace {

constexpr int kVersion = 1;

class OsAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kOs; }
  int Version() const override { return kVersion; }

  bool Required(const FileInfo& file) const override {
    return S_ISREG(file.mode) && ClassifyOsFile(file.path) != OsFile::kNone;
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    if (input.file.size > limits::kMaxOsReleaseFileSize) {
      return Fail(ErrorCode::kLimitExceeded,
                  "{} is {} bytes, more than the {} bytes allowed for an OS release file",
                  input.file.path, input.file.size, limits::kMaxOsReleaseFileSize);
    }
    SCRY_TRY(auto source, input.open());
    std::string_view content = AsChars(source->bytes());
    if (content.size() > limits::kMaxOsReleaseFileSize) {
      return Fail(ErrorCode::kLimitExceeded,
                  "{} is larger than the {} bytes allowed for an OS release file", input.file.path,
                  limits::kMaxOsReleaseFileSize);
    }
    auto os = ParseOsFile(ClassifyOsFile(input.file.path), content);
    if (!os) return tl::unexpected(std::move(os).error().Wrap("read " + input.file.path));
    AnalysisResult result;
    result.os = std::move(*os);
    return result;
  }
};

}  // namespace

void RegisterOs(Registry& registry) {
  registry.Add(AnalyzerType::kOs,
               [](const AnalyzerOptions&) { return std::make_unique<OsAnalyzer>(); });
}

}  // namespace scry::analyzer::os
