#include "scry/analyzer/lang/golang/binary/go_binary_analyzer.hpp"

#include <sys/stat.h>

#include "scry/analyzer/lang/golang/binary/go_binary_parser.hpp"
#include "scry/base/limits.hpp"
#include "scry/binary/executable.hpp"

namespace scry::analyzer::lang::golang {
namespace {

constexpr int kVersion = 2;
// No executable format fits in fewer bytes (an ELF32 header alone is 52).
constexpr uint64_t kMinimumSize = 52;

class GoBinaryAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kGoBinary; }
  int Version() const override { return kVersion; }

  bool Required(const FileInfo& file) const override {
    return S_ISREG(file.mode) && file.size >= kMinimumSize &&
           file.size <= limits::kMaxAnalyzedFileSize;
  }

  bool Accepts(const FileInfo& file, Bytes head) const override {
    (void)file;
    return binary::HasExecutableMagic(head);
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    SCRY_TRY(auto source, input.open());
    AnalysisResult result;
    if (!binary::HasExecutableMagic(source->bytes())) return result;
    SCRY_TRY(auto parsed, ParseGoBinary(source->bytes()));
    if (!parsed) return result;
    parsed->application.file_path = input.file.path;
    result.applications.push_back(std::move(parsed->application));
    result.warnings = std::move(parsed->warnings);
    return result;
  }
};

}  // namespace

void RegisterGoBinary(Registry& registry) {
  registry.Add(AnalyzerType::kGoBinary,
               [](const AnalyzerOptions&) { return std::make_unique<GoBinaryAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::golang
