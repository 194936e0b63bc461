#include "scry/analyzer/lang/lockfile_analyzer.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <memory>
#include <unordered_map>
#include <utility>

#include "scry/base/limits.hpp"

namespace scry::analyzer::lang {
namespace {

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

class LockfileAnalyzer final : public Analyzer {
 public:
  explicit LockfileAnalyzer(LockfileFormat format) : format_(std::move(format)) {}

  AnalyzerType Type() const override { return format_.type; }
  int Version() const override { return format_.version; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }

  bool Required(const FileInfo& file) const override {
    return S_ISREG(file.mode) && BaseName(file.path) == format_.file_name;
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    const std::string& path = input.file.path;
    auto too_large = [&path] {
      return Fail(ErrorCode::kLimitExceeded, "{} is larger than the {} MiB allowed for a lockfile",
                  path, limits::kMaxLockfileSize >> 20);
    };
    if (input.file.size > limits::kMaxLockfileSize) return too_large();
    SCRY_TRY(auto source, input.open());
    std::string_view content = AsChars(source->bytes());
    if (content.size() > limits::kMaxLockfileSize) return too_large();
    auto parsed = format_.parse(content);
    if (!parsed) return tl::unexpected(std::move(parsed).error().Wrap("read " + path));
    AnalysisResult result;
    model::Application application;
    application.type = std::string(format_.app_type);
    application.file_path = path;
    application.packages = std::move(parsed->packages);
    result.applications.push_back(std::move(application));
    result.warnings = std::move(parsed->warnings);
    return result;
  }

 private:
  LockfileFormat format_;
};

int Closeness(model::Relationship relationship) {
  switch (relationship) {
    case model::Relationship::kRoot:
      return 0;
    case model::Relationship::kWorkspace:
      return 1;
    case model::Relationship::kDirect:
      return 2;
    case model::Relationship::kIndirect:
      return 3;
    case model::Relationship::kUnknown:
      break;
  }
  return 4;
}

}  // namespace

void MergeDuplicatePackages(std::vector<model::Package>& packages) {
  std::unordered_map<std::string, size_t> first;
  std::vector<model::Package> merged;
  merged.reserve(packages.size());
  for (model::Package& package : packages) {
    auto [it, inserted] = first.emplace(package.id, merged.size());
    if (inserted) {
      merged.push_back(std::move(package));
      continue;
    }
    model::Package& kept = merged[it->second];
    kept.dev = kept.dev && package.dev;
    if (Closeness(package.relationship) < Closeness(kept.relationship)) {
      kept.relationship = package.relationship;
    }
    kept.depends_on.insert(kept.depends_on.end(), package.depends_on.begin(),
                           package.depends_on.end());
    kept.evidence.merge(package.evidence);
  }
  for (model::Package& package : merged) {
    std::sort(package.depends_on.begin(), package.depends_on.end());
    package.depends_on.erase(std::unique(package.depends_on.begin(), package.depends_on.end()),
                             package.depends_on.end());
  }
  packages = std::move(merged);
}

void RegisterLockfile(Registry& registry, LockfileFormat format) {
  AnalyzerType type = format.type;
  registry.Add(type, [format = std::move(format)](const AnalyzerOptions&) {
    return std::make_unique<LockfileAnalyzer>(format);
  });
}

}  // namespace scry::analyzer::lang
