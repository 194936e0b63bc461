#include "scry/binary/go/pclntab.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "go_fixtures.hpp"
#include "scry/base/byte_source.hpp"
#include "scry/binary/go/pclntab_internal.hpp"

namespace scry::binary::go {
namespace {

namespace fs = std::filesystem;
using internal::ModuleCachePathOfFile;
using scry::testing::FindGoFixture;
using scry::testing::GoFixture;
using scry::testing::GoFixturePath;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::EndsWith;

// Fixtures: tools/make-go-fixtures' Go programs built with the local toolchain and esbuild
// releases from the npm registry (tools/fetch-npm-go-binaries); tests/support/go_fixtures.hpp.

std::vector<uint8_t> ReadBytes(const fs::path& path) {
  auto file = MappedFile::Open(path);
  if (!file) return {};
  Bytes bytes = (*file)->bytes();
  return {bytes.begin(), bytes.end()};
}

// Parses `bytes` (one executable, or the first slice) and recovers from its function table.
struct Recovered {
  std::optional<RecoveredGoBinary> binary;
  std::string error;
  std::optional<Executable> executable;
};

Recovered RecoverBytes(Bytes bytes) {
  Recovered out;
  auto executables = ParseExecutable(bytes);
  if (!executables) {
    out.error = "parse: " + executables.error().ToString();
    return out;
  }
  if (executables->empty()) {
    out.error = "no executable";
    return out;
  }
  out.executable = std::move(executables->front());
  auto result = RecoverFromPclntab(*out.executable);
  if (!result) {
    out.error = result.error().ToString();
  } else if (!*result) {
    out.error = "no Go function table";
  } else {
    out.binary = std::move(**result);
  }
  return out;
}

// The bytes of the section holding the table, copied (tests mutate them).
std::vector<uint8_t> TableBytes(const fs::path& path) {
  auto file = MappedFile::Open(path);
  if (!file) return {};
  auto executables = ParseExecutable((*file)->bytes());
  if (!executables || executables->empty()) return {};
  const Executable& executable = executables->front();
  const Section* section = executable.FindSection(".gopclntab");
  if (section == nullptr) return {};
  auto bytes = executable.ReadAt(section->address, section->file_size);
  if (!bytes) return {};
  return {bytes->begin(), bytes->end()};
}

// Pure helpers.

TEST(PclntabPackageTest, Names) {
  struct Case {
    std::string_view name;
    std::string_view package;
  };
  const Case cases[] = {
      {"main.main", "main"},
      {"runtime.morestack", "runtime"},
      {"github.com/a/b.(*T).M", "github.com/a/b"},
      {"github.com/a/b.T.M", "github.com/a/b"},
      {"github.com/a/b.F.func1", "github.com/a/b"},
      {"github.com/a/b.F.func1.2", "github.com/a/b"},
      {"github.com/a/b.F[...]", "github.com/a/b"},
      {"github.com/a/b.(*T[...]).M", "github.com/a/b"},
      {"github.com/a/b.F[go.shape.struct { x example.com/a.B }]", "github.com/a/b"},
      {"github.com/a/b.F[go.shape.*example.com/c/d.E]", "github.com/a/b"},
      {"sync/atomic.(*Int64).Add", "sync/atomic"},
      {"gopkg.in/yaml%2ev2.(*decoder).unmarshal", "gopkg.in/yaml%2ev2"},
      {"go.uber.org/zap.New", "go.uber.org/zap"},
      {"go.uber.org/zap/zapcore.(*Entry).Write", "go.uber.org/zap/zapcore"},
      {"vendor/golang.org/x/net/dns/dnsmessage.(*Parser).Start",
       "vendor/golang.org/x/net/dns/dnsmessage"},
      {"type:.eq.[2]string", ""},
      {"type:.eq.github.com/a/b.T", ""},
      {"type..eq.[2]string", ""},
      {"type..hash.github.com/a/b.T", ""},
      {"go.shape.int", ""},
      {"go.buildid", ""},
      {"go:buildid", ""},
      {"go.itab.*github.com/a/b.T,io.Reader", ""},
      {"go.(*struct { sync.Mutex; x example.com/a.B }).Lock", ""},
      {"gclocals·33cdeccccebe80329f1fdbee7f5874cb", ""},
      {"*github.com/a/b.T", ""},
      {"struct { F example.com/a.B }.M", ""},
      {"_rt0_amd64_linux", ""},
      {"x_cgo_init", ""},
      {"", ""},
      {".eq", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(PackageOfFunction(c.name), c.package) << c.name;
}

TEST(PclntabStdlibTest, Paths) {
  EXPECT_TRUE(IsStandardLibraryPackage("runtime"));
  EXPECT_TRUE(IsStandardLibraryPackage("net/http"));
  EXPECT_TRUE(IsStandardLibraryPackage("internal/abi"));
  EXPECT_TRUE(IsStandardLibraryPackage("vendor/golang.org/x/net/dns/dnsmessage"));
  EXPECT_TRUE(IsStandardLibraryPackage("cmd/vendor/golang.org/x/arch/x86/x86asm"));
  EXPECT_TRUE(IsStandardLibraryPackage("main"));
  EXPECT_FALSE(IsStandardLibraryPackage("github.com/pkg/errors"));
  EXPECT_FALSE(IsStandardLibraryPackage("golang.org/x/sys/unix"));
  EXPECT_FALSE(IsStandardLibraryPackage("example.com/app/vendor/github.com/pkg/errors"));
  EXPECT_FALSE(IsStandardLibraryPackage("go.uber.org/zap"));
}

TEST(PclntabModuleCacheTest, Roots) {
  auto root =
      ModuleCachePathOfFile("/root/go/pkg/mod/github.com/!burnt!sushi/toml@v1.2.0/decode.go");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->path, "github.com/BurntSushi/toml");
  EXPECT_EQ(root->version, "v1.2.0");
  root = ModuleCachePathOfFile("github.com/!burnt!sushi/toml@v1.2.0/internal/tz.go");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->path, "github.com/BurntSushi/toml");
  EXPECT_EQ(root->version, "v1.2.0");
  root = ModuleCachePathOfFile(
      "/Users/evan/go/pkg/mod/golang.org/x/sys@v0.0.0-20200501145240-bc7a7d42d5c3/unix/a.go");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->path, "golang.org/x/sys");
  EXPECT_EQ(root->version, "v0.0.0-20200501145240-bc7a7d42d5c3");
  root = ModuleCachePathOfFile(
      "C:\\Users\\u\\go\\pkg\\mod\\github.com\\a\\b@v2.0.1+incompatible\\b.go");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->path, "github.com/a/b");
  EXPECT_EQ(root->version, "v2.0.1+incompatible");
  root = ModuleCachePathOfFile("gopkg.in/yaml.v3@v3.0.0-20210107192922-496545a6307b/yaml.go");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->path, "gopkg.in/yaml.v3");
  EXPECT_EQ(root->version, "v3.0.0-20210107192922-496545a6307b");
  root = ModuleCachePathOfFile("github.com/a/b@v1.2.4-0.20191109021931-daa7c04131f5/x/y.go");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->version, "v1.2.4-0.20191109021931-daa7c04131f5");

  EXPECT_FALSE(ModuleCachePathOfFile("/usr/lib/go/src/runtime/proc.go"));
  EXPECT_FALSE(ModuleCachePathOfFile("example.com/app/main.go"));
  EXPECT_FALSE(ModuleCachePathOfFile("github.com/a/b@v1.2/x.go"));            // not canonical
  EXPECT_FALSE(ModuleCachePathOfFile("github.com/a/b@latest/x.go"));          // not a version
  EXPECT_FALSE(ModuleCachePathOfFile("github.com/a/b@v1.2.0+meta/x.go"));     // build metadata
  EXPECT_FALSE(ModuleCachePathOfFile("github.com/a/b@v1.2.0"));               // no file below
  EXPECT_FALSE(ModuleCachePathOfFile("/tmp/mc/github.com/a/b@v1.2.0/x.go"));  // root unknown
  EXPECT_FALSE(ModuleCachePathOfFile("mymodule@v1.0.0/x.go"));                // no domain
  EXPECT_FALSE(ModuleCachePathOfFile("github.com/a/b!@v1.0.0/x.go"));         // bad escape
}

TEST(PclntabSymbolPathTest, Unescape) {
  EXPECT_EQ(internal::UnescapeSymbolPath("gopkg.in/yaml%2ev2"), "gopkg.in/yaml.v2");
  EXPECT_EQ(internal::UnescapeSymbolPath("github.com/a/b"), "github.com/a/b");
  EXPECT_FALSE(internal::UnescapeSymbolPath("a%2"));
  EXPECT_FALSE(internal::UnescapeSymbolPath("a%zz"));
}

TEST(PclntabGoVersionTest, Syntax) {
  for (std::string_view good :
       {"go1.19.8", "go1.15", "go1.21rc2", "go1.9beta1", "go1.22.5 X:boringcrypto",
        "devel go1.23-abcdef Tue Jan 1 00:00:00 2024 +0000", "go1.2"}) {
    EXPECT_TRUE(internal::LooksLikeGoVersion(good)) << good;
  }
  for (std::string_view bad : {"go1.", "go1", "go2.0", "go1.19.", "go1.19x", "go1.21rc", "devel",
                               "go1.19\n", "go1.19.8\x01", "1.19.8"}) {
    EXPECT_FALSE(internal::LooksLikeGoVersion(bad)) << bad;
  }
  EXPECT_FALSE(internal::LooksLikeGoVersion("go1.2 " + std::string(200, 'x')));
}

// Builds a little-endian 64-bit image by hand: strings in "rodata", string headers in "data".
TEST(PclntabGoVersionTest, SearchPrefersReleasesThenReferencesThenAddress) {
  std::string rodata = "go1.21rc2go1.20.1devel go1.22-abc go1.19.3xgo1.18";
  std::vector<uint8_t> ro(rodata.begin(), rodata.end());
  auto header = [](std::vector<uint8_t>& out, uint64_t pointer, uint64_t length) {
    for (uint64_t value : {pointer, length}) {
      for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(value >> (8 * i)));
    }
  };
  constexpr uint64_t kRo = 0x1000;
  constexpr uint64_t kData = 0x2000;
  std::vector<uint8_t> data;
  header(data, kRo, 9);        // go1.21rc2
  header(data, kRo + 17, 16);  // devel go1.22-abc
  header(data, kRo + 9, 8);    // go1.20.1
  header(data, kRo + 34, 9);   // "go1.19.3x": not a version
  header(data, kRo + 43, 6);   // go1.18
  header(data, kRo + 43, 6);   // go1.18 again: more references than go1.20.1
  std::vector<internal::Region> data_regions = {{kData, data}};
  std::vector<internal::Region> readable = {{kRo, ro}, {kData, data}};
  EXPECT_EQ(internal::FindGoVersionInData(data_regions, readable, 8, Endian::kLittle), "go1.18");
  data.resize(data.size() - 16);
  data_regions = {{kData, data}};
  readable = {{kRo, ro}, {kData, data}};
  EXPECT_EQ(internal::FindGoVersionInData(data_regions, readable, 8, Endian::kLittle), "go1.20.1");
  data.resize(32);
  data_regions = {{kData, data}};
  readable = {{kRo, ro}, {kData, data}};
  EXPECT_EQ(internal::FindGoVersionInData(data_regions, readable, 8, Endian::kLittle), "go1.21rc2");
  // Misaligned headers are not string headers.
  std::vector<uint8_t> shifted(1, 0);
  shifted.insert(shifted.end(), data.begin(), data.end());
  data_regions = {{kData, shifted}};
  EXPECT_EQ(internal::FindGoVersionInData(data_regions, readable, 8, Endian::kLittle), "");
}

// Go 1.19 programs built by the local toolchain: tools/go-fixtures/deps (module
// example.com/depsapp with five vendored modules; on Windows without logrus and golang.org/x/sys).

struct GoVariant {
  std::string name;
  std::string fixture;  // path in the fixtures directory
  Format format;
  std::string architecture;
  bool trimpath = false;
};

void PrintTo(const GoVariant& variant, std::ostream* out) { *out << variant.name; }

const std::vector<GoVariant>& GoVariants() {
  static const std::vector<GoVariant> variants = {
      {"linux-amd64", "bin/deps-vendor", Format::kElf, "amd64"},
      {"linux-amd64-stripped", "bin/stripped.so", Format::kElf, "amd64"},
      {"linux-amd64-trimpath", "bin/deps-trimpath", Format::kElf, "amd64", true},
      {"linux-386", "bin/cross/linux-386", Format::kElf, "386"},
      {"linux-s390x-stripped", "bin/cross/linux-s390x-stripped", Format::kElf, "s390x"},
      {"windows-amd64", "bin/cross/windows-amd64.exe", Format::kPe, "amd64"},
      {"windows-386-stripped", "bin/cross/windows-386-stripped.exe", Format::kPe, "386"},
      {"darwin-amd64", "bin/cross/darwin-amd64", Format::kMachO, "amd64"},
      {"darwin-arm64-stripped", "bin/cross/darwin-arm64-stripped", Format::kMachO, "arm64"},
  };
  return variants;
}

class PclntabGoProgramTest : public ::testing::TestWithParam<GoVariant> {};

TEST_P(PclntabGoProgramTest, RecoversVersionPackagesAndMainFile) {
  const GoVariant& variant = GetParam();
  GoFixture fixture;
  ASSERT_TRUE(FindGoFixture(variant.fixture, &fixture));
  std::string expected_version = fixture.manifest.value("go_version", "");  // `go version -m`
  ASSERT_THAT(expected_version, ::testing::StartsWith("go1."));
  auto file = MappedFile::Open(fixture.path);
  ASSERT_TRUE(file) << fixture.path;
  Recovered recovered = RecoverBytes((*file)->bytes());
  ASSERT_TRUE(recovered.binary) << recovered.error;
  EXPECT_EQ(recovered.executable->format(), variant.format);
  EXPECT_EQ(recovered.executable->architecture(), variant.architecture);
  const RecoveredGoBinary& binary = *recovered.binary;
  EXPECT_EQ(binary.go_version, expected_version);
  EXPECT_EQ(binary.pclntab_version, PclntabVersion::kGo118);  // Debian 12's Go 1.19
  EXPECT_TRUE(binary.moduledata_found);
  EXPECT_NE(binary.pclntab_address, 0u);
  if (variant.format == Format::kPe) {
    EXPECT_THAT(binary.package_paths,
                ElementsAre("github.com/google/uuid", "github.com/pkg/errors",
                            "golang.org/x/text/internal/language",
                            "golang.org/x/text/internal/language/compact",
                            "golang.org/x/text/internal/tag", "golang.org/x/text/language"));
  } else {
    EXPECT_THAT(
        binary.package_paths,
        ElementsAre("github.com/google/uuid", "github.com/pkg/errors", "github.com/sirupsen/logrus",
                    "golang.org/x/sys/unix", "golang.org/x/text/internal/language",
                    "golang.org/x/text/internal/language/compact", "golang.org/x/text/internal/tag",
                    "golang.org/x/text/language"));
  }
  if (variant.trimpath) {
    EXPECT_EQ(binary.main_source_file, "example.com/depsapp/main.go");
    // Every vendored module, at the version its build info records.
    std::vector<ModuleCachePath> modules;
    for (const nlohmann::json& dependency :
         fixture.manifest.value("dependencies", nlohmann::json())) {
      modules.push_back({dependency.value("path", ""), dependency.value("version", "")});
    }
    std::sort(modules.begin(), modules.end());
    ASSERT_EQ(modules.size(), 5u);
    EXPECT_EQ(binary.module_cache_paths, modules);
  } else {
    EXPECT_THAT(binary.main_source_file, EndsWith("/deps/main.go"));
    EXPECT_EQ(binary.main_source_file.front(), '/');
    EXPECT_TRUE(binary.module_cache_paths.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Go119, PclntabGoProgramTest, ::testing::ValuesIn(GoVariants()),
                         [](const auto& param_info) {
                           std::string name = param_info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// Replaces every occurrence of `from` in `bytes` by `to` (same length); returns the count.
int ReplaceAll(std::vector<uint8_t>& bytes, std::string_view from, std::string_view to) {
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  int count = 0;
  for (size_t at = text.find(from); at != std::string_view::npos; at = text.find(from, at + 1)) {
    std::memcpy(bytes.data() + at, to.data(), to.size());
    ++count;
  }
  return count;
}

// ELF files of each layout and byte order. With symbols (deps-vendor) the table is found through
// runtime.pclntab; without, by the search.
std::vector<fs::path> SearchFixtures() {
  return {GoFixturePath("bin/deps-vendor"),
          GoFixturePath("bin/stripped.so"),
          GoFixturePath("bin/cross/linux-s390x-stripped"),
          GoFixturePath("npm/esbuild-linux-64-0.8.0"),
          GoFixturePath("npm/esbuild-linux-64-0.14.0"),
          GoFixturePath("npm/esbuild-linux-x64-0.28.2")};
}

// Without the section name the table is found by its symbol or its magic (confirmed through
// moduledata), at the same address and with the same contents.
TEST(PclntabSearchTest, FindsTableWithoutSectionName) {
  for (const fs::path& path : SearchFixtures()) {
    SCOPED_TRACE(path.string());
    std::vector<uint8_t> bytes = ReadBytes(path);
    Recovered original = RecoverBytes(bytes);
    ASSERT_TRUE(original.binary) << original.error;
    ASSERT_NE(original.executable->FindSection(".gopclntab"), nullptr);
    ASSERT_GE(ReplaceAll(bytes, std::string_view("\0.gopclntab\0", 12),
                         std::string_view("\0.xopclntab\0", 12)),
              1);
    Recovered renamed = RecoverBytes(bytes);
    ASSERT_TRUE(renamed.binary) << renamed.error;
    EXPECT_EQ(renamed.executable->FindSection(".gopclntab"), nullptr);
    EXPECT_EQ(renamed.binary->pclntab_address, original.binary->pclntab_address);
    EXPECT_TRUE(renamed.binary->moduledata_found);
    EXPECT_EQ(renamed.binary->pclntab_version, original.binary->pclntab_version);
    EXPECT_EQ(renamed.binary->go_version, original.binary->go_version);
    EXPECT_EQ(renamed.binary->package_paths, original.binary->package_paths);
    EXPECT_EQ(renamed.binary->main_source_file, original.binary->main_source_file);
    EXPECT_EQ(renamed.binary->module_cache_paths, original.binary->module_cache_paths);
  }
}

// ELF without section headers: the table is searched in the read-only PT_LOAD segment and the
// version in the writable one.
TEST(PclntabSearchTest, FindsTableInSegments) {
  for (const fs::path& path : SearchFixtures()) {
    SCOPED_TRACE(path.string());
    std::vector<uint8_t> bytes = ReadBytes(path);
    Recovered original = RecoverBytes(bytes);
    ASSERT_TRUE(original.binary) << original.error;
    ASSERT_GE(bytes.size(), 64u);
    ASSERT_EQ(bytes[4], 2);                                    // ELFCLASS64
    std::fill(bytes.begin() + 0x28, bytes.begin() + 0x30, 0);  // e_shoff
    std::fill(bytes.begin() + 0x3c, bytes.begin() + 0x40, 0);  // e_shnum, e_shstrndx
    Recovered stripped = RecoverBytes(bytes);
    ASSERT_TRUE(stripped.binary) << stripped.error;
    EXPECT_TRUE(stripped.executable->sections().empty());
    EXPECT_TRUE(stripped.binary->moduledata_found);
    EXPECT_EQ(stripped.binary->pclntab_address, original.binary->pclntab_address);
    EXPECT_EQ(stripped.binary->go_version, original.binary->go_version);
    EXPECT_EQ(stripped.binary->package_paths, original.binary->package_paths);
    EXPECT_EQ(stripped.binary->main_source_file, original.binary->main_source_file);
  }
}

// A table header nobody points at is not a function table (e.g. a copy inside some data file).
TEST(PclntabSearchTest, RequiresModuledata) {
  std::vector<uint8_t> bytes = ReadBytes(GoFixturePath("bin/stripped.so"));
  Recovered original = RecoverBytes(bytes);
  ASSERT_TRUE(original.binary) << original.error;
  EXPECT_TRUE(original.binary->moduledata_found);
  ASSERT_EQ(ReplaceAll(bytes, std::string_view("\0.gopclntab\0", 12),
                       std::string_view("\0.xopclntab\0", 12)),
            1);
  // moduledata begins with the table address; overwrite that pointer.
  uint64_t address = original.binary->pclntab_address;
  std::string pointer(8, '\0');
  for (int i = 0; i < 8; ++i)
    pointer[static_cast<size_t>(i)] = static_cast<char>(address >> (8 * i));
  ASSERT_GE(ReplaceAll(bytes, pointer, std::string(8, '\x01')), 1);
  Recovered orphan = RecoverBytes(bytes);
  EXPECT_FALSE(orphan.binary);
  EXPECT_EQ(orphan.error, "no Go function table");
}

TEST(PclntabSearchTest, NotGo) {
  std::vector<uint8_t> bytes = ReadBytes("/bin/true");
  ASSERT_FALSE(bytes.empty());
  Recovered recovered = RecoverBytes(bytes);
  EXPECT_FALSE(recovered.binary);
  EXPECT_EQ(recovered.error, "no Go function table");
}

// esbuild releases: real binaries of Go 1.14 to 1.26, some without build info.

struct EsbuildCase {
  std::string fixture;  // the release's binary in the fixtures directory
  std::string go_version;
  PclntabVersion layout;
  Format format;
  std::string main_file_suffix;
  std::string x_sys_version;  // golang.org/x/sys module root; empty when unused
  std::string parser_package = "github.com/evanw/esbuild/internal/js_parser";
};

const std::string kOldMain = "/esbuild/cmd/esbuild/main.go";  // built in a GOPATH checkout
const std::string kModuleMain = "github.com/evanw/esbuild/cmd/esbuild/main.go";
const std::string kSys2020 = "v0.0.0-20200501145240-bc7a7d42d5c3";
const std::string kSys2022 = "v0.0.0-20220715151400-c0bba94af5f8";

void PrintTo(const EsbuildCase& c, std::ostream* out) { *out << c.fixture; }

class PclntabEsbuildTest : public ::testing::TestWithParam<EsbuildCase> {};

TEST_P(PclntabEsbuildTest, Recovers) {
  const EsbuildCase& c = GetParam();
  fs::path path = GoFixturePath(c.fixture);
  auto file = MappedFile::Open(path);
  ASSERT_TRUE(file) << path;
  Recovered recovered = RecoverBytes((*file)->bytes());
  ASSERT_TRUE(recovered.binary) << recovered.error;
  EXPECT_EQ(recovered.executable->format(), c.format);
  const RecoveredGoBinary& binary = *recovered.binary;
  EXPECT_EQ(binary.go_version, c.go_version);
  EXPECT_EQ(PclntabVersionName(binary.pclntab_version), PclntabVersionName(c.layout));
  EXPECT_TRUE(binary.moduledata_found);
  EXPECT_THAT(binary.package_paths, Contains(c.parser_package));
  EXPECT_THAT(binary.package_paths, Contains("github.com/evanw/esbuild/internal/resolver"));
  EXPECT_THAT(binary.package_paths, ::testing::Not(Contains("main")));
  EXPECT_THAT(binary.package_paths, ::testing::Not(Contains("runtime")));
  EXPECT_TRUE(std::is_sorted(binary.package_paths.begin(), binary.package_paths.end()));
  EXPECT_THAT(binary.main_source_file, EndsWith(c.main_file_suffix));
  if (c.x_sys_version.empty()) {
    EXPECT_THAT(binary.package_paths, ::testing::Not(Contains("golang.org/x/sys/unix")));
    EXPECT_TRUE(binary.module_cache_paths.empty());
  } else {
    EXPECT_THAT(binary.package_paths, Contains("golang.org/x/sys/unix"));
    EXPECT_THAT(binary.module_cache_paths,
                ElementsAre(ModuleCachePath{"golang.org/x/sys", c.x_sys_version}));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Releases, PclntabEsbuildTest,
    ::testing::Values(EsbuildCase{"npm/esbuild-linux-64-0.4.0", "go1.14.2", PclntabVersion::kGo12,
                                  Format::kElf, kOldMain, kSys2020,
                                  // before the parser package became internal/js_parser
                                  "github.com/evanw/esbuild/internal/parser"},
                      EsbuildCase{"npm/esbuild-linux-64-0.8.0", "go1.15", PclntabVersion::kGo12,
                                  Format::kElf, kOldMain, kSys2020},
                      EsbuildCase{"npm/esbuild-linux-64-0.11.0", "go1.16.2", PclntabVersion::kGo116,
                                  Format::kElf, kOldMain, kSys2020},
                      EsbuildCase{"npm/esbuild-linux-64-0.14.0", "go1.17.2", PclntabVersion::kGo116,
                                  Format::kElf, kModuleMain, "v0.0.0-20210908233432-aa78b53d3365"},
                      EsbuildCase{"npm/esbuild-linux-64-0.15.18", "go1.19.3",
                                  PclntabVersion::kGo118, Format::kElf, kModuleMain, kSys2022},
                      EsbuildCase{"npm/esbuild-linux-x64-0.19.12", "go1.20.12",
                                  PclntabVersion::kGo120, Format::kElf, kModuleMain, kSys2022},
                      EsbuildCase{"npm/esbuild-linux-x64-0.23.1", "go1.22.5",
                                  PclntabVersion::kGo120, Format::kElf, kModuleMain, kSys2022},
                      EsbuildCase{"npm/esbuild-linux-x64-0.27.0", "go1.25.4",
                                  PclntabVersion::kGo120, Format::kElf, kModuleMain, kSys2022},
                      EsbuildCase{"npm/esbuild-linux-x64-0.28.2", "go1.26.5",
                                  PclntabVersion::kGo120, Format::kElf, kModuleMain, kSys2022},
                      EsbuildCase{"npm/esbuild-darwin-arm64-0.28.2", "go1.26.5",
                                  PclntabVersion::kGo120, Format::kMachO, kModuleMain, kSys2022},
                      EsbuildCase{"npm/esbuild-win32-ia32-0.28.2.exe", "go1.26.5",
                                  PclntabVersion::kGo120, Format::kPe, kModuleMain, ""}),
    [](const auto& param_info) {
      // "npm/esbuild-win32-ia32-0.28.2.exe" -> "v0_28_2_windows"
      const std::string& fixture = param_info.param.fixture;
      std::string version = fixture.substr(fixture.rfind('-') + 1);
      version = version.substr(0, version.find(".exe"));
      std::string name = version + "_" +
                         (fixture.find("darwin") != std::string::npos  ? "darwin"
                          : fixture.find("win32") != std::string::npos ? "windows"
                                                                       : "linux");
      std::replace(name.begin(), name.end(), '.', '_');
      return "v" + name;
    });

// The table alone (as the fuzzer sees it), for each layout.
TEST(ParsePclntabTest, EsbuildTables) {
  struct Case {
    std::string fixture;
    PclntabVersion layout;
    uint64_t functions;
  };
  for (const Case& c : {Case{"npm/esbuild-linux-64-0.8.0", PclntabVersion::kGo12, 0x111d},
                        Case{"npm/esbuild-linux-64-0.14.0", PclntabVersion::kGo116, 0x17aa},
                        Case{"npm/esbuild-linux-64-0.15.18", PclntabVersion::kGo118, 0x18dc},
                        Case{"npm/esbuild-linux-x64-0.28.2", PclntabVersion::kGo120, 0x231b}}) {
    SCOPED_TRACE(c.fixture);
    std::vector<uint8_t> table = TableBytes(GoFixturePath(c.fixture));
    ASSERT_FALSE(table.empty());
    auto contents = internal::ParsePclntab(table);
    ASSERT_TRUE(contents) << contents.error().ToString();
    EXPECT_EQ(contents->header.version, c.layout);
    EXPECT_EQ(contents->header.function_count, c.functions);
    EXPECT_EQ(contents->header.pointer_size, 8u);
    EXPECT_EQ(contents->header.quantum, 1u);
    EXPECT_EQ(contents->main_function_count, 1u);
    EXPECT_THAT(contents->main_source_file, EndsWith("cmd/esbuild/main.go"));
    EXPECT_THAT(contents->package_paths, Contains("github.com/evanw/esbuild/internal/js_parser"));
  }
}

// Corrupt tables: mutated copies of real ones never crash, hang or allocate without bound, and
// report kInvalidInput.

struct TableFixture {
  std::vector<uint8_t> bytes;
  internal::PclntabHeader header;
  uint64_t main_func = 0;  // offset of main.main's _func record
};

void PutU32(std::vector<uint8_t>& bytes, uint64_t offset, uint32_t value, Endian endian) {
  for (int i = 0; i < 4; ++i) {
    int shift = endian == Endian::kLittle ? 8 * i : 8 * (3 - i);
    bytes.at(offset + static_cast<uint64_t>(i)) = static_cast<uint8_t>(value >> shift);
  }
}

void PutWord(std::vector<uint8_t>& bytes, uint64_t offset, uint64_t value, unsigned size) {
  for (unsigned i = 0; i < size; ++i) bytes.at(offset + i) = static_cast<uint8_t>(value >> (8 * i));
}

unsigned EntrySize(const internal::PclntabHeader& header) {
  return header.version == PclntabVersion::kGo118 || header.version == PclntabVersion::kGo120
             ? 4
             : header.pointer_size;
}

// Finds main.main by walking the function table the way the runtime does (little endian only).
std::optional<TableFixture> LoadTable(const fs::path& path) {
  TableFixture fixture;
  fixture.bytes = TableBytes(path);
  auto header = internal::ParsePclntabHeader(fixture.bytes);
  if (!header) return std::nullopt;
  fixture.header = *header;
  ByteReader reader(fixture.bytes, header->endian);
  unsigned field = EntrySize(*header);
  uint64_t names = header->version == PclntabVersion::kGo12 ? 0 : header->funcname_offset;
  for (uint64_t i = 0; i < header->function_count; ++i) {
    uint64_t func = header->funcdata_offset +
                    *reader.UintAt(header->functab_offset + (2 * i + 1) * field, field);
    uint32_t name = *reader.U32At(func + field);
    if (reader.CStringAt(names + name, 100) == "main.main") {
      fixture.main_func = func;
      return fixture;
    }
  }
  return std::nullopt;
}

std::vector<fs::path> CorruptionTables() {
  return {GoFixturePath("bin/deps-vendor"), GoFixturePath("npm/esbuild-linux-64-0.8.0"),
          GoFixturePath("npm/esbuild-linux-64-0.14.0"),
          GoFixturePath("npm/esbuild-linux-x64-0.28.2")};
}

void ExpectInvalid(const std::vector<uint8_t>& bytes, std::string_view what) {
  auto result = internal::ParsePclntab(bytes);
  ASSERT_FALSE(result) << what;
  EXPECT_EQ(result.error().code(), ErrorCode::kInvalidInput)
      << what << ": " << result.error().ToString();
}

TEST(ParsePclntabCorruptTest, Truncated) {
  for (const fs::path& path : CorruptionTables()) {
    SCOPED_TRACE(path.string());
    auto fixture = LoadTable(path);
    ASSERT_TRUE(fixture);
    const std::vector<uint8_t>& full = fixture->bytes;
    ASSERT_TRUE(internal::ParsePclntab(full));
    std::vector<size_t> lengths;
    for (size_t n = 0; n < 128; ++n) lengths.push_back(n);
    for (size_t n = 128; n < full.size(); n += full.size() / 31) lengths.push_back(n);
    for (size_t n = full.size() - 16; n <= full.size(); ++n) lengths.push_back(n);
    // The parser reads at fixed offsets, so success is monotonic in the length: every length
    // below the first that parses must fail, and none may read outside its buffer.
    std::optional<size_t> first_success;
    for (size_t length : lengths) {
      // A fresh allocation of exactly `length` bytes, so that sanitizers catch over-reads.
      std::vector<uint8_t> truncated(full.begin(), full.begin() + static_cast<ptrdiff_t>(length));
      auto result = internal::ParsePclntab(truncated);
      if (result) {
        if (!first_success) first_success = length;
      } else {
        EXPECT_FALSE(first_success) << "length " << length << " fails after " << *first_success;
        EXPECT_EQ(result.error().code(), ErrorCode::kInvalidInput) << "length " << length;
      }
    }
    ASSERT_TRUE(first_success);
    const internal::PclntabHeader& header = fixture->header;
    EXPECT_GT(*first_success,
              header.functab_offset + (2 * header.function_count + 1) * EntrySize(header));
    EXPECT_GT(*first_success, full.size() / 2);
  }
}

TEST(ParsePclntabCorruptTest, Mutations) {
  for (const fs::path& path : CorruptionTables()) {
    SCOPED_TRACE(path.string());
    auto fixture = LoadTable(path);
    ASSERT_TRUE(fixture);
    const internal::PclntabHeader& header = fixture->header;
    const unsigned ps = header.pointer_size;
    const unsigned field = EntrySize(header);
    const uint64_t pcfile_field = fixture->main_func + field + 16;
    const uint64_t cu_field = fixture->main_func + field + 28;
    const bool go12 = header.version == PclntabVersion::kGo12;
    auto mutate = [&](auto&& change) {
      std::vector<uint8_t> bytes = fixture->bytes;
      change(bytes);
      return bytes;
    };

    ExpectInvalid(mutate([&](auto& b) { PutWord(b, 8, 0x7fffffffffffffffULL, ps); }),
                  "huge function count");
    ExpectInvalid(mutate([&](auto& b) { PutWord(b, 8, b.size() / 4, ps); }),
                  "function count past the data");
    ExpectInvalid(
        mutate([&](auto& b) { PutWord(b, header.functab_offset + field, 0x7ffffff0, field); }),
        "function record offset past the end");
    ExpectInvalid(
        mutate([&](auto& b) { PutU32(b, fixture->main_func + field, 0x7ffffff0, header.endian); }),
        "name offset past the end");
    ExpectInvalid(mutate([&](auto& b) { PutU32(b, pcfile_field, 0x7ffffff0, header.endian); }),
                  "pcfile offset past the end");
    // A pcfile stream of 11-byte varints.
    ExpectInvalid(mutate([&](auto& b) {
                    uint64_t stream = (go12 ? 0 : header.pctab_offset) +
                                      *ByteReader(b, header.endian).U32At(pcfile_field);
                    std::fill(b.begin() + static_cast<ptrdiff_t>(stream),
                              b.begin() + static_cast<ptrdiff_t>(stream + 10), 0x80);
                    b.at(stream + 10) = 0x01;
                  }),
                  "11-byte varint");
    // A value delta above 32 bits (runtime.readvarint decodes uint32).
    ExpectInvalid(
        mutate([&](auto& b) {
          uint64_t stream =
              (go12 ? 0 : header.pctab_offset) + *ByteReader(b, header.endian).U32At(pcfile_field);
          const uint8_t huge[] = {0xff, 0xff, 0xff, 0xff, 0x7f, 0x01};
          std::copy(std::begin(huge), std::end(huge), b.begin() + static_cast<ptrdiff_t>(stream));
        }),
        "value delta above 32 bits");
    // A pcfile stream that never ends: value deltas of +1 up to the end of the stream's region.
    ExpectInvalid(mutate([&](auto& b) {
                    uint64_t base = go12 ? 0 : header.pctab_offset;
                    uint64_t end = go12 ? b.size() : header.funcdata_offset;
                    uint64_t start = end - 4096;
                    PutU32(b, pcfile_field, static_cast<uint32_t>(start - base), header.endian);
                    for (uint64_t i = start; i < end; ++i) b[i] = 0x02;
                  }),
                  "unterminated pcfile stream");
    if (go12) {
      ExpectInvalid(mutate([&](auto& b) {
                      PutWord(b, header.functab_offset + (2 * header.function_count + 1) * ps,
                              0x7ffffff0, 4);
                    }),
                    "file table offset past the end");
      ExpectInvalid(
          mutate([&](auto& b) { PutU32(b, header.filetab_offset, 0x7ffffff0, header.endian); }),
          "file count past the end");
      ExpectInvalid(
          mutate([&](auto& b) { PutU32(b, header.filetab_offset + 4, 0x7ffffff0, header.endian); }),
          "file name offset past the end");
    } else {
      ExpectInvalid(mutate([&](auto& b) { PutU32(b, cu_field, 0x7ffffff0, header.endian); }),
                    "compilation unit past the end");
      unsigned base = header.version == PclntabVersion::kGo116 ? 2 : 3;
      ExpectInvalid(mutate([&](auto& b) { PutWord(b, 8 + ps, 0x7ffffff0, ps); }),
                    "file count past the end");
      ExpectInvalid(
          mutate([&](auto& b) { PutWord(b, 8 + (base + 1) * ps, header.funcname_offset - 1, ps); }),
          "offsets out of order");
      ExpectInvalid(mutate([&](auto& b) { PutWord(b, 8 + (base + 4) * ps, b.size() + 1, ps); }),
                    "pcln offset past the end");
      // The file table's last name loses its terminator.
      ExpectInvalid(mutate([&](auto& b) {
                      std::fill(b.begin() + static_cast<ptrdiff_t>(header.filetab_offset),
                                b.begin() + static_cast<ptrdiff_t>(header.pctab_offset), 'a');
                    }),
                    "unterminated file names");
    }
  }
}

}  // namespace
}  // namespace scry::binary::go
