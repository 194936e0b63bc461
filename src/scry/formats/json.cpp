#include "scry/formats/json.hpp"

namespace scry::formats::json {

Result<Element> Parser::Parse(std::string_view text) {
  if (text.size() > kMaxCapacity) {
    return Fail(ErrorCode::kLimitExceeded, "JSON document of {} bytes exceeds {} bytes",
                text.size(), kMaxCapacity);
  }
  if (allocation_error_) {
    return Fail(ErrorCode::kInternal, "JSON parser allocation failed: {}",
                simdjson::error_message(allocation_error_));
  }
  // simdjson copies the input with memcpy, which must not see the null pointer an empty view (e.g.
  // of an empty file) may have.
  if (text.data() == nullptr) text = std::string_view("", 0);
  Element root;
  auto error = parser_.parse(text.data(), text.size(), true).get(root);
  if (error == simdjson::DEPTH_ERROR) {
    return Fail(ErrorCode::kLimitExceeded, "JSON nested deeper than {} levels",
                parser_.max_depth());
  }
  if (error)
    return Fail(ErrorCode::kInvalidInput, "invalid JSON: {}", simdjson::error_message(error));
  return root;
}

Result<Object> RequiredObject(Element element, std::string_view what) {
  Object object;
  if (element.get(object)) return Fail(ErrorCode::kInvalidInput, "{} is not a JSON object", what);
  return object;
}

Result<std::string_view> RequiredString(Object object, std::string_view key) {
  std::string_view value;
  if (object[key].get(value)) {
    return Fail(ErrorCode::kInvalidInput, "field \"{}\" is missing or not a string", key);
  }
  return value;
}

std::optional<std::string_view> OptionalString(Object object, std::string_view key) {
  std::string_view value;
  if (object[key].get(value)) return std::nullopt;
  return value;
}

std::optional<Object> OptionalObject(Object object, std::string_view key) {
  Object value;
  if (object[key].get(value)) return std::nullopt;
  return value;
}

std::optional<Array> OptionalArray(Object object, std::string_view key) {
  Array value;
  if (object[key].get(value)) return std::nullopt;
  return value;
}

std::optional<bool> OptionalBool(Object object, std::string_view key) {
  bool value = false;
  if (object[key].get(value)) return std::nullopt;
  return value;
}

std::optional<double> OptionalNumber(Object object, std::string_view key) {
  Element element;
  if (object[key].get(element)) return std::nullopt;
  double value = 0;
  if (!element.get(value)) return value;
  int64_t integer = 0;
  if (!element.get(integer)) return static_cast<double>(integer);
  uint64_t unsigned_integer = 0;
  if (!element.get(unsigned_integer)) return static_cast<double>(unsigned_integer);
  return std::nullopt;
}

std::vector<std::string> StringArray(Object object, std::string_view key) {
  std::vector<std::string> values;
  auto array = OptionalArray(object, key);
  if (!array) return values;
  for (Element element : *array) {
    std::string_view value;
    if (!element.get(value)) values.emplace_back(value);
  }
  return values;
}

}  // namespace scry::formats::json
