#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "scry/analyzer/analyzer.hpp"
#include "scry/analyzer/lang/rust/binary/rust_binary_parser.hpp"
#include "scry/base/byte_source.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::rust {
namespace {

// Exit status of a shell command; its output goes to the test log.
int Shell(const std::string& command) { return std::system(command.c_str()); }

// The dependency list of a small program as cargo-auditable's PARSING.md describes it: a root,
// a runtime dependency tree, and build-kind packages (a proc macro and its dependency).
constexpr std::string_view kAuditJson = R"({"packages":[
 {"name":"chrono","version":"0.4.19","source":"crates.io","dependencies":[4]},
 {"name":"myapp","version":"0.1.0","source":"local","dependencies":[0,2,3],"root":true},
 {"name":"smallvec","version":"1.6.0","source":"crates.io"},
 {"name":"serde_derive","version":"1.0.130","source":"crates.io","kind":"build","dependencies":[5]},
 {"name":"time","version":"0.1.44","source":"crates.io","kind":"runtime"},
 {"name":"proc-macro2","version":"1.0.32","source":"crates.io","kind":"build"}
]})";

class RustBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per test and process: ctest runs the tests of this fixture concurrently.
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("scry-rust-binary-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "main.c") << "int main(void) { return 0; }\n";
    std::ofstream(dir_ / "audit.json") << kAuditJson;
    ASSERT_EQ(Shell("cd " + dir_.string() + " && gcc -O1 -o plain main.c"), 0);
  }

  // `plain` with a .dep-v0 section holding `data_file`, as cargo-auditable's linker step adds it.
  std::filesystem::path WithSection(const std::string& data_file, const std::string& out) {
    std::string command = "cd " + dir_.string() + " && objcopy --add-section .dep-v0=" + data_file +
                          " --set-section-flags .dep-v0=noload,readonly plain " + out;
    EXPECT_EQ(Shell(command), 0) << command;
    return dir_ / out;
  }

  // Python's zlib, not ours, compresses: the test does not trust the code it tests.
  void Compress(const std::string& in, const std::string& out) {
    std::string command = "cd " + dir_.string() +
                          " && python3 -c 'import sys,zlib; sys.stdout.buffer.write(zlib.compress("
                          "open(sys.argv[1],\"rb\").read(), 9))' " +
                          in + " > " + out;
    ASSERT_EQ(Shell(command), 0);
  }

  Result<AnalysisResult> Analyze(const std::filesystem::path& path) {
    Registry registry;
    RegisterAllAnalyzers(registry);
    for (const auto& analyzer : registry.CreateAll({})) {
      if (analyzer->Type() != AnalyzerType::kRustBinary) continue;
      FileInfo info{"usr/bin/" + path.filename().string(), std::filesystem::file_size(path),
                    0100755};
      EXPECT_TRUE(analyzer->Required(info));
      Opener open = [path]() -> Result<std::shared_ptr<const ByteSource>> {
        SCRY_TRY(auto mapped, MappedFile::Open(path));
        return std::shared_ptr<const ByteSource>(std::move(mapped));
      };
      return analyzer->Analyze({info, open});
    }
    return Fail(ErrorCode::kInternal, "no rustbinary analyzer");
  }

  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

TEST_F(RustBinaryTest, RealElfWithAuditSection) {
  Compress("audit.json", "audit.z");
  auto path = WithSection("audit.z", "app");
  auto result = Analyze(path);
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  ASSERT_EQ(result->applications.size(), 1u);
  const model::Application& app = result->applications[0];
  EXPECT_EQ(app.type, "rustbinary");
  EXPECT_EQ(app.file_path, "usr/bin/app");
  EXPECT_TRUE(result->warnings.empty());
  std::map<std::string, const model::Package*> by_id;
  for (const model::Package& package : app.packages) by_id[package.id] = &package;
  // Build-kind packages (serde_derive, proc-macro2) are not in the binary.
  ASSERT_EQ(by_id.size(), 4u);
  ASSERT_TRUE(by_id.count("myapp@0.1.0"));
  const model::Package& root = *by_id["myapp@0.1.0"];
  EXPECT_EQ(root.relationship, model::Relationship::kRoot);
  EXPECT_EQ(root.depends_on, (std::vector<std::string>{"chrono@0.4.19", "smallvec@1.6.0"}));
  EXPECT_EQ(by_id["chrono@0.4.19"]->relationship, model::Relationship::kDirect);
  EXPECT_EQ(by_id["chrono@0.4.19"]->depends_on, std::vector<std::string>{"time@0.1.44"});
  EXPECT_EQ(by_id["smallvec@1.6.0"]->relationship, model::Relationship::kDirect);
  EXPECT_EQ(by_id["smallvec@1.6.0"]->purl, "pkg:cargo/smallvec@1.6.0");
  EXPECT_EQ(by_id["time@0.1.44"]->relationship, model::Relationship::kIndirect);
}

// The same data in a PE32+ (section .dep-v0, linked by GNU ld's PE emulation) and in a Mach-O
// (section __DATA,__dep_v0 placed by the compiler, linked by lld), as cargo-auditable emits them.
TEST_F(RustBinaryTest, PeAndMachO) {
  Compress("audit.json", "audit.z");
  ASSERT_EQ(Shell("cd " + dir_.string() +
                  " && gcc -c main.c -o main.o && objcopy -O pe-x86-64 -R .comment"
                  " --add-section .dep-v0=audit.z main.o main.pe.o"
                  " && ld -m i386pep -e main -o app.exe main.pe.o"),
            0);
  ASSERT_EQ(Shell("cd " + dir_.string() +
                  " && python3 -c 'import sys; d = open(\"audit.z\", \"rb\").read(); "
                  "print(\"__attribute__((section(\\\"__DATA,__dep_v0\\\"), used)) static "
                  "const unsigned char dep[] = {\" + \",\".join(map(str, d)) + \"};\")' "
                  "> macho.c && echo 'int main(void) { return 0; }' >> macho.c"
                  " && clang-14 -target x86_64-apple-macos11 -c macho.c -o macho.o"
                  " && ld64.lld-14 -arch x86_64 -platform_version macos 11.0 11.0 -e _main"
                  " -o app.macho macho.o"),
            0);
  for (const char* name : {"app.exe", "app.macho"}) {
    SCOPED_TRACE(name);
    auto result = Analyze(dir_ / name);
    ASSERT_TRUE(result.has_value()) << result.error().ToString();
    ASSERT_EQ(result->applications.size(), 1u);
    std::set<std::string> ids;
    for (const model::Package& package : result->applications[0].packages) {
      ids.insert(package.id);
    }
    EXPECT_EQ(ids, (std::set<std::string>{"chrono@0.4.19", "myapp@0.1.0", "smallvec@1.6.0",
                                          "time@0.1.44"}));
  }
}

TEST_F(RustBinaryTest, NoSectionMeansNoApplication) {
  auto result = Analyze(dir_ / "plain");
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->applications.empty());
}

TEST_F(RustBinaryTest, CorruptSectionIsAnError) {
  std::ofstream(dir_ / "garbage") << "this is not zlib data at all";
  auto result = Analyze(WithSection("garbage", "corrupt"));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(result.error().ToString().find(".dep-v0"), std::string::npos);

  // zlib that is fine but truncated, and zlib around something that is not the JSON.
  Compress("audit.json", "audit.z");
  ASSERT_EQ(Shell("cd " + dir_.string() + " && head -c 60 audit.z > short.z"), 0);
  auto truncated = Analyze(WithSection("short.z", "truncated"));
  ASSERT_FALSE(truncated.has_value());
  EXPECT_NE(truncated.error().ToString().find("truncated"), std::string::npos)
      << truncated.error().ToString();
  std::ofstream(dir_ / "array.json") << R"({"packages": 5})";
  Compress("array.json", "array.z");
  auto wrong = Analyze(WithSection("array.z", "wrong"));
  ASSERT_FALSE(wrong.has_value());
  EXPECT_NE(wrong.error().ToString().find("packages"), std::string::npos);
}

TEST_F(RustBinaryTest, ZlibBombIsRefused) {
  // 64 MiB of spaces compress to ~64 KiB; the section may inflate to 8 MiB only.
  ASSERT_EQ(Shell("cd " + dir_.string() +
                  " && python3 -c 'import sys,zlib; sys.stdout.buffer.write(zlib.compress(b\" \" "
                  "* (64 << 20), 9))' > bomb.z"),
            0);
  auto result = Analyze(WithSection("bomb.z", "bomb"));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kLimitExceeded);
}

TEST(RustAuditJsonTest, WrongTypesAreWarnings) {
  auto parsed = ParseRustAuditJson(R"({"packages":[
    {"name":"a","version":"1.0.0","root":true,"dependencies":[1, 7, "x", 2]},
    5,
    {"name":"b"},
    {"name":"a","version":"1.0.0"}]})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  ASSERT_EQ(parsed->application.packages.size(), 1u);
  EXPECT_EQ(parsed->application.packages[0].id, "a@1.0.0");
  EXPECT_EQ(parsed->application.packages[0].depends_on, std::vector<std::string>{});
  EXPECT_EQ(parsed->warnings.size(), 4u);
  EXPECT_FALSE(ParseRustAuditJson("[]").has_value());
  EXPECT_FALSE(ParseRustAuditJson("{").has_value());
  auto deep = ParseRustAuditJson(std::string(100000, '[') + std::string(100000, ']'));
  ASSERT_FALSE(deep.has_value());
  EXPECT_EQ(deep.error().code(), ErrorCode::kLimitExceeded);
}

TEST(InflateZlibTest, EmptyAndTruncated) {
  EXPECT_FALSE(InflateZlib({}, 100).has_value());
  const uint8_t header_only[] = {0x78, 0x9c};
  EXPECT_FALSE(InflateZlib(header_only, 100).has_value());
}

}  // namespace
}  // namespace scry::analyzer::lang::rust
