// Reading JSON with simdjson's DOM API, never with exceptions: a parser to reuse per thread and
// typed getters that turn a missing field or a wrong type into a Result or an optional.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"

namespace scry::formats::json {

using Element = simdjson::dom::element;
using Object = simdjson::dom::object;
using Array = simdjson::dom::array;

// One simdjson parser. Views returned by Parse (and every string_view taken from them) stay valid
// until the next Parse on the same object. Not thread-safe: use one per thread.
class Parser {
 public:
  // `max_depth` bounds nesting; deeper documents are rejected with kLimitExceeded.
  explicit Parser(size_t max_depth = 256) : parser_(kMaxCapacity) {
    allocation_error_ = parser_.allocate(kInitialCapacity, max_depth);
  }
  // kInvalidInput (with simdjson's reason) for malformed JSON; kLimitExceeded for documents
  // larger than kMaxCapacity or nested deeper than the limit.
  Result<Element> Parse(std::string_view text);

  static constexpr size_t kMaxCapacity = 256u << 20;

 private:
  static constexpr size_t kInitialCapacity = 64u << 10;
  simdjson::dom::parser parser_;
  simdjson::error_code allocation_error_ = simdjson::SUCCESS;
};

// Field getters. `Required*` fail with kInvalidInput naming the field when it is missing or of
// another type; the others give nullopt (or an empty list) in that case.
Result<Object> RequiredObject(Element element, std::string_view what);
Result<std::string_view> RequiredString(Object object, std::string_view key);
std::optional<std::string_view> OptionalString(Object object, std::string_view key);
std::optional<Object> OptionalObject(Object object, std::string_view key);
std::optional<Array> OptionalArray(Object object, std::string_view key);
std::optional<bool> OptionalBool(Object object, std::string_view key);
std::optional<double> OptionalNumber(Object object, std::string_view key);
// The strings of an array field; elements of other types are skipped.
std::vector<std::string> StringArray(Object object, std::string_view key);

}  // namespace scry::formats::json
