#include "scry/binary/go/modinfo.hpp"

#include <cstdint>

#include "scry/base/strings.hpp"

namespace scry::binary::go {
namespace {

constexpr std::string_view kPathLine = "path\t";
constexpr std::string_view kModLine = "mod\t";
constexpr std::string_view kDepLine = "dep\t";
constexpr std::string_view kReplaceLine = "=>\t";
constexpr std::string_view kBuildLine = "build\t";

Result<Module> ParseModuleLine(std::string_view fields_text) {
  auto fields = strings::Split(fields_text, '\t');
  if (fields.size() != 2 && fields.size() != 3) {
    return Fail(ErrorCode::kInvalidInput, "module line has {} columns, expected 2 or 3",
                fields.size());
  }
  Module module;
  module.path = fields[0];
  module.version = fields[1];
  if (fields.size() == 3) module.sum = fields[2];
  return module;
}

void AppendUtf8(std::string& out, uint32_t code_point) {
  if (code_point > 0x10ffff || (code_point >= 0xd800 && code_point <= 0xdfff)) {
    code_point = 0xfffd;  // as Go does for invalid runes
  }
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xc0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xe0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The length of the Go string literal at the start of `text` (like strconv.QuotedPrefix), or
// nullopt when it does not start with a complete literal.
std::optional<size_t> QuotedPrefixLength(std::string_view text) {
  if (text.empty() || (text[0] != '"' && text[0] != '`')) return std::nullopt;
  char quote = text[0];
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] == quote) return i + 1;
    if (quote == '"' && text[i] == '\\') ++i;
    if (quote == '"' && i < text.size() && text[i] == '\n') return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> UnquoteGoString(std::string_view quoted) {
  if (quoted.size() < 2) return std::nullopt;
  char quote = quoted.front();
  if (quoted.back() != quote) return std::nullopt;
  std::string_view body = quoted.substr(1, quoted.size() - 2);
  if (quote == '`') {
    if (body.find('`') != std::string_view::npos) return std::nullopt;
    std::string out;
    for (char c : body) {
      if (c != '\r') out += c;  // raw strings drop carriage returns
    }
    return out;
  }
  if (quote != '"') return std::nullopt;
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '"' || c == '\n') return std::nullopt;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= body.size()) return std::nullopt;
    char escape = body[i];
    switch (escape) {
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      case 'x':
      case 'u':
      case 'U': {
        size_t digits = escape == 'x' ? 2 : escape == 'u' ? 4 : 8;
        if (body.size() - i - 1 < digits) return std::nullopt;
        uint32_t value = 0;
        for (size_t k = 1; k <= digits; ++k) {
          int digit = HexValue(body[i + k]);
          if (digit < 0) return std::nullopt;
          value = value * 16 + static_cast<uint32_t>(digit);
        }
        i += digits;
        if (escape == 'x') {
          out += static_cast<char>(value);
        } else {
          if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return std::nullopt;
          AppendUtf8(out, value);
        }
        break;
      }
      default: {
        // Octal \ooo: exactly three digits, value at most 255.
        if (escape < '0' || escape > '7' || body.size() - i < 3) return std::nullopt;
        uint32_t value = 0;
        for (size_t k = 0; k < 3; ++k) {
          char digit = body[i + k];
          if (digit < '0' || digit > '7') return std::nullopt;
          value = value * 8 + static_cast<uint32_t>(digit - '0');
        }
        if (value > 255) return std::nullopt;
        out += static_cast<char>(value);
        i += 2;
        break;
      }
    }
  }
  return out;
}

std::optional<std::vector<std::string>> SplitQuotedFields(std::string_view text) {
  std::vector<std::string> fields;
  size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) break;
    if (text[i] == '"' || text[i] == '\'') {
      char quote = text[i];
      size_t end = text.find(quote, i + 1);
      if (end == std::string_view::npos) return std::nullopt;
      fields.emplace_back(text.substr(i + 1, end - i - 1));
      i = end + 1;
      // Go's quoted.Split requires a quoted field to end at a space or the end of input.
      if (i < text.size() && !is_space(text[i])) return std::nullopt;
      continue;
    }
    size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    fields.emplace_back(text.substr(start, i - start));
  }
  return fields;
}

Result<ModInfo> ParseModInfo(std::string_view text) {
  ModInfo info;
  Module* last = nullptr;
  size_t line_number = 0;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    // A final line without a newline is ignored, as in runtime/debug.ParseBuildInfo.
    if (newline == std::string_view::npos) break;
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline + 1);
    ++line_number;
    auto fail = [&](std::string_view what) {
      return Fail(ErrorCode::kInvalidInput, "module info line {}: {}", line_number, what);
    };

    if (line.starts_with(kPathLine)) {
      info.path = line.substr(kPathLine.size());
    } else if (line.starts_with(kModLine)) {
      auto module = ParseModuleLine(line.substr(kModLine.size()));
      if (!module) return fail(module.error().message());
      info.main = std::move(*module);
      last = &*info.main;
    } else if (line.starts_with(kDepLine)) {
      auto module = ParseModuleLine(line.substr(kDepLine.size()));
      if (!module) return fail(module.error().message());
      info.deps.push_back(std::move(*module));
      last = &info.deps.back();
    } else if (line.starts_with(kReplaceLine)) {
      auto fields = strings::Split(line.substr(kReplaceLine.size()), '\t');
      if (fields.size() != 3) return fail("replacement line does not have 3 columns");
      if (last == nullptr) return fail("replacement with no module on the line before");
      last->replace =
          ModuleVersion{std::string(fields[0]), std::string(fields[1]), std::string(fields[2])};
      last = nullptr;
    } else if (line.starts_with(kBuildLine)) {
      std::string_view setting = line.substr(kBuildLine.size());
      if (setting.empty() || setting[0] == '=') return fail("build line without a key");
      std::string key;
      std::string_view raw_value;
      if (setting[0] == '"' || setting[0] == '`') {
        auto key_length = QuotedPrefixLength(setting);
        if (!key_length) return fail("build line with an invalid quoted key");
        auto unquoted = UnquoteGoString(setting.substr(0, *key_length));
        if (!unquoted) return fail("build line with an invalid quoted key");
        if (*key_length >= setting.size() || setting[*key_length] != '=') {
          return fail("build line without '=' after its quoted key");
        }
        key = std::move(*unquoted);
        raw_value = setting.substr(*key_length + 1);
      } else {
        auto cut = strings::Cut(setting, "=");
        if (!cut.found) return fail("build line without '='");
        key = cut.before;
        raw_value = cut.after;
      }
      std::string value(raw_value);
      if (!raw_value.empty() && (raw_value[0] == '"' || raw_value[0] == '`')) {
        auto unquoted = UnquoteGoString(raw_value);
        if (!unquoted) return fail("build line with an invalid quoted value");
        value = std::move(*unquoted);
      }
      info.settings.emplace_back(std::move(key), std::move(value));
    }
  }
  return info;
}

}  // namespace scry::binary::go
