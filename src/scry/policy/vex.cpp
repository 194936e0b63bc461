#include "scry/policy/vex.hpp"

#include <map>

#include "scry/base/strings.hpp"
#include "scry/formats/json.hpp"

namespace scry::policy {
namespace {

namespace js = formats::json;

// CycloneDX components nest; a bound keeps a hostile document from recursing without end.
constexpr int kMaxComponentDepth = 64;

std::string ToString(std::optional<std::string_view> value) {
  return value ? std::string(*value) : std::string();
}

void AddUnique(std::vector<std::string>& list, std::string_view value) {
  value = strings::TrimSpace(value);
  if (value.empty()) return;
  for (const auto& existing : list) {
    if (existing == value) return;
  }
  list.emplace_back(value);
}

std::optional<VexStatus> ParseOpenVexStatus(std::string_view status) {
  if (status == "not_affected") return VexStatus::kNotAffected;
  if (status == "fixed") return VexStatus::kFixed;
  if (status == "affected") return VexStatus::kAffected;
  if (status == "under_investigation") return VexStatus::kUnderInvestigation;
  return std::nullopt;
}

std::optional<VexStatus> ParseCycloneDxState(std::string_view state) {
  if (state == "not_affected" || state == "false_positive") return VexStatus::kNotAffected;
  if (state == "resolved" || state == "resolved_with_pedigree") return VexStatus::kFixed;
  if (state == "exploitable") return VexStatus::kAffected;
  if (state == "in_triage") return VexStatus::kUnderInvestigation;
  return std::nullopt;
}

// The purls of OpenVEX components (products or subcomponents): their @id when it is a purl, and
// identifiers.purl.
void CollectComponentPurls(js::Array components, std::vector<std::string>& out) {
  for (js::Element element : components) {
    js::Object component;
    if (element.get_object().get(component) != simdjson::SUCCESS) continue;
    if (auto id = js::OptionalString(component, "@id"); id && id->substr(0, 4) == "pkg:") {
      AddUnique(out, *id);
    }
    if (auto identifiers = js::OptionalObject(component, "identifiers")) {
      if (auto purl = js::OptionalString(*identifiers, "purl")) AddUnique(out, *purl);
    }
  }
}

Status CollectBomRefs(js::Array components, int depth, std::map<std::string, std::string>& out) {
  if (depth > kMaxComponentDepth) {
    return Fail(ErrorCode::kLimitExceeded, "components nested deeper than {}", kMaxComponentDepth);
  }
  for (js::Element element : components) {
    js::Object component;
    if (element.get_object().get(component) != simdjson::SUCCESS) continue;
    auto ref = js::OptionalString(component, "bom-ref");
    auto purl = js::OptionalString(component, "purl");
    if (ref && purl) out.emplace(std::string(*ref), std::string(*purl));
    if (auto nested = js::OptionalArray(component, "components")) {
      if (auto collected = CollectBomRefs(*nested, depth + 1, out); !collected) return collected;
    }
  }
  return Ok();
}

}  // namespace

std::string_view VexStatusName(VexStatus status) {
  switch (status) {
    case VexStatus::kNotAffected:
      return "not_affected";
    case VexStatus::kFixed:
      return "fixed";
    case VexStatus::kAffected:
      return "affected";
    case VexStatus::kUnderInvestigation:
      return "under_investigation";
  }
  return "under_investigation";
}

Result<VexDocument> ParseOpenVex(std::string_view text) {
  js::Parser parser;
  SCRY_TRY(auto root_element, parser.Parse(text));
  SCRY_TRY(auto root, js::RequiredObject(root_element, "OpenVEX document"));
  VexDocument out;
  out.format = "openvex";
  out.id = ToString(js::OptionalString(root, "@id"));
  std::string document_time = ToString(js::OptionalString(root, "timestamp"));
  std::string last_updated = ToString(js::OptionalString(root, "last_updated"));
  if (!last_updated.empty()) document_time = last_updated;
  auto statements = js::OptionalArray(root, "statements");
  if (!statements) {
    return Fail(ErrorCode::kInvalidInput, "OpenVEX document has no statements array");
  }
  size_t index = 0;
  for (js::Element element : *statements) {
    ++index;
    if (index > kMaxVexStatements) {
      return Fail(ErrorCode::kLimitExceeded, "more than {} VEX statements", kMaxVexStatements);
    }
    SCRY_TRY(auto object, js::RequiredObject(element, fmt::format("statement {}", index)));
    VexStatement statement;
    statement.index = index;
    // v0.2.0: vulnerability is an object (name, @id, aliases); v0.0.x wrote a plain string.
    js::Object vulnerability;
    if (object["vulnerability"].get_object().get(vulnerability) == simdjson::SUCCESS) {
      if (auto name = js::OptionalString(vulnerability, "name")) {
        AddUnique(statement.vulnerability_ids, *name);
      }
      if (auto id = js::OptionalString(vulnerability, "@id")) {
        AddUnique(statement.vulnerability_ids, *id);
      }
      for (const auto& alias : js::StringArray(vulnerability, "aliases")) {
        AddUnique(statement.vulnerability_ids, alias);
      }
    } else if (auto name = js::OptionalString(object, "vulnerability")) {
      AddUnique(statement.vulnerability_ids, *name);
    }
    if (statement.vulnerability_ids.empty()) {
      return Fail(ErrorCode::kInvalidInput, "statement {} names no vulnerability", index);
    }
    SCRY_TRY(auto status, js::RequiredString(object, "status"));
    auto parsed = ParseOpenVexStatus(status);
    if (!parsed) {
      return Fail(ErrorCode::kInvalidInput,
                  "statement {}: unknown status \"{}\" (not_affected, affected, fixed or "
                  "under_investigation)",
                  index, status);
    }
    statement.status = *parsed;
    statement.original_status = std::string(status);
    statement.justification = ToString(js::OptionalString(object, "justification"));
    statement.detail = ToString(js::OptionalString(object, "impact_statement"));
    if (statement.detail.empty()) {
      statement.detail = ToString(js::OptionalString(object, "status_notes"));
    }
    statement.timestamp = ToString(js::OptionalString(object, "last_updated"));
    if (statement.timestamp.empty()) {
      statement.timestamp = ToString(js::OptionalString(object, "timestamp"));
    }
    if (statement.timestamp.empty()) statement.timestamp = document_time;
    if (auto products = js::OptionalArray(object, "products")) {
      std::vector<std::string> product_purls;
      std::vector<std::string> subcomponent_purls;
      for (js::Element product_element : *products) {
        js::Object product;
        if (product_element.get_object().get(product) != simdjson::SUCCESS) continue;
        if (auto subcomponents = js::OptionalArray(product, "subcomponents")) {
          CollectComponentPurls(*subcomponents, subcomponent_purls);
        }
      }
      CollectComponentPurls(*products, product_purls);
      statement.purls = subcomponent_purls.empty() ? product_purls : subcomponent_purls;
    }
    out.statements.push_back(std::move(statement));
  }
  return out;
}

Result<VexDocument> ParseCycloneDxVex(std::string_view text) {
  js::Parser parser;
  SCRY_TRY(auto root_element, parser.Parse(text));
  SCRY_TRY(auto root, js::RequiredObject(root_element, "CycloneDX document"));
  VexDocument out;
  out.format = "cyclonedx";
  out.id = ToString(js::OptionalString(root, "serialNumber"));
  std::string document_time;
  if (auto metadata = js::OptionalObject(root, "metadata")) {
    document_time = ToString(js::OptionalString(*metadata, "timestamp"));
  }
  std::map<std::string, std::string> bom_refs;
  if (auto metadata = js::OptionalObject(root, "metadata")) {
    if (auto component = js::OptionalObject(*metadata, "component")) {
      auto ref = js::OptionalString(*component, "bom-ref");
      auto purl = js::OptionalString(*component, "purl");
      if (ref && purl) bom_refs.emplace(std::string(*ref), std::string(*purl));
    }
  }
  if (auto components = js::OptionalArray(root, "components")) {
    if (auto collected = CollectBomRefs(*components, 0, bom_refs); !collected) {
      return tl::unexpected(collected.error());
    }
  }
  auto vulnerabilities = js::OptionalArray(root, "vulnerabilities");
  if (!vulnerabilities) {
    return Fail(ErrorCode::kInvalidInput, "CycloneDX document has no vulnerabilities array");
  }
  size_t index = 0;
  for (js::Element element : *vulnerabilities) {
    ++index;
    if (index > kMaxVexStatements) {
      return Fail(ErrorCode::kLimitExceeded, "more than {} VEX statements", kMaxVexStatements);
    }
    SCRY_TRY(auto object, js::RequiredObject(element, fmt::format("vulnerability {}", index)));
    auto analysis = js::OptionalObject(object, "analysis");
    if (!analysis) continue;
    auto state = js::OptionalString(*analysis, "state");
    if (!state) continue;
    VexStatement statement;
    statement.index = index;
    if (auto id = js::OptionalString(object, "id")) AddUnique(statement.vulnerability_ids, *id);
    if (auto references = js::OptionalArray(object, "references")) {
      for (js::Element reference_element : *references) {
        js::Object reference;
        if (reference_element.get_object().get(reference) != simdjson::SUCCESS) continue;
        if (auto id = js::OptionalString(reference, "id")) {
          AddUnique(statement.vulnerability_ids, *id);
        }
      }
    }
    if (statement.vulnerability_ids.empty()) {
      return Fail(ErrorCode::kInvalidInput, "vulnerability {} has no id", index);
    }
    auto parsed = ParseCycloneDxState(*state);
    if (!parsed) {
      return Fail(ErrorCode::kInvalidInput, "vulnerability {} ({}): unknown analysis state \"{}\"",
                  index, statement.vulnerability_ids.front(), *state);
    }
    statement.status = *parsed;
    statement.original_status = std::string(*state);
    statement.justification = ToString(js::OptionalString(*analysis, "justification"));
    statement.detail = ToString(js::OptionalString(*analysis, "detail"));
    statement.timestamp = ToString(js::OptionalString(*analysis, "lastUpdated"));
    if (statement.timestamp.empty()) statement.timestamp = document_time;
    if (auto affects = js::OptionalArray(object, "affects")) {
      for (js::Element affect_element : *affects) {
        js::Object affect;
        if (affect_element.get_object().get(affect) != simdjson::SUCCESS) continue;
        auto ref = js::OptionalString(affect, "ref");
        if (!ref) continue;
        std::string_view value = *ref;
        // A BOM-Link ("urn:cdx:serial/version#bom-ref") names a component of another BOM.
        if (size_t hash = value.find('#'); value.substr(0, 8) == "urn:cdx:" && hash != value.npos) {
          value = value.substr(hash + 1);
        }
        if (auto found = bom_refs.find(std::string(value)); found != bom_refs.end()) {
          AddUnique(statement.purls, found->second);
        } else if (value.substr(0, 4) == "pkg:") {
          AddUnique(statement.purls, value);
        }
      }
    }
    out.statements.push_back(std::move(statement));
  }
  return out;
}

Result<VexDocument> ParseVex(std::string_view text) {
  js::Parser parser;
  SCRY_TRY(auto root_element, parser.Parse(text));
  SCRY_TRY(auto root, js::RequiredObject(root_element, "VEX document"));
  if (js::OptionalString(root, "bomFormat")) return ParseCycloneDxVex(text);
  if (auto context = js::OptionalString(root, "@context");
      context && context->find("openvex") != std::string_view::npos) {
    return ParseOpenVex(text);
  }
  return Fail(ErrorCode::kUnsupported,
              "not a VEX document scry reads: neither OpenVEX (@context openvex) nor CycloneDX "
              "(bomFormat)");
}

}  // namespace scry::policy
