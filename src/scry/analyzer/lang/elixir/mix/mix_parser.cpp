#include "scry/analyzer/lang/elixir/mix/mix_parser.hpp"

#include <fmt/format.h>

#include <unordered_map>
#include <utility>

#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::elixir {
namespace {

bool IsWordStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsWordChar(char c) { return IsWordStart(c) || (c >= '0' && c <= '9') || c == '@' || c == '.'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class TermParser {
 public:
  explicit TermParser(std::string_view text) : text_(text) {}

  Result<Term> ParseDocument() {
    SkipSpace();
    SCRY_TRY(Term term, ParseValue(0));
    SkipSpace();
    if (pos_ != text_.size()) return Error("unexpected text after the term");
    return term;
  }

 private:
  tl::unexpected<scry::Error> Error(std::string_view what) const {
    return Fail(ErrorCode::kInvalidInput, "line {}: {}", line_, what);
  }

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  void Advance() {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }

  void SkipSpace() {
    while (!AtEnd()) {
      char c = Peek();
      if (c == '#') {
        while (!AtEnd() && Peek() != '\n') Advance();
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        Advance();
      } else {
        return;
      }
    }
  }

  Result<std::string> ParseQuoted(char quote) {
    Advance();  // the opening quote
    std::string out;
    while (true) {
      if (AtEnd()) return Error("unterminated string");
      char c = Peek();
      if (c == quote) {
        Advance();
        return out;
      }
      if (c == '\\') {
        Advance();
        if (AtEnd()) return Error("unterminated string");
        char escaped = Peek();
        switch (escaped) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case 'r':
            out += '\r';
            break;
          default:
            out += escaped;
        }
        Advance();
        continue;
      }
      out += c;
      Advance();
    }
  }

  std::string ParseWord() {
    size_t start = pos_;
    while (!AtEnd() && IsWordChar(Peek())) Advance();
    if (!AtEnd() && (Peek() == '?' || Peek() == '!')) Advance();
    return std::string(text_.substr(start, pos_ - start));
  }

  // A keyword key ("word:" or "\"text\":" followed by whitespace) at the current position, or
  // nullopt (position unchanged) when the next value is not one.
  Result<std::optional<Term>> TryKeywordKey() {
    size_t save_pos = pos_;
    size_t save_line = line_;
    Term key;
    key.kind = Term::Kind::kAtom;
    key.line = line_;
    if (Peek() == '"') {
      SCRY_TRY(key.text, ParseQuoted('"'));
    } else if (IsWordStart(Peek())) {
      key.text = ParseWord();
    } else {
      return std::optional<Term>();
    }
    if (Peek() == ':' &&
        (Peek(1) == ' ' || Peek(1) == '\n' || Peek(1) == '\t' || Peek(1) == '\r')) {
      Advance();
      return std::optional<Term>(std::move(key));
    }
    pos_ = save_pos;
    line_ = save_line;
    return std::optional<Term>();
  }

  // Elements up to `close`, separated by commas (a trailing comma allowed). In lists and maps
  // `keywords` reads "key: value" entries (as {key, value} tuples in lists, key and value in
  // maps); maps also take "key => value".
  Result<std::vector<Term>> ParseSequence(char close, int depth, bool keywords, bool map) {
    std::vector<Term> items;
    while (true) {
      SkipSpace();
      if (AtEnd()) return Error(fmt::format("missing '{}'", close));
      if (Peek() == close) {
        Advance();
        return items;
      }
      std::optional<Term> key;
      if (keywords) {
        SCRY_TRY(key, TryKeywordKey());
      }
      if (key) {
        SkipSpace();
        SCRY_TRY(Term value, ParseValue(depth + 1));
        if (map) {
          items.push_back(std::move(*key));
          items.push_back(std::move(value));
        } else {
          Term pair;
          pair.kind = Term::Kind::kTuple;
          pair.line = key->line;
          pair.items.push_back(std::move(*key));
          pair.items.push_back(std::move(value));
          items.push_back(std::move(pair));
        }
      } else {
        SCRY_TRY(Term value, ParseValue(depth + 1));
        if (map) {
          SkipSpace();
          if (Peek() != '=' || Peek(1) != '>') return Error("expected '=>' after a map key");
          Advance();
          Advance();
          SkipSpace();
          SCRY_TRY(Term mapped, ParseValue(depth + 1));
          items.push_back(std::move(value));
          items.push_back(std::move(mapped));
        } else {
          items.push_back(std::move(value));
        }
      }
      SkipSpace();
      if (Peek() == ',') {
        Advance();
      } else if (Peek() != close) {
        return Error(fmt::format("expected ',' or '{}'", close));
      }
    }
  }

  Result<Term> ParseValue(int depth) {
    if (depth >= limits::kMaxLockfileDepth) {
      return Fail(ErrorCode::kLimitExceeded, "line {}: terms nested deeper than {} levels", line_,
                  limits::kMaxLockfileDepth);
    }
    SkipSpace();
    if (AtEnd()) return Error("expected a term, found the end of the file");
    Term term;
    term.line = line_;
    char c = Peek();
    if (c == '%' && Peek(1) == '{') {
      Advance();
      Advance();
      term.kind = Term::Kind::kMap;
      SCRY_TRY(term.items, ParseSequence('}', depth, true, true));
    } else if (c == '{') {
      Advance();
      term.kind = Term::Kind::kTuple;
      SCRY_TRY(term.items, ParseSequence('}', depth, false, false));
    } else if (c == '[') {
      Advance();
      term.kind = Term::Kind::kList;
      SCRY_TRY(term.items, ParseSequence(']', depth, true, false));
    } else if (c == '"' || c == '\'') {
      term.kind = Term::Kind::kString;
      SCRY_TRY(term.text, ParseQuoted(c));
    } else if (c == ':' && Peek(1) == '"') {
      Advance();
      term.kind = Term::Kind::kAtom;
      SCRY_TRY(term.text, ParseQuoted('"'));
    } else if (c == ':' && IsWordStart(Peek(1))) {
      Advance();
      term.kind = Term::Kind::kAtom;
      term.text = ParseWord();
    } else if (IsWordStart(c)) {
      term.kind = Term::Kind::kAtom;  // true, false, nil and aliases
      term.text = ParseWord();
    } else if (IsDigit(c) || (c == '-' && IsDigit(Peek(1)))) {
      term.kind = Term::Kind::kNumber;
      size_t start = pos_;
      Advance();
      while (!AtEnd() &&
             (IsDigit(Peek()) || Peek() == '_' || Peek() == '.' || Peek() == 'e' || Peek() == 'x' ||
              (Peek() >= 'a' && Peek() <= 'f') || (Peek() >= 'A' && Peek() <= 'F'))) {
        Advance();
      }
      term.text = std::string(text_.substr(start, pos_ - start));
    } else {
      return Error(fmt::format("unexpected character '{}'", c));
    }
    return term;
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

const Term* Item(const Term& tuple, size_t index, Term::Kind kind) {
  if (index >= tuple.items.size() || tuple.items[index].kind != kind) return nullptr;
  return &tuple.items[index];
}

// The value of `key` in a keyword list, when it is a string or an atom.
std::optional<std::string> KeywordText(const Term* list, std::string_view key) {
  if (list == nullptr) return std::nullopt;
  for (const Term& entry : list->items) {
    if (entry.kind == Term::Kind::kTuple && entry.items.size() == 2 &&
        entry.items[0].kind == Term::Kind::kAtom && entry.items[0].text == key &&
        (entry.items[1].kind == Term::Kind::kString || entry.items[1].kind == Term::Kind::kAtom)) {
      return entry.items[1].text;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<Term> ParseElixirTerm(std::string_view text) { return TermParser(text).ParseDocument(); }

Result<LockfilePackages> ParseMixLock(std::string_view content) {
  LockfilePackages out;
  if (content.find_first_not_of(" \t\r\n") == std::string_view::npos) return out;
  auto parsed = ParseElixirTerm(content);
  if (!parsed) return tl::unexpected(std::move(parsed).error().Wrap("mix.lock"));
  const Term& root = *parsed;
  if (root.kind != Term::Kind::kMap) {
    return Fail(ErrorCode::kInvalidInput, "mix.lock is not a map term (%{...})");
  }

  struct Entry {
    std::string key;
    const Term* value;
    std::optional<model::Package> package;
  };
  std::vector<Entry> entries;
  std::unordered_map<std::string, size_t> by_key;
  for (size_t i = 0; i + 1 < root.items.size(); i += 2) {
    const Term& key = root.items[i];
    const Term& value = root.items[i + 1];
    if (key.kind != Term::Kind::kString && key.kind != Term::Kind::kAtom) {
      out.warnings.push_back(fmt::format("line {}: a key that is not a name; skipped", key.line));
      continue;
    }
    std::string where = fmt::format("\"{}\" (line {})", key.text, value.line);
    const Term* scm = Item(value, 0, Term::Kind::kAtom);
    if (value.kind != Term::Kind::kTuple || scm == nullptr) {
      out.warnings.push_back(where + " is not a {:hex, ...} or {:git, ...} tuple; skipped");
      continue;
    }
    model::Package package;
    if (scm->text == "hex") {
      const Term* name = Item(value, 1, Term::Kind::kAtom);
      const Term* version = Item(value, 2, Term::Kind::kString);
      if (name == nullptr || version == nullptr) {
        out.warnings.push_back(where + " has no :name and \"version\" after :hex; skipped");
        continue;
      }
      package.name = name->text;
      package.version = version->text;
      if (package.name != key.text) package.evidence["MixApp"] = key.text;
      const Term* repo = Item(value, 6, Term::Kind::kString);
      if (repo != nullptr && repo->text != "hexpm") package.evidence["HexRepository"] = repo->text;
    } else if (scm->text == "git") {
      package.name = key.text;
      const Term* url = Item(value, 1, Term::Kind::kString);
      const Term* revision = Item(value, 2, Term::Kind::kString);
      if (url != nullptr) package.evidence["MixGitUrl"] = url->text;
      if (revision != nullptr) package.evidence["MixGitRevision"] = revision->text;
      const Term* options = Item(value, 3, Term::Kind::kList);
      for (std::string_view ref : {"tag", "branch", "ref"}) {
        if (auto text = KeywordText(options, ref)) {
          package.evidence[fmt::format("MixGit{}{}", static_cast<char>(ref[0] - 'a' + 'A'),
                                       ref.substr(1))] = *text;
        }
      }
    } else {
      out.warnings.push_back(
          fmt::format("{} uses the unknown source :{}; skipped", where, scm->text));
      continue;
    }
    if (package.name.empty()) continue;
    model::SetIdentity(package, "hex");
    by_key.emplace(key.text, entries.size());
    entries.push_back({key.text, &value, std::move(package)});
  }

  for (Entry& entry : entries) {
    if (Item(*entry.value, 0, Term::Kind::kAtom)->text != "hex") continue;
    const Term* deps = Item(*entry.value, 5, Term::Kind::kList);
    if (deps == nullptr) continue;
    for (const Term& dep : deps->items) {
      const Term* app = Item(dep, 0, Term::Kind::kAtom);
      if (dep.kind != Term::Kind::kTuple || app == nullptr) continue;
      auto it = by_key.find(app->text);
      if (it != by_key.end()) entry.package->depends_on.push_back(entries[it->second].package->id);
    }
  }
  for (Entry& entry : entries) out.packages.push_back(std::move(*entry.package));
  MergeDuplicatePackages(out.packages);
  return out;
}

}  // namespace scry::analyzer::lang::elixir
