#include <sys/stat.h>

#include <cctype>

#include "scry/analyzer/lang/java/jar/jar_parser.hpp"
#include "scry/analyzer/lang/java/java_analyzers.hpp"

namespace scry::analyzer::lang::java {
namespace {

constexpr int kVersion = 1;

bool HasArchiveExtension(std::string_view path) {
  if (path.size() < 5) return false;
  std::string extension(path.substr(path.size() - 4));
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension == ".jar" || extension == ".war" || extension == ".ear" || extension == ".par";
}

class JarAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kJar; }
  int Version() const override { return kVersion; }

  bool Required(const FileInfo& file) const override {
    return S_ISREG(file.mode) && HasArchiveExtension(file.path);
  }

  // A zip starts with "PK", or with a launch script for Spring Boot's "fully executable" jars
  // (the zip's central directory is found from the end).
  bool Accepts(const FileInfo& file, Bytes head) const override {
    (void)file;
    return head.size() >= 2 &&
           ((head[0] == 'P' && head[1] == 'K') || (head[0] == '#' && head[1] == '!'));
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    if (input.file.size > limits::kMaxAnalyzedFileSize) {
      return Fail(ErrorCode::kLimitExceeded, "{} is larger than {} bytes", input.file.path,
                  limits::kMaxAnalyzedFileSize);
    }
    SCRY_TRY(auto source, input.open());
    SCRY_TRY(ParsedPackages parsed, ParseJar(source->bytes(), input.file.path));
    AnalysisResult result;
    result.warnings = std::move(parsed.warnings);
    if (!parsed.packages.empty()) {
      model::Application application;
      application.type = "jar";
      application.file_path = input.file.path;
      application.packages = std::move(parsed.packages);
      result.applications.push_back(std::move(application));
    }
    return result;
  }
};

}  // namespace

void RegisterJar(Registry& registry) {
  registry.Add(AnalyzerType::kJar,
               [](const AnalyzerOptions&) { return std::make_unique<JarAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::java
