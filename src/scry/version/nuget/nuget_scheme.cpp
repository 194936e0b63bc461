#include "scry/version/nuget/nuget_scheme.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scry/base/strings.hpp"
#include "scry/version/version_internal.hpp"

namespace scry::version {
namespace {

using internal::IsDigit;
using internal::Three;

constexpr std::string_view kName = "nuget";
constexpr int64_t kInt32Max = 2147483647;

struct NuGetParts {
  std::array<int64_t, 4> numbers{};
  std::vector<std::string> labels;  // empty for a release
};

// int.TryParse(s, NumberStyles.Integer) over a label, which may only hold [0-9A-Za-z-]: an
// optional '-' and digits whose value fits an Int32.
std::optional<int64_t> LabelNumber(std::string_view label) {
  bool negative = !label.empty() && label.front() == '-';
  if (negative) label.remove_prefix(1);
  if (!internal::AllDigits(label)) return std::nullopt;
  label = internal::StripLeadingZeros(label);
  if (label.size() > 10) return std::nullopt;
  int64_t value = 0;
  for (char c : label) value = value * 10 + (c - '0');
  if (value > kInt32Max + (negative ? 1 : 0)) return std::nullopt;
  return negative ? -value : value;
}

// SemanticVersion.IsValidPart: non-empty, [0-9A-Za-z-], and (unless allowed) no leading zero on
// an all-digit part.
bool IsValidPart(std::string_view part, bool allow_leading_zeros) {
  if (part.empty()) return false;
  for (char c : part) {
    if (!internal::IsAlnum(c) && c != '-') return false;
  }
  return allow_leading_zeros || part.size() == 1 || part.front() != '0' ||
         !internal::AllDigits(part);
}

int CompareLabel(const std::string& a, const std::string& b) {
  auto x = LabelNumber(a);
  auto y = LabelNumber(b);
  if (x && y) return Three(*x, *y);
  if (x || y) return x ? -1 : 1;
  // StringComparer.OrdinalIgnoreCase compares upper-cased UTF-16 code units.
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (int c = Three(internal::ToUpper(a[i]), internal::ToUpper(b[i]))) return c;
  }
  return Three(a.size(), b.size());
}

}  // namespace

Result<std::unique_ptr<ParsedVersion>> NuGetScheme::Parse(std::string_view text) const {
  SCRY_CHECK(internal::CheckLength(kName, text));
  std::string_view value = internal::TrimSpace(text);
  // ParseSections: the version ends at the first '-' or '+', the labels at the first '+' after.
  size_t version_end = value.find_first_of("-+");
  std::string_view numbers = value.substr(0, version_end);
  std::string_view labels;
  std::string_view metadata;
  bool has_labels = false;
  bool has_metadata = false;
  if (version_end != std::string_view::npos) {
    std::string_view rest = value.substr(version_end + 1);
    if (value[version_end] == '-') {
      size_t plus = rest.find('+');
      labels = rest.substr(0, plus);
      has_labels = true;
      if (plus != std::string_view::npos) {
        metadata = rest.substr(plus + 1);
        has_metadata = true;
      }
    } else {
      metadata = rest;
      has_metadata = true;
    }
  }
  // A trailing '-' or '+' stays part of the version string in ParseSections and fails there.
  if ((has_labels && labels.empty() && !has_metadata) || (has_metadata && metadata.empty())) {
    return internal::Invalid(kName, text, "empty release label or metadata");
  }

  NuGetParts parts;
  auto fields = strings::Split(numbers, '.');
  if (fields.size() > 4) return internal::Invalid(kName, text, "more than 4 version numbers");
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string_view field = fields[i];
    if (!internal::AllDigits(field)) return internal::Invalid(kName, text, "expected a number");
    field = internal::StripLeadingZeros(field);
    if (field.size() > 10 || internal::CompareNumeric(field, "2147483647") > 0) {
      return internal::Invalid(kName, text, "number above 2147483647");
    }
    int64_t number = 0;
    for (char c : field) number = number * 10 + (c - '0');
    parts.numbers[i] = number;
  }
  if (has_labels) {
    for (std::string_view label : strings::Split(labels, '.')) {
      if (!IsValidPart(label, false))
        return internal::Invalid(kName, text, "invalid release label");
      parts.labels.emplace_back(label);
    }
  }
  if (has_metadata) {
    for (std::string_view part : strings::Split(metadata, '.')) {
      if (!IsValidPart(part, true)) return internal::Invalid(kName, text, "invalid metadata");
    }
  }
  return internal::MakeParsed(text, std::move(parts));
}

int NuGetScheme::Compare(const ParsedVersion& a, const ParsedVersion& b) const {
  const auto& x = internal::PartsOf<NuGetParts>(a);
  const auto& y = internal::PartsOf<NuGetParts>(b);
  if (int c = Three(x.numbers, y.numbers)) return c;
  if (x.labels.empty() || y.labels.empty()) {
    return Three(x.labels.empty() ? 1 : 0, y.labels.empty() ? 1 : 0);
  }
  for (size_t i = 0; i < x.labels.size() && i < y.labels.size(); ++i) {
    if (int c = CompareLabel(x.labels[i], y.labels[i])) return c;
  }
  return Three(x.labels.size(), y.labels.size());
}

}  // namespace scry::version
