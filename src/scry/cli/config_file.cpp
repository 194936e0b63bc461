#include "scry/cli/config_file.hpp"

#include <set>

#include "scry/formats/yaml.hpp"

namespace scry::cli {

Result<std::vector<ConfigEntry>> ParseConfigFile(std::string_view text, std::string_view file) {
  auto document = formats::yaml::Parse(text);
  if (!document) return tl::unexpected(std::move(document.error()).Wrap(std::string(file)));
  using Kind = formats::yaml::Node::Kind;
  if (document->IsNull()) return std::vector<ConfigEntry>{};
  if (document->kind != Kind::kMapping) {
    return Fail(ErrorCode::kInvalidInput,
                "{}:{}: expected a mapping of flag names to values (severity: HIGH,CRITICAL)", file,
                document->line);
  }
  std::vector<ConfigEntry> out;
  std::set<std::string_view> seen;
  for (const auto& [key, value] : document->entries) {
    if (!seen.insert(key).second) {
      return Fail(ErrorCode::kInvalidInput, "{}:{}: {} is set twice", file, value.line, key);
    }
    ConfigEntry entry{key, {}, value.line};
    switch (value.kind) {
      case Kind::kScalar:
        entry.values.push_back(value.scalar);
        break;
      case Kind::kSequence:
        for (const auto& item : value.items) {
          if (item.kind != Kind::kScalar) {
            return Fail(ErrorCode::kInvalidInput, "{}:{}: {}: expected a list of plain values",
                        file, item.line, key);
          }
          entry.values.push_back(item.scalar);
        }
        if (entry.values.empty()) {
          return Fail(ErrorCode::kInvalidInput, "{}:{}: {}: the list is empty", file, value.line,
                      key);
        }
        break;
      case Kind::kMapping:
        return Fail(ErrorCode::kInvalidInput,
                    "{}:{}: {}: nested settings are not read; use the flag names at the top "
                    "level (skip-db-update: true)",
                    file, value.line, key);
      case Kind::kNull:
        return Fail(ErrorCode::kInvalidInput, "{}:{}: {} has no value", file, value.line, key);
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace scry::cli
