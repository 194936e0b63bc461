// Differential tests: seeded random versions ordered by scry and by the reference tools on this
// machine, dpkg --compare-versions (Debian) and rpm's rpm.vercmp (rpm 4.18, the rpm package of
// scripts/install-deps). A test skips itself when its tool is missing. Each runs the tool in
// batches (a shell loop, one lua chunk), not once per pair from C++, and stays under ~20 s.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "scry/version/scheme.hpp"

namespace scry::version {
namespace {

// SplitMix64: the same sequence on every platform and standard library.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n) for test data.
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  bool Chance(size_t percent) { return Below(100) < percent; }
  char Pick(std::string_view chars) { return chars[Below(chars.size())]; }

 private:
  uint64_t state_;
};

std::string Digits(Random& random) {
  std::string out;
  size_t n = random.Chance(10) ? 15 + random.Below(30) : 1 + random.Below(3);
  if (random.Chance(15)) out += '0';  // leading zeros
  for (size_t i = 0; i < n; ++i) out += random.Pick("0123456789");
  return out;
}

// A run of segments from `letters`, digits and `separators`.
std::string Segments(Random& random, std::string_view letters, std::string_view separators,
                     size_t max) {
  std::string out;
  size_t n = random.Below(max + 1);
  for (size_t i = 0; i < n; ++i) {
    switch (random.Below(3)) {
      case 0:
        out += Digits(random);
        break;
      case 1:
        for (size_t k = 1 + random.Below(3); k > 0; --k) out += random.Pick(letters);
        break;
      default:
        out += random.Pick(separators);
    }
  }
  return out;
}

// Small edits keep many pairs equal up to a late position, where the interesting rules apply.
std::string Mutate(Random& random, std::string text, std::string_view alphabet) {
  size_t edits = 1 + random.Below(2);
  for (size_t e = 0; e < edits; ++e) {
    size_t pos = random.Below(text.size() + 1);
    switch (random.Below(4)) {
      case 0:
        text.insert(pos, 1, random.Pick(alphabet));
        break;
      case 1:
        if (pos < text.size()) text.erase(pos, 1);
        break;
      case 2:
        if (pos < text.size()) text[pos] = random.Pick(alphabet);
        break;
      default:
        text += random.Pick(alphabet);
    }
  }
  return text;
}

// A Debian version dpkg accepts (possibly with a warning).
std::string DebianVersion(Random& random) {
  bool epoch = random.Chance(25);
  bool revision = random.Chance(60);
  std::string out;
  if (epoch) out += std::to_string(random.Below(random.Chance(50) ? 3 : 100000)) + ":";
  // dpkg only warns about an upstream version that does not start with a digit.
  out += random.Chance(95) ? std::string(1, random.Pick("0123456789")) : "~a";
  std::string separators = ".+~~";
  if (epoch) separators += ':';
  if (revision) separators += '-';
  if (random.Chance(5)) separators += "_!";  // dpkg warns, but orders them
  out += Segments(random, "abcxyzABZ", separators, 6);
  if (revision) {
    std::string rev = Segments(random, "abuntuAZ", ".+~", 4);
    out += "-" + (rev.empty() ? "1" : rev);
  }
  return out;
}

std::string RpmVersion(Random& random) {
  std::string out;
  if (random.Chance(20)) out += random.Chance(10) ? ":" : std::to_string(random.Below(20)) + ":";
  out += Segments(random, "abcxyzAZ", "._+~~^^-", 7);
  if (random.Chance(50)) out += "-" + Segments(random, "elfcAZ", "._~^", 4);
  if (out.empty() || out == ":") out += "1";
  return out;
}

// A fresh directory under the system temp directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "scry-version-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

bool HasTool(const std::string& name) {
  return std::system(("command -v " + name + " > /dev/null 2>&1").c_str()) == 0;
}

std::vector<std::string> ReadLines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();  // rpm --eval adds a newline
  return lines;
}

char SignChar(int c) { return c < 0 ? '<' : (c > 0 ? '>' : '='); }

using Pairs = std::vector<std::pair<std::string, std::string>>;

// Compares scry's order of every pair with the tool's answers ('<', '=', '>' per line).
void CheckAgainst(SchemeKind kind, const Pairs& pairs, const std::vector<std::string>& answers,
                  const char* tool) {
  ASSERT_EQ(answers.size(), pairs.size()) << tool << " gave fewer answers than pairs";
  // The generators must exercise all three outcomes, or the test proves little.
  std::map<std::string, size_t> outcomes;
  for (const auto& answer : answers) ++outcomes[answer];
  for (const char* outcome : {"<", "=", ">"}) {
    EXPECT_GE(outcomes[outcome] * 50, pairs.size()) << tool << ": too few " << outcome << " pairs";
  }
  const Scheme& scheme = GetScheme(kind);
  int failures = 0;
  for (size_t i = 0; i < pairs.size() && failures < 20; ++i) {
    const auto& [a, b] = pairs[i];
    auto result = scheme.CompareText(a, b);
    if (!result) {
      ++failures;
      ADD_FAILURE() << result.error().ToString();
      continue;
    }
    if (answers[i].size() != 1 || answers[i][0] != SignChar(*result)) {
      ++failures;
      ADD_FAILURE() << tool << " orders \"" << a << "\" " << answers[i] << " \"" << b << "\", scry "
                    << SignChar(*result);
    }
  }
}

TEST(DifferentialTest, DebianMatchesDpkg) {
  if (!HasTool("dpkg")) GTEST_SKIP() << "dpkg not installed";
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  Random random(20240601);
  constexpr size_t kPairs = 4000;
  Pairs pairs;
  for (size_t i = 0; i < kPairs; ++i) {
    std::string a = DebianVersion(random);
    std::string b = random.Chance(50) ? DebianVersion(random) : a;
    // Mutations stay inside dpkg's grammar: they re-roll until scry (strict on errors) accepts.
    if (a == b || random.Chance(30)) {
      for (int tries = 0; tries < 20; ++tries) {
        std::string candidate = Mutate(random, a, "0123456789az~.+Z_");
        if (GetScheme(SchemeKind::kDebian).Parse(candidate)) {
          b = candidate;
          break;
        }
      }
    }
    pairs.emplace_back(a, b);
  }
  // Two shell loops in parallel, one per half: dpkg costs ~2 ms a run.
  std::string d = dir.path().string();
  for (int part = 0; part < 2; ++part) {
    std::ofstream out(dir.path() / ("in" + std::to_string(part)));
    for (size_t i = static_cast<size_t>(part); i < pairs.size(); i += 2) {
      out << pairs[i].first << ' ' << pairs[i].second << '\n';
    }
  }
  // Exit status 1 is "false"; anything else is an error (E), which no pair should cause.
  auto loop = [&d](int part) {
    std::string n = std::to_string(part);
    return "while read -r a b; do "
           "dpkg --compare-versions \"$a\" lt \"$b\" 2>/dev/null; r=$?; "
           "if [ $r -eq 0 ]; then echo '<'; elif [ $r -ne 1 ]; then echo E; "
           "elif dpkg --compare-versions \"$a\" gt \"$b\" 2>/dev/null; then echo '>'; "
           "else echo '='; fi; done < '" +
           d + "/in" + n + "' > '" + d + "/out" + n + "'";
  };
  std::ofstream(dir.path() / "run.sh") << "(" << loop(0) << ") &\n(" << loop(1) << ") &\nwait\n";
  ASSERT_EQ(std::system(("sh '" + d + "/run.sh'").c_str()), 0);
  auto out0 = ReadLines(dir.path() / "out0");
  auto out1 = ReadLines(dir.path() / "out1");
  std::vector<std::string> answers;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const auto& half = i % 2 == 0 ? out0 : out1;
    answers.push_back(i / 2 < half.size() ? half[i / 2] : "?");
  }
  CheckAgainst(SchemeKind::kDebian, pairs, answers, "dpkg");
}

TEST(DifferentialTest, RpmMatchesRpmVercmp) {
  if (!HasTool("rpm")) GTEST_SKIP() << "rpm not installed (scripts/install-deps installs it)";
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  Random random(20240602);
  constexpr size_t kPairs = 20000;
  Pairs pairs;
  for (size_t i = 0; i < kPairs; ++i) {
    std::string a = RpmVersion(random);
    std::string b =
        random.Chance(40) ? RpmVersion(random) : Mutate(random, a, "0123456789azZ~^.-_+:");
    if (b.empty()) b = "0";
    pairs.emplace_back(a, b);
  }
  {
    std::ofstream out(dir.path() / "in");
    for (const auto& [a, b] : pairs) out << a << '\t' << b << '\n';
  }
  // One lua chunk reads every pair; no '%' in it, so no macro expansion gets in the way.
  std::string lua = "for line in io.lines('" + (dir.path() / "in").string() +
                    "') do local t = line:find('\\t', 1, true) "
                    "local c = rpm.vercmp(line:sub(1, t - 1), line:sub(t + 1)) "
                    "io.write(c < 0 and '<' or (c > 0 and '>' or '='), '\\n') end";
  std::ofstream(dir.path() / "chunk.lua") << "%{lua: " << lua << "}";
  std::string command = "rpm --eval \"$(cat '" + (dir.path() / "chunk.lua").string() + "')\" > '" +
                        (dir.path() / "out").string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  CheckAgainst(SchemeKind::kRpm, pairs, ReadLines(dir.path() / "out"), "rpm");
}

}  // namespace
}  // namespace scry::version
