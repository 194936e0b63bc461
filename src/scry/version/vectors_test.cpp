// The generic runner for src/scry/version/<scheme>/testdata/<scheme>.txt, one file per scheme:
//
//   # comment
//   1.0 < 1.1             a comparison: "<", "=" or ">"
//   "1.0 as 2.0" = 1.0    versions with white space or '"' are quoted, with \" \\ \t \n escapes
//   invalid: 1..0         a version the scheme must refuse
//   not-transitive: 1-0.a a version left out of the transitivity check, because the reference
//                         implementation itself orders it inconsistently (say why in a comment)
//
// Every comparison is checked both ways (antisymmetry), every version against itself, and all
// versions of a file against each other for transitivity.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "golden.hpp"
#include "scry/version/scheme.hpp"

namespace scry::version {
namespace {

struct Comparison {
  std::string a;
  char op = '=';
  std::string b;
  int line = 0;
};

struct VectorFile {
  std::vector<Comparison> comparisons;
  std::vector<std::pair<std::string, int>> invalid;
  std::set<std::string> not_transitive;
  std::vector<std::string> errors;  // malformed lines
};

// Reads one bare or quoted token from `line` at `pos`; nullopt on a malformed quote.
std::optional<std::string> ReadToken(const std::string& line, size_t& pos) {
  while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
  std::string out;
  if (pos < line.size() && line[pos] == '"') {
    for (++pos; pos < line.size(); ++pos) {
      char c = line[pos];
      if (c == '"') {
        ++pos;
        return out;
      }
      if (c == '\\' && pos + 1 < line.size()) {
        char e = line[++pos];
        out += e == 't' ? '\t' : (e == 'n' ? '\n' : e);
        continue;
      }
      out += c;
    }
    return std::nullopt;
  }
  while (pos < line.size() && line[pos] != ' ' && line[pos] != '\t') out += line[pos++];
  return out;
}

VectorFile ReadVectors(const std::string& content) {
  VectorFile file;
  size_t start = 0;
  int number = 0;
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string::npos) end = content.size();
    std::string line = content.substr(start, end - start);
    start = end + 1;
    ++number;
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    size_t pos = first;
    for (std::string_view directive : {"invalid:", "not-transitive:"}) {
      if (line.compare(first, directive.size(), directive) != 0) continue;
      pos = first + directive.size();
      auto token = ReadToken(line, pos);
      if (!token || line.find_first_not_of(" \t", pos) != std::string::npos) {
        file.errors.push_back("line " + std::to_string(number) + ": " + line);
      } else if (directive == "invalid:") {
        file.invalid.emplace_back(*token, number);
      } else {
        file.not_transitive.insert(*token);
      }
      pos = std::string::npos;
    }
    if (pos == std::string::npos) continue;
    auto a = ReadToken(line, pos);
    auto op = ReadToken(line, pos);
    auto b = ReadToken(line, pos);
    if (!a || !op || !b || a->empty() || b->empty() || op->size() != 1 ||
        std::string("<=>").find((*op)[0]) == std::string::npos ||
        line.find_first_not_of(" \t", pos) != std::string::npos) {
      file.errors.push_back("line " + std::to_string(number) + ": " + line);
      continue;
    }
    file.comparisons.push_back(Comparison{*a, (*op)[0], *b, number});
  }
  return file;
}

int Sign(int value) { return value < 0 ? -1 : (value > 0 ? 1 : 0); }
int OpSign(char op) { return op == '<' ? -1 : (op == '>' ? 1 : 0); }

class VectorsTest : public ::testing::TestWithParam<SchemeKind> {};

TEST_P(VectorsTest, FileHolds) {
  const Scheme& scheme = GetScheme(GetParam());
  ASSERT_EQ(scheme.kind(), GetParam());
  std::string name(SchemeKindName(GetParam()));
  std::filesystem::path path =
      std::filesystem::path(SCRY_MODULE_DIR) / name / "testdata" / (name + ".txt");
  VectorFile file = ReadVectors(testing::ReadTextFile(path));
  for (const auto& error : file.errors) ADD_FAILURE() << path.string() << ": malformed " << error;
  EXPECT_GE(file.comparisons.size(), 60u) << path.string();

  for (const auto& [text, line] : file.invalid) {
    auto parsed = scheme.Parse(text);
    EXPECT_FALSE(parsed.has_value())
        << path.string() << ":" << line << ": \"" << text << "\" parsed, expected invalid";
    if (!parsed) {
      EXPECT_TRUE(parsed.error().code() == ErrorCode::kInvalidInput ||
                  parsed.error().code() == ErrorCode::kLimitExceeded)
          << parsed.error().ToString();
    }
  }

  // Every distinct version, parsed once; its index in `versions`.
  std::vector<std::unique_ptr<ParsedVersion>> versions;
  std::map<std::string, size_t> index;
  auto parse = [&](const std::string& text, int line) -> std::optional<size_t> {
    if (auto it = index.find(text); it != index.end()) return it->second;
    auto parsed = scheme.Parse(text);
    if (!parsed) {
      ADD_FAILURE() << path.string() << ":" << line << ": " << parsed.error().ToString();
      return std::nullopt;
    }
    EXPECT_EQ((*parsed)->text(), text);
    versions.push_back(std::move(*parsed));
    index[text] = versions.size() - 1;
    return versions.size() - 1;
  };
  for (const auto& c : file.comparisons) {
    auto a = parse(c.a, c.line);
    auto b = parse(c.b, c.line);
    if (!a || !b) continue;
    int forward = Sign(scheme.Compare(*versions[*a], *versions[*b]));
    int backward = Sign(scheme.Compare(*versions[*b], *versions[*a]));
    EXPECT_EQ(forward, OpSign(c.op))
        << path.string() << ":" << c.line << ": " << c.a << " " << c.op << " " << c.b;
    EXPECT_EQ(backward, -forward) << path.string() << ":" << c.line << ": not antisymmetric";
    auto text_result = scheme.CompareText(c.a, c.b);
    ASSERT_TRUE(text_result.has_value());
    EXPECT_EQ(Sign(*text_result), forward);
  }

  // Reflexivity and transitivity over all versions of the file.
  size_t n = versions.size();
  std::vector<std::vector<int>> order(n, std::vector<int>(n));
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) order[i][j] = Sign(scheme.Compare(*versions[i], *versions[j]));
    EXPECT_EQ(order[i][i], 0) << versions[i]->text();
  }
  std::vector<bool> checked(n);
  for (size_t i = 0; i < n; ++i) checked[i] = !file.not_transitive.contains(versions[i]->text());
  int reported = 0;
  for (size_t i = 0; i < n && reported < 5; ++i) {
    for (size_t j = 0; j < n && reported < 5; ++j) {
      if (order[i][j] > 0 || !checked[i] || !checked[j]) continue;
      for (size_t k = 0; k < n && reported < 5; ++k) {
        if (order[j][k] > 0 || !checked[k]) continue;
        int expected = order[i][j] < 0 || order[j][k] < 0 ? -1 : 0;
        if (order[i][k] != expected) {
          ++reported;
          ADD_FAILURE() << "not transitive: " << versions[i]->text() << " / " << versions[j]->text()
                        << " / " << versions[k]->text();
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Schemes, VectorsTest,
                         ::testing::Values(SchemeKind::kGo, SchemeKind::kSemver, SchemeKind::kNpm,
                                           SchemeKind::kPep440, SchemeKind::kMaven,
                                           SchemeKind::kRubyGems, SchemeKind::kNuGet,
                                           SchemeKind::kComposer, SchemeKind::kDebian,
                                           SchemeKind::kRpm, SchemeKind::kApk),
                         [](const ::testing::TestParamInfo<SchemeKind>& param) {
                           return std::string(SchemeKindName(param.param));
                         });

TEST(SchemeTest, EveryKindHasItsOwnSchemeAndName) {
  std::map<std::string_view, int> names;
  for (auto kind :
       {SchemeKind::kGo, SchemeKind::kSemver, SchemeKind::kNpm, SchemeKind::kPep440,
        SchemeKind::kMaven, SchemeKind::kRubyGems, SchemeKind::kNuGet, SchemeKind::kComposer,
        SchemeKind::kDebian, SchemeKind::kRpm, SchemeKind::kApk}) {
    EXPECT_EQ(GetScheme(kind).kind(), kind);
    EXPECT_EQ(&GetScheme(kind), &GetScheme(kind));
    EXPECT_EQ(++names[SchemeKindName(kind)], 1) << SchemeKindName(kind);
  }
}

TEST(SchemeTest, LongVersionsHitTheLimit) {
  std::string long_version = "1." + std::string(5000, '1');
  for (auto kind :
       {SchemeKind::kGo, SchemeKind::kSemver, SchemeKind::kNpm, SchemeKind::kPep440,
        SchemeKind::kMaven, SchemeKind::kRubyGems, SchemeKind::kNuGet, SchemeKind::kComposer,
        SchemeKind::kDebian, SchemeKind::kRpm, SchemeKind::kApk}) {
    auto parsed = GetScheme(kind).Parse(long_version);
    ASSERT_FALSE(parsed.has_value()) << SchemeKindName(kind);
    EXPECT_EQ(parsed.error().code(), ErrorCode::kLimitExceeded);
  }
}

TEST(SchemeTest, CompareTextReportsTheInvalidSide) {
  auto result = GetScheme(SchemeKind::kSemver).CompareText("1.0.0", "one");
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message().find("\"one\""), std::string::npos)
      << result.error().message();
}

}  // namespace
}  // namespace scry::version
