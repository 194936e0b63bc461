#include "scry/binary/go/pclntab.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "scry/base/byte_source.hpp"
#include "scry/binary/go/pclntab_internal.hpp"

namespace scry::binary::go {
namespace {

namespace fs = std::filesystem;
using internal::ModuleCachePathOfFile;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::EndsWith;

// Fixtures: Go programs built with the local toolchain and esbuild releases from the npm registry,
// cached next to the test executable so that reruns need neither a compiler run nor the network.

// Bump when the test program or the build commands change, so that cached binaries are rebuilt.
constexpr std::string_view kFixtureVersion = "v1";

fs::path CacheDir() {
  std::error_code error;
  fs::path executable = fs::read_symlink("/proc/self/exe", error);
  fs::path dir =
      (error ? fs::temp_directory_path() : executable.parent_path()) / "pclntab-test-cache";
  fs::create_directories(dir, error);
  return dir;
}

struct CommandResult {
  int status = -1;
  std::string output;
};

CommandResult Run(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(("(" + command + ") 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  size_t count = 0;
  while ((count = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), count);
  }
  result.status = pclose(pipe);
  return result;
}

std::string Quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string UniqueSuffix() { return ".tmp." + std::to_string(getpid()); }

void WriteFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// A module example.com/app with a package of its own and github.com/pkg/errors vendored from
// Debian's golang-github-pkg-errors-dev. Written once; concurrent test processes race benignly.
fs::path GoAppSource() {
  fs::path dir = CacheDir() / ("goapp-src-" + std::string(kFixtureVersion));
  if (fs::exists(dir / "main.go")) return dir;
  fs::path tmp = dir.string() + UniqueSuffix();
  std::error_code error;
  fs::remove_all(tmp, error);
  WriteFile(tmp / "go.mod",
            "module example.com/app\n\ngo 1.19\n\nrequire github.com/pkg/errors v0.9.1\n");
  WriteFile(tmp / "vendor/modules.txt",
            "# github.com/pkg/errors v0.9.1\n## explicit\ngithub.com/pkg/errors\n");
  WriteFile(tmp / "internal/greet/greet.go",
            "package greet\n\nimport \"github.com/pkg/errors\"\n\n"
            "func Greet(name string) (string, error) {\n"
            "\tif name == \"\" {\n"
            "\t\treturn \"\", errors.Wrap(errors.New(\"empty name\"), \"greet\")\n\t}\n"
            "\treturn \"hello \" + name, nil\n}\n");
  WriteFile(
      tmp / "main.go",
      "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"example.com/app/internal/greet\"\n)\n\n"
      "func main() {\n\tmessage, err := greet.Greet(os.Getenv(\"NAME\"))\n"
      "\tif err != nil {\n\t\tfmt.Printf(\"%+v\\n\", err)\n\t\tos.Exit(1)\n\t}\n"
      "\tfmt.Println(message)\n}\n");
  fs::path errors_source = "/usr/share/gocode/src/github.com/pkg/errors";
  fs::create_directories(tmp / "vendor/github.com/pkg/errors");
  for (const char* file : {"errors.go", "go113.go", "stack.go"}) {
    fs::copy_file(errors_source / file, tmp / "vendor/github.com/pkg/errors" / file, error);
    if (error) {
      ADD_FAILURE() << "cannot copy " << (errors_source / file)
                    << " (install golang-github-pkg-errors-dev): " << error.message();
      return dir;
    }
  }
  fs::rename(tmp, dir, error);
  if (error) fs::remove_all(tmp, error);  // another process was first
  return dir;
}

std::string GoEnvironment() {
  fs::path cache = CacheDir();
  return "env GOCACHE=" + Quote((cache / "gocache").string()) +
         " GOPATH=" + Quote((cache / "gopath").string()) +
         " GOFLAGS=-mod=vendor GOPROXY=off CGO_ENABLED=0 GOTOOLCHAIN=local ";
}

// `go version` of the local toolchain, e.g. "go1.19.8".
std::string LocalGoVersion() {
  CommandResult result = Run(GoEnvironment() + "go env GOVERSION");
  EXPECT_EQ(result.status, 0) << "the Go toolchain (Debian golang-go) is needed: " << result.output;
  std::string version = result.output.substr(0, result.output.find('\n'));
  return version;
}

struct GoVariant {
  std::string name;
  std::string goos;
  std::string goarch;
  std::string flags;
  Format format;
  std::string architecture;
};

void PrintTo(const GoVariant& variant, std::ostream* out) { *out << variant.name; }

fs::path BuildGoProgram(const GoVariant& variant) {
  fs::path output = CacheDir() / ("go-" + variant.name + "-" + std::string(kFixtureVersion));
  if (fs::exists(output)) return output;
  fs::path source = GoAppSource();
  fs::path tmp = output.string() + UniqueSuffix();
  std::string command = "cd " + Quote(source.string()) + " && " + GoEnvironment() +
                        "GOOS=" + variant.goos + " GOARCH=" + variant.goarch + " go build " +
                        variant.flags + " -o " + Quote(tmp.string()) + " .";
  CommandResult result = Run(command);
  EXPECT_EQ(result.status, 0) << command << "\n" << result.output;
  std::error_code error;
  fs::rename(tmp, output, error);
  return output;
}

// Downloads (once) an npm package with `npm pack` and returns the path of `file` inside it.
fs::path FetchNpm(const std::string& spec, const std::string& file) {
  std::string key = spec;
  std::replace(key.begin(), key.end(), '/', '_');
  fs::path dir = CacheDir() / "npm" / key;
  if (fs::exists(dir / "package" / file)) return dir / "package" / file;
  fs::path tmp = dir.string() + UniqueSuffix();
  std::error_code error;
  fs::remove_all(tmp, error);
  fs::create_directories(tmp);
  // A private npm cache, removed with the tarball: only the unpacked package is kept. Retries
  // and timeouts are bounded so that an unreachable registry fails the test in seconds.
  std::string command = "cd " + Quote(tmp.string()) +
                        " && npm pack --loglevel=error --cache .npm-cache --fetch-retries=0"
                        " --fetch-timeout=60000 " +
                        Quote(spec) + " && tar xzf *.tgz && rm -rf .npm-cache *.tgz";
  CommandResult result = Run(command);
  if (result.status != 0 || !fs::exists(tmp / "package" / file)) {
    ADD_FAILURE() << "could not fetch " << spec
                  << " from the npm registry (this test needs https://registry.npmjs.org):\n"
                  << result.output;
    fs::remove_all(tmp, error);
    return dir / "package" / file;
  }
  fs::rename(tmp, dir, error);
  if (error) fs::remove_all(tmp, error);  // another process was first
  return dir / "package" / file;
}

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

// Go 1.19 programs built by the local toolchain.

const std::vector<GoVariant>& GoVariants() {
  static const std::vector<GoVariant> variants = {
      {"linux-amd64", "linux", "amd64", "", Format::kElf, "amd64"},
      {"linux-amd64-stripped", "linux", "amd64", "-ldflags='-s -w'", Format::kElf, "amd64"},
      {"linux-amd64-trimpath", "linux", "amd64", "-trimpath", Format::kElf, "amd64"},
      {"linux-386", "linux", "386", "", Format::kElf, "386"},
      {"linux-s390x-stripped", "linux", "s390x", "-ldflags='-s -w'", Format::kElf, "s390x"},
      {"windows-amd64", "windows", "amd64", "", Format::kPe, "amd64"},
      {"windows-386-stripped", "windows", "386", "-ldflags='-s -w'", Format::kPe, "386"},
      {"darwin-amd64", "darwin", "amd64", "", Format::kMachO, "amd64"},
      {"darwin-arm64-stripped", "darwin", "arm64", "-ldflags='-s -w'", Format::kMachO, "arm64"},
  };
  return variants;
}

class PclntabGoProgramTest : public ::testing::TestWithParam<GoVariant> {};

TEST_P(PclntabGoProgramTest, RecoversVersionPackagesAndMainFile) {
  const GoVariant& variant = GetParam();
  std::string expected_version = LocalGoVersion();
  ASSERT_THAT(expected_version, ::testing::StartsWith("go1."));
  fs::path path = BuildGoProgram(variant);
  auto file = MappedFile::Open(path);
  ASSERT_TRUE(file) << path;
  Recovered recovered = RecoverBytes((*file)->bytes());
  ASSERT_TRUE(recovered.binary) << recovered.error;
  EXPECT_EQ(recovered.executable->format(), variant.format);
  EXPECT_EQ(recovered.executable->architecture(), variant.architecture);
  const RecoveredGoBinary& binary = *recovered.binary;
  EXPECT_EQ(binary.go_version, expected_version);
  EXPECT_EQ(binary.pclntab_version, PclntabVersion::kGo118);  // Debian 12's Go 1.19
  EXPECT_TRUE(binary.moduledata_found);
  EXPECT_NE(binary.pclntab_address, 0u);
  EXPECT_THAT(binary.package_paths,
              ElementsAre("example.com/app/internal/greet", "github.com/pkg/errors"));
  if (variant.flags == "-trimpath") {
    EXPECT_EQ(binary.main_source_file, "example.com/app/main.go");
    EXPECT_THAT(binary.module_cache_paths,
                ElementsAre(ModuleCachePath{"github.com/pkg/errors", "v0.9.1"}));
  } else {
    EXPECT_THAT(binary.main_source_file, EndsWith("/main.go"));
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

fs::path GoProgram(std::string_view name) {
  return BuildGoProgram(*std::find_if(GoVariants().begin(), GoVariants().end(),
                                      [&](const GoVariant& v) { return v.name == name; }));
}

// ELF files of each layout and byte order. With symbols (linux-amd64) the table is found through
// runtime.pclntab; without, by the search.
std::vector<fs::path> SearchFixtures() {
  return {GoProgram("linux-amd64"),
          GoProgram("linux-amd64-stripped"),
          GoProgram("linux-s390x-stripped"),
          FetchNpm("esbuild-linux-64@0.8.0", "bin/esbuild"),
          FetchNpm("esbuild-linux-64@0.14.0", "bin/esbuild"),
          FetchNpm("@esbuild/linux-x64@0.28.2", "bin/esbuild")};
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
  std::vector<uint8_t> bytes = ReadBytes(GoProgram("linux-amd64-stripped"));
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
  std::string spec;
  std::string file;
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

void PrintTo(const EsbuildCase& c, std::ostream* out) { *out << c.spec; }

class PclntabEsbuildTest : public ::testing::TestWithParam<EsbuildCase> {};

TEST_P(PclntabEsbuildTest, Recovers) {
  const EsbuildCase& c = GetParam();
  fs::path path = FetchNpm(c.spec, c.file);
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
    ::testing::Values(EsbuildCase{"esbuild-linux-64@0.4.0", "bin/esbuild", "go1.14.2",
                                  PclntabVersion::kGo12, Format::kElf, kOldMain, kSys2020,
                                  // before the parser package became internal/js_parser
                                  "github.com/evanw/esbuild/internal/parser"},
                      EsbuildCase{"esbuild-linux-64@0.8.0", "bin/esbuild", "go1.15",
                                  PclntabVersion::kGo12, Format::kElf, kOldMain, kSys2020},
                      EsbuildCase{"esbuild-linux-64@0.11.0", "bin/esbuild", "go1.16.2",
                                  PclntabVersion::kGo116, Format::kElf, kOldMain, kSys2020},
                      EsbuildCase{"esbuild-linux-64@0.14.0", "bin/esbuild", "go1.17.2",
                                  PclntabVersion::kGo116, Format::kElf, kModuleMain,
                                  "v0.0.0-20210908233432-aa78b53d3365"},
                      EsbuildCase{"esbuild-linux-64@0.15.18", "bin/esbuild", "go1.19.3",
                                  PclntabVersion::kGo118, Format::kElf, kModuleMain, kSys2022},
                      EsbuildCase{"@esbuild/linux-x64@0.19.12", "bin/esbuild", "go1.20.12",
                                  PclntabVersion::kGo120, Format::kElf, kModuleMain, kSys2022},
                      EsbuildCase{"@esbuild/linux-x64@0.23.1", "bin/esbuild", "go1.22.5",
                                  PclntabVersion::kGo120, Format::kElf, kModuleMain, kSys2022},
                      EsbuildCase{"@esbuild/linux-x64@0.27.0", "bin/esbuild", "go1.25.4",
                                  PclntabVersion::kGo120, Format::kElf, kModuleMain, kSys2022},
                      EsbuildCase{"@esbuild/linux-x64@0.28.2", "bin/esbuild", "go1.26.5",
                                  PclntabVersion::kGo120, Format::kElf, kModuleMain, kSys2022},
                      EsbuildCase{"@esbuild/darwin-arm64@0.28.2", "bin/esbuild", "go1.26.5",
                                  PclntabVersion::kGo120, Format::kMachO, kModuleMain, kSys2022},
                      EsbuildCase{"@esbuild/win32-ia32@0.28.2", "esbuild.exe", "go1.26.5",
                                  PclntabVersion::kGo120, Format::kPe, kModuleMain, ""}),
    [](const auto& param_info) {
      std::string name = param_info.param.spec.substr(param_info.param.spec.find('@', 1) + 1) +
                         "_" +
                         (param_info.param.spec.find("darwin") != std::string::npos  ? "darwin"
                          : param_info.param.spec.find("win32") != std::string::npos ? "windows"
                                                                                     : "linux");
      std::replace(name.begin(), name.end(), '.', '_');
      return "v" + name;
    });

// The table alone (as the fuzzer sees it), for each layout.
TEST(ParsePclntabTest, EsbuildTables) {
  struct Case {
    std::string spec;
    PclntabVersion layout;
    uint64_t functions;
  };
  for (const Case& c : {Case{"esbuild-linux-64@0.8.0", PclntabVersion::kGo12, 0x111d},
                        Case{"esbuild-linux-64@0.14.0", PclntabVersion::kGo116, 0x17aa},
                        Case{"esbuild-linux-64@0.15.18", PclntabVersion::kGo118, 0x18dc},
                        Case{"@esbuild/linux-x64@0.28.2", PclntabVersion::kGo120, 0x231b}}) {
    SCOPED_TRACE(c.spec);
    std::vector<uint8_t> table = TableBytes(FetchNpm(c.spec, "bin/esbuild"));
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
  return {GoProgram("linux-amd64"), FetchNpm("esbuild-linux-64@0.8.0", "bin/esbuild"),
          FetchNpm("esbuild-linux-64@0.14.0", "bin/esbuild"),
          FetchNpm("@esbuild/linux-x64@0.28.2", "bin/esbuild")};
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
