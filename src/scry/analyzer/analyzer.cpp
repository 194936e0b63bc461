#include "scry/analyzer/analyzer.hpp"

#include <algorithm>

#include "scry/base/log.hpp"

namespace scry::analyzer {

std::string_view AnalyzerTypeName(AnalyzerType type) {
  switch (type) {
    case AnalyzerType::kGoBinary:
      return "gobinary";
    case AnalyzerType::kRpm:
      return "rpm";
    case AnalyzerType::kOs:
      return "os";
    case AnalyzerType::kDpkg:
      return "dpkg";
    case AnalyzerType::kApk:
      return "apk";
    case AnalyzerType::kGoMod:
      return "gomod";
    case AnalyzerType::kJar:
      return "jar";
    case AnalyzerType::kPom:
      return "pom";
    case AnalyzerType::kGradleLock:
      return "gradle-lockfile";
    case AnalyzerType::kNuget:
      return "nuget";
    case AnalyzerType::kDotnetDeps:
      return "dotnet-core";
    case AnalyzerType::kPackagesProps:
      return "packages-props";
    case AnalyzerType::kPip:
      return "pip";
    case AnalyzerType::kPipenv:
      return "pipenv";
    case AnalyzerType::kPoetry:
      return "poetry";
    case AnalyzerType::kUv:
      return "uv";
    case AnalyzerType::kPylock:
      return "pylock";
    case AnalyzerType::kPythonPackaging:
      return "python-pkg";
    case AnalyzerType::kCargo:
      return "cargo";
    case AnalyzerType::kRustBinary:
      return "rustbinary";
    case AnalyzerType::kBundler:
      return "bundler";
    case AnalyzerType::kGemspec:
      return "gemspec";
    case AnalyzerType::kComposer:
      return "composer";
    case AnalyzerType::kComposerVendor:
      return "composer-vendor";
    case AnalyzerType::kConanLock:
      return "conan-lock";
    case AnalyzerType::kPubspecLock:
      return "pubspec-lock";
    case AnalyzerType::kMixLock:
      return "mix-lock";
    case AnalyzerType::kSwift:
      return "swift";
    case AnalyzerType::kCocoapods:
      return "cocoapods";
    case AnalyzerType::kNpm:
      return "npm";
    case AnalyzerType::kYarn:
      return "yarn";
    case AnalyzerType::kPnpm:
      return "pnpm";
    case AnalyzerType::kNodePkg:
      return "node-pkg";
  }
  return "unknown";
}

void AnalysisResult::Merge(AnalysisResult&& other) {
  if (other.os && (!os || os->name.empty())) os = std::move(other.os);
  std::move(other.package_databases.begin(), other.package_databases.end(),
            std::back_inserter(package_databases));
  std::move(other.installed_files.begin(), other.installed_files.end(),
            std::back_inserter(installed_files));
  std::move(other.applications.begin(), other.applications.end(), std::back_inserter(applications));
  std::move(other.warnings.begin(), other.warnings.end(), std::back_inserter(warnings));
}

void Registry::Add(AnalyzerType type, AnalyzerFactory factory) {
  SCRY_ASSERT(std::none_of(factories_.begin(), factories_.end(),
                           [type](const auto& entry) { return entry.first == type; }));
  factories_.emplace_back(type, std::move(factory));
}

std::vector<std::unique_ptr<Analyzer>> Registry::CreateAll(const AnalyzerOptions& options) const {
  std::vector<std::unique_ptr<Analyzer>> analyzers;
  for (const auto& [type, factory] : factories_) {
    auto analyzer = factory(options);
    const AnalyzerScope scope = analyzer->Scope();
    if (options.scope == AnalyzerScope::kAll || scope == AnalyzerScope::kAll ||
        scope == options.scope) {
      analyzers.push_back(std::move(analyzer));
    }
  }
  return analyzers;
}

AnalyzerGroup::AnalyzerGroup(std::vector<std::unique_ptr<Analyzer>> analyzers)
    : analyzers_(std::move(analyzers)) {
  std::sort(analyzers_.begin(), analyzers_.end(),
            [](const auto& a, const auto& b) { return a->Type() < b->Type(); });
}

AnalyzerGroup AnalyzerGroup::CreateDefault(const AnalyzerOptions& options) {
  Registry registry;
  RegisterAllAnalyzers(registry);
  return AnalyzerGroup(registry.CreateAll(options));
}

bool AnalyzerGroup::Required(const FileInfo& file) const {
  return std::any_of(analyzers_.begin(), analyzers_.end(),
                     [&file](const auto& analyzer) { return analyzer->Required(file); });
}

bool AnalyzerGroup::Accepts(const FileInfo& file, Bytes head) const {
  return std::any_of(analyzers_.begin(), analyzers_.end(), [&](const auto& analyzer) {
    return analyzer->Required(file) && analyzer->Accepts(file, head);
  });
}

AnalysisResult AnalyzerGroup::AnalyzeFile(const FileInfo& file, const Opener& open,
                                          const SiblingReader* siblings) const {
  AnalysisResult combined;
  for (const auto& analyzer : analyzers_) {
    if (!analyzer->Required(file)) continue;
    auto result = analyzer->Analyze(AnalysisInput{file, open, siblings});
    if (!result) {
      const Error& error = result.error();
      if (error.code() == ErrorCode::kUnsupported) {
        SCRY_LOG_DEBUG("{}: skipped by the {} analyzer: {}", file.path,
                       AnalyzerTypeName(analyzer->Type()), error.ToString());
      } else {
        SCRY_LOG_WARN("{}: could not be analyzed ({}): {}", file.path,
                      AnalyzerTypeName(analyzer->Type()), error.ToString());
      }
      continue;
    }
    for (const std::string& warning : result->warnings) {
      SCRY_LOG_WARN("{}: {}", file.path, warning);
    }
    result->warnings.clear();
    combined.Merge(std::move(*result));
  }
  return combined;
}

std::string AnalyzerGroup::VersionsKey() const {
  std::string key;
  for (const auto& analyzer : analyzers_) {
    if (!key.empty()) key += ',';
    key +=
        std::string(AnalyzerTypeName(analyzer->Type())) + ":" + std::to_string(analyzer->Version());
  }
  return key;
}

}  // namespace scry::analyzer
