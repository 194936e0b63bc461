#include "scry/analyzer/lang/toml_limits.hpp"

#include "scry/base/limits.hpp"

namespace scry::analyzer::lang {

// Depth as toml++ will build it: open '[' and '{' plus the dots of the key being read, outside
// strings and comments. Floats ("1.5") count one dot, which is harmless.
Status CheckTomlDepth(std::string_view text, std::string_view what) {
  int brackets = 0;
  int dots = 0;
  size_t i = 0;
  auto too_deep = [&] {
    return Fail(ErrorCode::kLimitExceeded, "{} nests deeper than {} levels", what,
                limits::kMaxTomlDepth);
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '"' || c == '\'') {
      bool multi = text.substr(i, 3) == std::string_view(c == '"' ? "\"\"\"" : "'''");
      size_t j = i + (multi ? 3 : 1);
      while (j < text.size()) {
        if (c == '"' && text[j] == '\\') {
          j += 2;
          continue;
        }
        if (text[j] == c && (!multi || text.substr(j, 3) == text.substr(i, 3))) break;
        if (!multi && text[j] == '\n') break;
        ++j;
      }
      i = j + (multi ? 3 : 1);
      continue;
    }
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (c == '[' || c == '{') {
      if (++brackets > limits::kMaxTomlDepth) return too_deep();
      dots = 0;
    } else if (c == ']' || c == '}') {
      if (brackets > 0) --brackets;
      dots = 0;
    } else if (c == '.') {
      if (++dots > limits::kMaxTomlDepth) return too_deep();
    } else if (c == '=' || c == ',' || c == '\n') {
      dots = 0;
    }
    ++i;
  }
  return Ok();
}

std::string_view TomlTypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date/time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

}  // namespace scry::analyzer::lang
