#include "scry/osv/record.hpp"

#include "scry/formats/json.hpp"

namespace scry::osv {
namespace {

namespace json = formats::json;

std::vector<Severity> ParseSeverities(json::Object object) {
  std::vector<Severity> severities;
  auto array = json::OptionalArray(object, "severity");
  if (!array) return severities;
  for (json::Element element : *array) {
    json::Object entry;
    if (element.get(entry)) continue;
    auto type = json::OptionalString(entry, "type");
    auto score = json::OptionalString(entry, "score");
    if (type && score) severities.push_back({std::string(*type), std::string(*score)});
  }
  return severities;
}

Result<Range> ParseRange(json::Element element) {
  SCRY_TRY(json::Object object, json::RequiredObject(element, "range"));
  SCRY_TRY(std::string_view type, json::RequiredString(object, "type"));
  Range range;
  if (type == "SEMVER") {
    range.type = Range::Type::kSemver;
  } else if (type == "ECOSYSTEM") {
    range.type = Range::Type::kEcosystem;
  } else if (type == "GIT") {
    range.type = Range::Type::kGit;
  } else {
    return Fail(ErrorCode::kInvalidInput, "range type \"{}\" is not SEMVER, ECOSYSTEM or GIT",
                type);
  }
  auto events = json::OptionalArray(object, "events");
  if (!events) return Fail(ErrorCode::kInvalidInput, "range without \"events\"");
  range.events.reserve(events->size());
  for (json::Element event_element : *events) {
    SCRY_TRY(json::Object event, json::RequiredObject(event_element, "event"));
    size_t kinds = 0;
    for (auto [key, value] : event) {
      Event parsed;
      if (key == "introduced") {
        parsed.kind = Event::Kind::kIntroduced;
      } else if (key == "fixed") {
        parsed.kind = Event::Kind::kFixed;
      } else if (key == "last_affected") {
        parsed.kind = Event::Kind::kLastAffected;
      } else if (key == "limit") {
        parsed.kind = Event::Kind::kLimit;
      } else {
        continue;
      }
      std::string_view version;
      if (value.get(version)) {
        return Fail(ErrorCode::kInvalidInput, "event \"{}\" is not a string", key);
      }
      parsed.version = version;
      range.events.push_back(std::move(parsed));
      ++kinds;
    }
    if (kinds != 1) {
      return Fail(ErrorCode::kInvalidInput,
                  "an event must have exactly one of introduced, fixed, "
                  "last_affected or limit");
    }
  }
  return range;
}

std::vector<GoImport> ParseGoImports(json::Object affected, bool symbols) {
  std::vector<GoImport> imports;
  auto specific = json::OptionalObject(affected, "ecosystem_specific");
  if (!specific) return imports;
  auto array = json::OptionalArray(*specific, "imports");
  if (!array) return imports;
  for (json::Element element : *array) {
    json::Object entry;
    if (element.get(entry)) continue;
    GoImport import;
    import.path = json::OptionalString(entry, "path").value_or("");
    import.goos = json::StringArray(entry, "goos");
    import.goarch = json::StringArray(entry, "goarch");
    if (symbols) import.symbols = json::StringArray(entry, "symbols");
    imports.push_back(std::move(import));
  }
  return imports;
}

Result<Affected> ParseAffectedElement(json::Element element, bool symbols = true) {
  SCRY_TRY(json::Object object, json::RequiredObject(element, "affected entry"));
  Affected affected;
  auto package = json::OptionalObject(object, "package");
  if (package) {
    affected.ecosystem = json::OptionalString(*package, "ecosystem").value_or("");
    affected.name = json::OptionalString(*package, "name").value_or("");
    affected.purl = json::OptionalString(*package, "purl").value_or("");
  }
  if (auto ranges = json::OptionalArray(object, "ranges")) {
    affected.ranges.reserve(ranges->size());
    for (json::Element range : *ranges) {
      SCRY_TRY(Range parsed, ParseRange(range));
      affected.ranges.push_back(std::move(parsed));
    }
  }
  affected.versions = json::StringArray(object, "versions");
  affected.severity = ParseSeverities(object);
  affected.go_imports = ParseGoImports(object, symbols);
  if (auto specific = json::OptionalObject(object, "database_specific")) {
    affected.database_severity = json::OptionalString(*specific, "severity").value_or("");
    affected.status = json::OptionalString(*specific, "status").value_or("");
  }
  return affected;
}

}  // namespace

std::string_view EventKindName(Event::Kind kind) {
  switch (kind) {
    case Event::Kind::kIntroduced:
      return "introduced";
    case Event::Kind::kFixed:
      return "fixed";
    case Event::Kind::kLastAffected:
      return "last_affected";
    case Event::Kind::kLimit:
      return "limit";
  }
  return "introduced";
}

Result<Affected> ParseAffected(std::string_view text) {
  json::Parser parser;
  return ParseAffected(text, parser);
}

Result<Affected> ParseAffected(std::string_view text, json::Parser& parser, bool symbols) {
  SCRY_TRY(json::Element root, parser.Parse(text));
  return ParseAffectedElement(root, symbols);
}

Result<Record> ParseRecord(std::string_view text) {
  // Records are small; a fresh parser keeps this function pure and thread-safe.
  json::Parser parser;
  SCRY_TRY(json::Element root, parser.Parse(text));
  SCRY_TRY(json::Object object, json::RequiredObject(root, "OSV record"));
  Record record;
  SCRY_TRY(std::string_view id, json::RequiredString(object, "id"));
  if (id.empty()) return Fail(ErrorCode::kInvalidInput, "field \"id\" is empty");
  record.id = id;
  SCRY_TRY(std::string_view modified, json::RequiredString(object, "modified"));
  record.modified = modified;
  record.published = json::OptionalString(object, "published").value_or("");
  record.withdrawn = json::OptionalString(object, "withdrawn").value_or("");
  record.aliases = json::StringArray(object, "aliases");
  record.related = json::StringArray(object, "related");
  record.summary = json::OptionalString(object, "summary").value_or("");
  record.details = json::OptionalString(object, "details").value_or("");
  record.severity = ParseSeverities(object);
  if (auto affected = json::OptionalArray(object, "affected")) {
    for (json::Element element : *affected) {
      auto parsed = ParseAffectedElement(element);
      if (!parsed) {
        return tl::unexpected(std::move(parsed.error()).Wrap("record " + record.id));
      }
      record.affected.push_back(std::move(*parsed));
    }
  }
  if (auto references = json::OptionalArray(object, "references")) {
    for (json::Element element : *references) {
      json::Object reference;
      if (element.get(reference)) continue;
      auto url = json::OptionalString(reference, "url");
      if (!url) continue;
      record.references.push_back(
          {std::string(json::OptionalString(reference, "type").value_or("")), std::string(*url)});
    }
  }
  if (auto specific = json::OptionalObject(object, "database_specific")) {
    record.cwe_ids = json::StringArray(*specific, "cwe_ids");
    record.database_severity = json::OptionalString(*specific, "severity").value_or("");
    record.source_url = json::OptionalString(*specific, "url").value_or("");
  }
  return record;
}

}  // namespace scry::osv
