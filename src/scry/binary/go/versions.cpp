#include "scry/binary/go/versions.hpp"

#include <cctype>

namespace scry::binary::go {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Consumes a decimal number without leading zeros from the front of `text`.
bool TakeNumber(std::string_view& text) {
  size_t length = 0;
  while (length < text.size() && IsDigit(text[length])) ++length;
  if (length == 0 || (length > 1 && text[0] == '0')) return false;
  text.remove_prefix(length);
  return true;
}

// Dot-separated identifiers of [0-9A-Za-z-]; numeric ones without leading zeros when
// `numeric_rule`.
bool IsIdentifierList(std::string_view text, bool numeric_rule) {
  if (text.empty()) return false;
  size_t start = 0;
  while (true) {
    size_t end = text.find('.', start);
    std::string_view part = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (part.empty()) return false;
    bool all_digits = true;
    for (char c : part) {
      if (!IsAlnum(c) && c != '-') return false;
      if (!IsDigit(c)) all_digits = false;
    }
    if (numeric_rule && all_digits && part.size() > 1 && part[0] == '0') return false;
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

}  // namespace

bool IsModuleVersion(std::string_view version) {
  if (version.empty() || version[0] != 'v') return false;
  std::string_view rest = version.substr(1);
  if (!TakeNumber(rest) || rest.empty() || rest[0] != '.') return false;
  rest.remove_prefix(1);
  if (!TakeNumber(rest) || rest.empty() || rest[0] != '.') return false;
  rest.remove_prefix(1);
  if (!TakeNumber(rest)) return false;
  if (rest.empty()) return true;
  size_t plus = rest.find('+');
  std::string_view build =
      plus == std::string_view::npos ? std::string_view() : rest.substr(plus + 1);
  std::string_view before_build = rest.substr(0, plus);
  if (plus != std::string_view::npos && !IsIdentifierList(build, false)) return false;
  if (before_build.empty()) return true;
  if (before_build[0] != '-') return false;
  return IsIdentifierList(before_build.substr(1), true);
}

bool IsPseudoVersion(std::string_view version) {
  if (!IsModuleVersion(version)) return false;
  std::string_view core = version.substr(0, version.find('+'));
  size_t dash = core.find('-');
  if (dash == std::string_view::npos) return false;
  // The last two dash-separated fields are the timestamp and the revision.
  size_t revision_dash = core.rfind('-');
  if (revision_dash == dash) return false;
  std::string_view revision = core.substr(revision_dash + 1);
  if (revision.empty()) return false;
  for (char c : revision) {
    if (!IsAlnum(c)) return false;
  }
  std::string_view before = core.substr(0, revision_dash);
  if (before.size() < 14) return false;
  std::string_view timestamp = before.substr(before.size() - 14);
  for (char c : timestamp) {
    if (!IsDigit(c)) return false;
  }
  std::string_view base = before.substr(0, before.size() - 14);
  // vX.0.0-<time>-<rev>, vX.Y.(Z+1)-0.<time>-<rev>, vX.Y.Z-pre.0.<time>-<rev>
  if (base.ends_with(".0.0-")) return base.find('-') == base.size() - 1;
  return base.ends_with("-0.") || base.ends_with(".0.");
}

std::optional<std::string> NormalizeModuleVersion(std::string_view value) {
  while (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
         value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  std::string version(value);
  if (version.empty()) return std::nullopt;
  if (version[0] != 'v') version.insert(version.begin(), 'v');
  if (!IsModuleVersion(version)) return std::nullopt;
  return version;
}

std::optional<ToolchainVersion> ParseToolchainVersion(std::string_view go_version) {
  if (!go_version.starts_with("go1.")) return std::nullopt;
  std::string_view rest = go_version.substr(4);
  auto take_digits = [&rest]() -> std::string_view {
    size_t length = 0;
    while (length < rest.size() && IsDigit(rest[length])) ++length;
    std::string_view digits = rest.substr(0, length);
    rest.remove_prefix(length);
    return digits;
  };
  std::string_view minor = take_digits();
  if (minor.empty() || (minor.size() > 1 && minor[0] == '0')) return std::nullopt;
  std::string_view patch = "0";
  std::string prerelease;
  if (!rest.empty() && rest[0] == '.') {
    rest.remove_prefix(1);
    patch = take_digits();
    if (patch.empty() || (patch.size() > 1 && patch[0] == '0')) return std::nullopt;
  } else if (rest.starts_with("rc") || rest.starts_with("beta")) {
    std::string_view kind = rest.starts_with("rc") ? "rc" : "beta";
    rest.remove_prefix(kind.size());
    std::string_view number = take_digits();
    if (number.empty()) return std::nullopt;
    prerelease = std::string(kind) + "." + std::string(number);
  }
  // A release name ends at a space (" X:boringcrypto") or a dash (vendor builds); anything else
  // glued to it ("go1.22.5foo") is not a version we can trust.
  if (!rest.empty() && rest[0] != ' ' && rest[0] != '-') return std::nullopt;
  ToolchainVersion result;
  result.semver = "v1." + std::string(minor) + "." + std::string(patch);
  if (!prerelease.empty()) result.semver += "-" + prerelease;
  result.suffix = rest;
  return result;
}

std::optional<std::string> PseudoVersionFromVcs(std::string_view revision, std::string_view time) {
  if (revision.size() < 12) return std::nullopt;
  for (char c : revision) {
    if (!IsAlnum(c)) return std::nullopt;
  }
  // RFC 3339 as Go writes vcs.time: 2006-01-02T15:04:05Z (always UTC).
  if (time.size() < 20 || time[4] != '-' || time[7] != '-' || time[10] != 'T' || time[13] != ':' ||
      time[16] != ':' || time.back() != 'Z') {
    return std::nullopt;
  }
  std::string stamp;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u, 11u, 12u, 14u, 15u, 17u, 18u}) {
    if (!IsDigit(time[i])) return std::nullopt;
    stamp += time[i];
  }
  return "v0.0.0-" + stamp + "-" + std::string(revision.substr(0, 12));
}

}  // namespace scry::binary::go
