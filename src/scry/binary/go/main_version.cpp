#include "scry/binary/go/main_version.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "scry/base/strings.hpp"
#include "scry/binary/go/versions.hpp"

namespace scry::binary::go {
namespace {

bool IsVersionKey(std::string_view key) {
  return strings::EndsWithIgnoreCase(key, ".version") || strings::EndsWithIgnoreCase(key, ".ver");
}

int KeyRank(std::string_view key, std::string_view main_module) {
  if (key.starts_with("main.")) return 0;
  if (!main_module.empty() && key.size() > main_module.size() + 5 && key.starts_with(main_module) &&
      key.substr(main_module.size()).starts_with("/cmd/")) {
    return 1;
  }
  std::string_view package = key.substr(0, key.rfind('.'));
  std::string_view last_element = package.substr(package.rfind('/') + 1);
  if (strings::EqualsIgnoreCase(last_element, "version")) return 2;
  return 3;
}

void AddCandidate(std::vector<VersionCandidate>& candidates, std::string_view assignment) {
  auto cut = strings::Cut(assignment, "=");
  if (!cut.found || !IsVersionKey(cut.before)) return;
  if (auto version = NormalizeModuleVersion(cut.after)) {
    candidates.push_back({std::string(cut.before), std::move(*version)});
  }
}

const std::string* FindSetting(const ModInfo& info, std::string_view key) {
  for (const auto& [name, value] : info.settings) {
    if (name == key) return &value;
  }
  return nullptr;
}

}  // namespace

std::vector<VersionCandidate> LdflagsVersionCandidates(std::string_view ldflags) {
  std::vector<VersionCandidate> candidates;
  auto fields = SplitQuotedFields(ldflags);
  if (!fields) return candidates;
  for (size_t i = 0; i < fields->size(); ++i) {
    std::string_view field = (*fields)[i];
    if ((field == "-X" || field == "--X") && i + 1 < fields->size()) {
      AddCandidate(candidates, (*fields)[++i]);
    } else if (field.starts_with("-X=")) {
      AddCandidate(candidates, field.substr(3));
    } else if (field.starts_with("--X=")) {
      AddCandidate(candidates, field.substr(4));
    }
  }
  return candidates;
}

std::optional<VersionCandidate> ChooseVersion(const std::vector<VersionCandidate>& candidates,
                                              std::string_view main_module,
                                              std::string* ambiguity) {
  int best_rank = 4;
  for (const auto& candidate : candidates) {
    best_rank = std::min(best_rank, KeyRank(candidate.key, main_module));
  }
  std::vector<const VersionCandidate*> best;
  std::set<std::string> values;
  for (const auto& candidate : candidates) {
    if (KeyRank(candidate.key, main_module) != best_rank) continue;
    best.push_back(&candidate);
    values.insert(candidate.value);
  }
  if (best.empty()) return std::nullopt;
  if (values.size() > 1) {
    if (ambiguity != nullptr) {
      std::vector<std::string> described;
      for (const auto* candidate : best)
        described.push_back(candidate->key + "=" + candidate->value);
      std::sort(described.begin(), described.end());
      *ambiguity = strings::Join(described, " ");
    }
    return std::nullopt;
  }
  // Same value under several keys: report the first key in name order, for stable evidence.
  auto first = std::min_element(best.begin(), best.end(),
                                [](const auto* a, const auto* b) { return a->key < b->key; });
  return **first;
}

Result<std::vector<VersionCandidate>> SymbolVersionCandidates(const Executable& executable) {
  struct Found {
    uint64_t string_address = 0;
    uint64_t string_size = 0;
    std::optional<uint64_t> variable_address;
  };
  std::map<std::string, Found, std::less<>> found;
  std::map<std::string, uint64_t, std::less<>> variables;
  SCRY_CHECK(executable.ForEachSymbol([&](const Symbol& symbol) {
    if (symbol.name.ends_with(".str")) {
      std::string_view key = symbol.name.substr(0, symbol.name.size() - 4);
      if (IsVersionKey(key)) {
        Found& entry = found[std::string(key)];
        entry.string_address = symbol.address;
        entry.string_size = symbol.size;
      }
    } else if (IsVersionKey(symbol.name)) {
      variables[std::string(symbol.name)] = symbol.address;
    }
    return true;
  }));

  std::vector<VersionCandidate> candidates;
  unsigned pointer_size = executable.pointer_size();
  for (auto& [key, entry] : found) {
    std::optional<Bytes> value;
    // The variable's string header is exact; the .str symbol's size is not recorded by every
    // format (and is padded in some), so it is only the fallback.
    if (auto variable = variables.find(key); variable != variables.end()) {
      auto header = executable.ReadAt(variable->second, 2ULL * pointer_size);
      if (header && header->size() == 2ULL * pointer_size) {
        uint64_t data = DecodeUint(header->data(), pointer_size, executable.endian());
        uint64_t length =
            DecodeUint(header->data() + pointer_size, pointer_size, executable.endian());
        if (length > 0 && length <= 256) value = executable.ReadAt(data, length);
        if (value && value->size() != length) value.reset();
      }
    } else if (entry.string_size > 0 && entry.string_size <= 256) {
      value = executable.ReadAt(entry.string_address, entry.string_size);
    }
    if (!value) continue;
    if (auto version = NormalizeModuleVersion(AsChars(*value))) {
      candidates.push_back({key, std::move(*version)});
    }
  }
  return candidates;
}

MainVersion InferMainVersion(const ModInfo& info, const Executable* executable) {
  MainVersion result;
  if (!info.main) return result;
  const std::string& module = info.main->path;
  const std::string& recorded = info.main->version;
  if (IsModuleVersion(recorded) && !IsPseudoVersion(recorded)) {
    result.version = recorded;
    result.source = MainVersionSource::kBuildInfo;
    return result;
  }

  const std::string* ldflags = FindSetting(info, "-ldflags");
  if (ldflags != nullptr) {
    auto candidates = LdflagsVersionCandidates(*ldflags);
    if (auto chosen = ChooseVersion(candidates, module, &result.ambiguity)) {
      result.version = chosen->value;
      result.source = MainVersionSource::kLdflags;
      result.detail = chosen->key;
      return result;
    }
  } else if (executable != nullptr) {
    // -ldflags is not recorded under -trimpath (nor before Go 1.18): look for what -X left.
    auto candidates = SymbolVersionCandidates(*executable);
    if (candidates) {
      if (auto chosen = ChooseVersion(*candidates, module, &result.ambiguity)) {
        result.version = chosen->value;
        result.source = MainVersionSource::kSymbol;
        result.detail = chosen->key + ".str";
        return result;
      }
    }
  }
  if (!result.ambiguity.empty()) return result;

  if (IsPseudoVersion(recorded)) {
    result.version = recorded;
    result.source = MainVersionSource::kBuildInfo;
    return result;
  }
  const std::string* revision = FindSetting(info, "vcs.revision");
  const std::string* time = FindSetting(info, "vcs.time");
  if (revision != nullptr && time != nullptr) {
    if (auto pseudo = PseudoVersionFromVcs(*revision, *time)) {
      const std::string* modified = FindSetting(info, "vcs.modified");
      result.version = *pseudo;
      if (modified != nullptr && *modified == "true") result.version += "+dirty";
      result.source = MainVersionSource::kVcs;
      result.detail = *revision;
    }
  }
  return result;
}

}  // namespace scry::binary::go
