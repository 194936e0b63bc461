#include "scry/analyzer/lang/dotnet/dotnet_analyzers.hpp"

#include <sys/stat.h>

#include <cctype>

#include "scry/analyzer/lang/dotnet/deps/deps_json_parser.hpp"
#include "scry/analyzer/lang/dotnet/nuget/nuget_parser.hpp"
#include "scry/analyzer/lang/dotnet/packages_props/packages_props_parser.hpp"
#include "scry/analyzer/lang/jvm_lockfile.hpp"

namespace scry::analyzer::lang::dotnet {
namespace {

constexpr int kNugetVersion = 1;
constexpr int kDepsVersion = 1;
constexpr int kPropsVersion = 1;

class NugetAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kNuget; }
  int Version() const override { return kNugetVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }

  bool Required(const FileInfo& file) const override {
    std::string_view name = BaseName(file.path);
    return S_ISREG(file.mode) && (name == "packages.lock.json" || name == "packages.config");
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    SCRY_TRY(auto source, OpenLockfile(input));
    std::string_view content = AsChars(source->bytes());
    auto parsed = BaseName(input.file.path) == "packages.config" ? ParsePackagesConfig(content)
                                                                 : ParsePackagesLockJson(content);
    if (!parsed) return tl::unexpected(parsed.error().Wrap(input.file.path));
    return LockfileResult(input, "nuget", std::move(parsed->packages), std::move(parsed->warnings));
  }
};

class DotnetDepsAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kDotnetDeps; }
  int Version() const override { return kDepsVersion; }

  bool Required(const FileInfo& file) const override {
    return S_ISREG(file.mode) && file.path.ends_with(".deps.json");
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    SCRY_TRY(auto source, OpenLockfile(input));
    auto parsed = ParseDepsJson(AsChars(source->bytes()));
    if (!parsed) return tl::unexpected(parsed.error().Wrap(input.file.path));
    return LockfileResult(input, "dotnet-core", std::move(parsed->packages),
                          std::move(parsed->warnings));
  }
};

class PackagesPropsAnalyzer final : public Analyzer {
 public:
  AnalyzerType Type() const override { return AnalyzerType::kPackagesProps; }
  int Version() const override { return kPropsVersion; }
  AnalyzerScope Scope() const override { return AnalyzerScope::kLockfile; }

  // Trivy compares the lower-cased base name.
  bool Required(const FileInfo& file) const override {
    std::string name(BaseName(file.path));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return S_ISREG(file.mode) && (name == "directory.packages.props" || name == "packages.props");
  }

  Result<AnalysisResult> Analyze(const AnalysisInput& input) const override {
    SCRY_TRY(auto source, OpenLockfile(input));
    auto parsed = ParsePackagesProps(AsChars(source->bytes()));
    if (!parsed) return tl::unexpected(parsed.error().Wrap(input.file.path));
    return LockfileResult(input, "packages-props", std::move(parsed->packages),
                          std::move(parsed->warnings));
  }
};

}  // namespace

void RegisterNuget(Registry& registry) {
  registry.Add(AnalyzerType::kNuget,
               [](const AnalyzerOptions&) { return std::make_unique<NugetAnalyzer>(); });
}

void RegisterDotnetDeps(Registry& registry) {
  registry.Add(AnalyzerType::kDotnetDeps,
               [](const AnalyzerOptions&) { return std::make_unique<DotnetDepsAnalyzer>(); });
}

void RegisterPackagesProps(Registry& registry) {
  registry.Add(AnalyzerType::kPackagesProps,
               [](const AnalyzerOptions&) { return std::make_unique<PackagesPropsAnalyzer>(); });
}

}  // namespace scry::analyzer::lang::dotnet
