#include "scry/analyzer/lang/nodejs/nodejs_common.hpp"

#include <algorithm>
#include <unordered_map>

#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::nodejs {
namespace {

int Rank(model::Relationship relationship) {
  switch (relationship) {
    case model::Relationship::kRoot:
      return 4;
    case model::Relationship::kWorkspace:
      return 3;
    case model::Relationship::kDirect:
      return 2;
    case model::Relationship::kIndirect:
      return 1;
    case model::Relationship::kUnknown:
      return 0;
  }
  return 0;
}

}  // namespace

std::string_view DirName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

Result<std::shared_ptr<const ByteSource>> ReadLockfile(const AnalysisInput& input) {
  const std::string& path = input.file.path;
  auto too_large = [&path] {
    return Fail(ErrorCode::kLimitExceeded, "{} is larger than the {} MiB allowed for a lockfile",
                path, limits::kMaxNodeLockfileSize >> 20);
  };
  if (input.file.size > limits::kMaxNodeLockfileSize) return too_large();
  SCRY_TRY(auto source, input.open());
  if (source->bytes().size() > limits::kMaxNodeLockfileSize) return too_large();
  return source;
}

std::optional<PackageJson> ReadSiblingManifest(const AnalysisInput& input,
                                               std::vector<std::string>& warnings) {
  if (input.siblings == nullptr) return std::nullopt;
  std::string_view dir = DirName(input.file.path);
  std::string path = dir.empty() ? "package.json" : std::string(dir) + "/package.json";
  auto source = (*input.siblings)(path);
  if (!source) {
    if (source.error().code() != ErrorCode::kNotFound) {
      warnings.push_back(path + ": " + source.error().ToString());
    }
    return std::nullopt;
  }
  std::string_view content = AsChars((*source)->bytes());
  if (content.size() > limits::kMaxNodeLockfileSize) {
    warnings.push_back(path +
                       ": larger than the lockfile limit; dev and direct dependencies "
                       "are not marked");
    return std::nullopt;
  }
  auto manifest = ParsePackageJson(content);
  if (!manifest) {
    warnings.push_back(path + ": " + manifest.error().ToString());
    return std::nullopt;
  }
  for (const std::string& warning : manifest->warnings) warnings.push_back(path + ": " + warning);
  return std::move(*manifest);
}

std::vector<model::Package> MergePackages(std::vector<model::Package> packages) {
  std::unordered_map<std::string, size_t> by_id;
  std::vector<model::Package> out;
  out.reserve(packages.size());
  for (model::Package& package : packages) {
    auto [it, inserted] = by_id.try_emplace(package.id, out.size());
    if (inserted) {
      out.push_back(std::move(package));
      continue;
    }
    model::Package& kept = out[it->second];
    kept.dev = kept.dev && package.dev;
    if (Rank(package.relationship) > Rank(kept.relationship)) {
      kept.relationship = package.relationship;
    }
    kept.depends_on.insert(kept.depends_on.end(), package.depends_on.begin(),
                           package.depends_on.end());
    for (auto& [key, value] : package.evidence) kept.evidence.try_emplace(key, value);
  }
  for (model::Package& package : out) {
    std::vector<std::string>& depends_on = package.depends_on;
    std::erase_if(depends_on, [&](const std::string& dependency) {
      return dependency == package.id || by_id.count(dependency) == 0;
    });
    std::sort(depends_on.begin(), depends_on.end());
    depends_on.erase(std::unique(depends_on.begin(), depends_on.end()), depends_on.end());
  }
  std::sort(out.begin(), out.end(),
            [](const model::Package& a, const model::Package& b) { return a.id < b.id; });
  return out;
}

std::string PackageId(std::string_view name, std::string_view version) {
  std::string id(name);
  if (!version.empty()) {
    id += '@';
    id += version;
  }
  return id;
}

std::string AliasTarget(std::string_view range) {
  if (!range.starts_with("npm:")) return {};
  std::string_view rest = range.substr(4);
  size_t at = rest.find('@', 1);
  if (at == std::string_view::npos || at == 0) return {};
  return std::string(rest.substr(0, at));
}

}  // namespace scry::analyzer::lang::nodejs
