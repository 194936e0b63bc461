// rpm package databases made by real tools (testdata/make-rpmdbs: rpmbuild + rpm 4.18 for
// SQLite, Berkeley DB's db5.3_load read back by rpm's bdb_ro backend, an NDB writer following
// rpm's documented layout), compared with `rpm -qa`/`rpm -ql`; then corrupt variants of each.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "scry/analyzer/analyzer.hpp"
#include "scry/analyzer/pkg/rpm/rpm_analyzer.hpp"
#include "scry/analyzer/pkg/rpm/rpm_header.hpp"
#include "scry/analyzer/pkg/rpm/rpm_parser.hpp"
#include "scry/analyzer/pkg/rpm/rpmdb.hpp"

namespace scry::analyzer::pkg::rpm {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::vector<uint8_t> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> ReadLines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool HasTool(const std::string& name) {
  return std::system(("command -v " + name + " > /dev/null 2>&1").c_str()) == 0;
}

// The databases made by make-rpmdbs, built once per content of the scripts and shared by the
// test processes (ctest runs each test in its own process): built in a private directory and
// renamed into place, so concurrent tests never see a half-built set.
const fs::path& Fixtures() {
  static const fs::path dir = [] {
    fs::path testdata = fs::path(SCRY_MODULE_DIR) / "pkg/rpm/testdata";
    std::string scripts;
    for (const char* name : {"make-rpmdbs", "ndb_writer.py"}) {
      auto bytes = ReadFile(testdata / name);
      scripts.append(bytes.begin(), bytes.end());
    }
    fs::path final_dir = fs::temp_directory_path() /
                         ("scry-rpm-fixtures-" + std::to_string(std::hash<std::string>{}(scripts)));
    if (fs::exists(final_dir / "done")) return final_dir;
    std::string pattern = (fs::temp_directory_path() / "scry-rpm-build-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return fs::path();
    fs::path build = pattern;
    std::string command = "'" + (testdata / "make-rpmdbs").string() + "' '" +
                          (build / "out").string() + "' > /dev/null";
    if (std::system(command.c_str()) != 0) return fs::path();
    std::ofstream(build / "out" / "done") << "ok\n";
    std::error_code ignored;
    fs::rename(build / "out", final_dir, ignored);  // fails harmlessly if another process won
    fs::remove_all(build, ignored);
    return final_dir;
  }();
  return dir;
}

#define REQUIRE_FIXTURES()                                                           \
  do {                                                                               \
    if (!HasTool("rpmbuild") || !HasTool("db5.3_load")) {                            \
      GTEST_SKIP() << "rpm and db5.3-util are not installed (scripts/install-deps)"; \
    }                                                                                \
    ASSERT_TRUE(fs::exists(Fixtures() / "done")) << "testdata/make-rpmdbs failed";   \
  } while (0)

// Our packages in `rpm -qa --qf` form (make-rpmdbs' format), sorted.
std::vector<std::string> QaLines(const ParsedRpmDatabase& parsed) {
  std::vector<std::string> lines;
  for (const auto& p : parsed.packages) {
    std::string source = p.src_name.empty()
                             ? "(none)"
                             : p.src_name + "-" + p.src_version + "-" + p.src_release + ".src.rpm";
    lines.push_back(p.name + " " + std::to_string(p.epoch) + " " + p.version + " " + p.release +
                    " " + p.arch + " " + source + " " +
                    (p.maintainer.empty() ? "(none)" : p.maintainer) + " " +
                    (p.licenses.empty() ? "(none)" : p.licenses.front()));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

Result<ParsedRpmDatabase> ParseFile(const fs::path& path) {
  auto bytes = ReadFile(path);
  return ParseRpmDatabase(bytes);
}

void ExpectFilesMatchRpmQl(const ParsedRpmDatabase& parsed) {
  int checked = 0;
  for (const auto& package : parsed.packages) {
    std::vector<std::string> expected;
    for (auto& line : ReadLines(Fixtures() / "files" / (package.name + ".txt"))) {
      if (line == "(contains no files)") continue;
      expected.push_back(line.substr(1));  // InstalledFiles paths have no leading '/'
    }
    auto it = std::find_if(parsed.installed_files.begin(), parsed.installed_files.end(),
                           [&](const InstalledFiles& f) { return f.package == package.name; });
    std::vector<std::string> actual;
    if (it != parsed.installed_files.end()) actual = it->paths;
    std::sort(actual.begin(), actual.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(actual, expected) << package.name;
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

TEST(RpmDatabase, SqliteEqualsRpmQa) {
  REQUIRE_FIXTURES();
  auto parsed = ParseFile(Fixtures() / "sqlite/rpmdb.sqlite");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->format, RpmDbFormat::kSqlite);
  auto expected = ReadLines(Fixtures() / "sqlite/qa.txt");
  ASSERT_EQ(expected.size(), 5u);
  EXPECT_EQ(QaLines(*parsed), expected);
  ExpectFilesMatchRpmQl(*parsed);
}

TEST(RpmDatabase, BerkeleyDbEqualsRpmBdbRo) {
  REQUIRE_FIXTURES();
  auto sqlite_expected = ReadLines(Fixtures() / "sqlite/qa.txt");
  for (const char* dir : {"bdb", "bdb-be", "bdb-many"}) {
    SCOPED_TRACE(dir);
    auto parsed = ParseFile(Fixtures() / dir / "Packages");
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    EXPECT_EQ(parsed->format, RpmDbFormat::kBerkeleyDb);
    // rpm's own read-only Berkeley DB backend is the reference for each file.
    auto expected = ReadLines(Fixtures() / dir / "qa.txt");
    EXPECT_EQ(QaLines(*parsed), expected);
    EXPECT_EQ(expected.size(), std::string(dir) == "bdb-many" ? 200u : 5u);
    if (std::string(dir) != "bdb-many") {
      EXPECT_EQ(expected, sqlite_expected);
    }
    ExpectFilesMatchRpmQl(*parsed);
  }
}

TEST(RpmDatabase, NdbEqualsRpmQa) {
  REQUIRE_FIXTURES();
  auto parsed = ParseFile(Fixtures() / "ndb/Packages.db");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->format, RpmDbFormat::kNdb);
  EXPECT_EQ(QaLines(*parsed), ReadLines(Fixtures() / "sqlite/qa.txt"));
  ExpectFilesMatchRpmQl(*parsed);
}

TEST(RpmDatabase, SameBlobsInEveryFormat) {
  REQUIRE_FIXTURES();
  auto sort_blobs = [](std::vector<RpmDbBlob> blobs) {
    std::sort(blobs.begin(), blobs.end(),
              [](const RpmDbBlob& a, const RpmDbBlob& b) { return a.index < b.index; });
    return blobs;
  };
  auto sqlite = ReadSqlitePackages(ReadFile(Fixtures() / "sqlite/rpmdb.sqlite"));
  auto bdb = ReadBerkeleyDbPackages(ReadFile(Fixtures() / "bdb-be/Packages"));
  auto ndb = ReadNdbPackages(ReadFile(Fixtures() / "ndb/Packages.db"));
  ASSERT_TRUE(sqlite && bdb && ndb);
  ASSERT_EQ(sqlite->size(), 5u);
  for (const auto* other : {&*bdb, &*ndb}) {
    auto a = sort_blobs(*sqlite);
    auto b = sort_blobs(*other);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].index, b[i].index);
      EXPECT_EQ(a[i].header, b[i].header);
    }
  }
}

TEST(RpmDatabase, PackageFields) {
  REQUIRE_FIXTURES();
  auto parsed = ParseFile(Fixtures() / "sqlite/rpmdb.sqlite");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  auto find = [&](std::string_view name) -> const model::Package& {
    for (const auto& p : parsed->packages) {
      if (p.name == name) return p;
    }
    ADD_FAILURE() << name << " missing";
    return parsed->packages.front();
  };
  const auto& beta = find("beta");
  EXPECT_EQ(beta.id, "beta@3.4.5-7.el9.noarch");
  EXPECT_EQ(beta.epoch, 2);
  EXPECT_EQ(beta.src_epoch, 2);
  EXPECT_EQ(model::FullVersion(beta), "2:3.4.5-7.el9");
  EXPECT_EQ(beta.maintainer, "Red Hat, Inc.");
  EXPECT_EQ(beta.evidence.at("Modularitylabel"), "beta:3:8060020220101:abcdef01");
  EXPECT_THAT(beta.evidence.at("Digest"), ::testing::MatchesRegex("md5:[0-9a-f]{32}"));
  const auto& libs = find("gamma-libs");
  EXPECT_EQ(libs.src_name, "gamma");
  EXPECT_EQ(libs.src_version, "2.0");
  EXPECT_EQ(libs.src_release, "3.fc40");
  EXPECT_EQ(libs.licenses, std::vector<std::string>{"Apache-2.0"});
  EXPECT_EQ(find("delta").version, "0.9~rc1");
}

TEST(RpmAnalyzer, PicksTheDatabaseFilesAndReportsThem) {
  REQUIRE_FIXTURES();
  Registry registry;
  RegisterRpm(registry);
  AnalyzerGroup group(registry.CreateAll({}));
  for (const char* path :
       {"var/lib/rpm/Packages", "var/lib/rpm/Packages.db", "var/lib/rpm/rpmdb.sqlite",
        "usr/lib/sysimage/rpm/Packages", "usr/lib/sysimage/rpm/Packages.db",
        "usr/lib/sysimage/rpm/rpmdb.sqlite"}) {
    EXPECT_TRUE(group.Required({path, 1000, 0100644})) << path;
  }
  for (const char* path : {"var/lib/rpm/Name", "var/lib/rpm/rpmdb.sqlite-wal",
                           "/var/lib/rpm/Packages", "x/var/lib/rpm/Packages", "Packages"}) {
    EXPECT_FALSE(group.Required({path, 1000, 0100644})) << path;
  }
  fs::path db = Fixtures() / "ndb/Packages.db";
  Opener open = [&]() -> Result<std::shared_ptr<const ByteSource>> {
    return std::make_shared<OwnedBytes>(ReadFile(db));
  };
  auto result = group.AnalyzeFile({"usr/lib/sysimage/rpm/Packages.db", 1000, 0100644}, open);
  ASSERT_EQ(result.package_databases.size(), 1u);
  EXPECT_EQ(result.package_databases[0].type, "rpm");
  EXPECT_EQ(result.package_databases[0].file_path, "usr/lib/sysimage/rpm/Packages.db");
  EXPECT_EQ(result.package_databases[0].packages.size(), 5u);
  ASSERT_EQ(result.installed_files.size(), 4u);  // delta has no files
  for (const auto& files : result.installed_files) {
    EXPECT_EQ(files.source_file, "usr/lib/sysimage/rpm/Packages.db");
  }
}

// ---- A header builder for hand-made and corrupt headers ----

struct Entry {
  uint32_t tag;
  RpmType type;
  uint32_t count;
  std::vector<uint8_t> data;
};

void PutBe32(std::vector<uint8_t>& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(value >> shift));
}

Entry Str(uint32_t tag, const std::string& text) {
  std::vector<uint8_t> data(text.begin(), text.end());
  data.push_back(0);
  return {tag, RpmType::kString, 1, data};
}
Entry StrArray(uint32_t tag, const std::vector<std::string>& texts) {
  std::vector<uint8_t> data;
  for (const auto& text : texts) {
    data.insert(data.end(), text.begin(), text.end());
    data.push_back(0);
  }
  return {tag, RpmType::kStringArray, static_cast<uint32_t>(texts.size()), data};
}
Entry Int32s(uint32_t tag, const std::vector<uint32_t>& values) {
  std::vector<uint8_t> data;
  for (uint32_t v : values) PutBe32(data, v);
  return {tag, RpmType::kInt32, static_cast<uint32_t>(values.size()), data};
}

// A header with an immutable region covering every entry, laid out as rpm does (or a legacy
// header without a region).
std::vector<uint8_t> BuildHeader(const std::vector<Entry>& entries, bool region = true) {
  std::vector<uint8_t> store;
  std::vector<uint8_t> index;
  auto add_index = [&](uint32_t tag, RpmType type, uint32_t offset, uint32_t count) {
    PutBe32(index, tag);
    PutBe32(index, static_cast<uint32_t>(type));
    PutBe32(index, offset);
    PutBe32(index, count);
  };
  for (const auto& e : entries) {
    while (e.type == RpmType::kInt32 && store.size() % 4 != 0) store.push_back(0);
    add_index(e.tag, e.type, static_cast<uint32_t>(store.size()), e.count);
    store.insert(store.end(), e.data.begin(), e.data.end());
  }
  if (!region) {
    std::vector<uint8_t> blob;
    PutBe32(blob, static_cast<uint32_t>(entries.size()));
    PutBe32(blob, static_cast<uint32_t>(store.size()));
    blob.insert(blob.end(), index.begin(), index.end());
    blob.insert(blob.end(), store.begin(), store.end());
    return blob;
  }
  auto il = static_cast<uint32_t>(entries.size() + 1);
  std::vector<uint8_t> region_index;
  std::swap(index, region_index);
  add_index(tag::kHeaderImmutable, RpmType::kBin, static_cast<uint32_t>(store.size()), 16);
  std::vector<uint8_t> trailer;
  PutBe32(trailer, tag::kHeaderImmutable);
  PutBe32(trailer, static_cast<uint32_t>(RpmType::kBin));
  PutBe32(trailer, static_cast<uint32_t>(-static_cast<int32_t>(il * 16)));
  PutBe32(trailer, 16);
  store.insert(store.end(), trailer.begin(), trailer.end());
  std::vector<uint8_t> blob;
  PutBe32(blob, il);
  PutBe32(blob, static_cast<uint32_t>(store.size()));
  blob.insert(blob.end(), index.begin(), index.end());  // the region entry
  blob.insert(blob.end(), region_index.begin(), region_index.end());
  blob.insert(blob.end(), store.begin(), store.end());
  return blob;
}

std::vector<Entry> ValidEntries() {
  return {Str(tag::kName, "foo"),
          Str(tag::kVersion, "1.2"),
          Str(tag::kRelease, "3.el8"),
          Int32s(tag::kEpoch, {1}),
          Str(tag::kArch, "x86_64"),
          Str(tag::kSourceRpm, "foo-src-1.2-3.el8.src.rpm"),
          Int32s(tag::kDirIndexes, {0, 1, 1}),
          StrArray(tag::kBaseNames, {"foo", "a.so", "b.so"}),
          StrArray(tag::kDirNames, {"/usr/bin/", "/usr/lib64/foo/"})};
}

TEST(RpmHeader, HandMadeHeader) {
  auto blob = BuildHeader(ValidEntries());
  auto info = ParseRpmPackage(blob);
  ASSERT_TRUE(info) << info.error().ToString();
  EXPECT_EQ(info->name, "foo");
  EXPECT_EQ(info->epoch, 1u);
  EXPECT_EQ(info->files, (std::vector<std::string>{"/usr/bin/foo", "/usr/lib64/foo/a.so",
                                                   "/usr/lib64/foo/b.so"}));
  auto package = ToPackage(*info);
  EXPECT_EQ(package.src_name, "foo-src");
  EXPECT_EQ(package.src_epoch, 1);
}

TEST(RpmHeader, EveryTruncationOfARealHeaderFails) {
  REQUIRE_FIXTURES();
  auto blobs = ReadSqlitePackages(ReadFile(Fixtures() / "sqlite/rpmdb.sqlite"));
  ASSERT_TRUE(blobs);
  for (const auto& blob : *blobs) {
    ASSERT_TRUE(ParseRpmPackage(blob.header));
    for (size_t size = 0; size < blob.header.size(); ++size) {
      auto parsed = ParseRpmHeader(Bytes(blob.header.data(), size));
      ASSERT_FALSE(parsed) << "prefix of " << size << " bytes accepted";
      EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidInput);
    }
  }
}

TEST(RpmHeader, CorruptHeadersAreClearErrors) {
  struct Case {
    std::string name;
    std::function<void(std::vector<uint8_t>&)> corrupt;
    std::string message;
  };
  auto set32 = [](std::vector<uint8_t>& b, size_t at, uint32_t v) {
    std::vector<uint8_t> bytes;
    PutBe32(bytes, v);
    std::copy(bytes.begin(), bytes.end(), b.begin() + static_cast<ptrdiff_t>(at));
  };
  // Index entry i starts at 8 + 16 * i; entry 0 is the region, entry 1 NAME.
  std::vector<Case> cases = {
      {"huge entry count", [&](auto& b) { set32(b, 0, 0x7fffffff); }, "index entries (limit"},
      {"huge data size", [&](auto& b) { set32(b, 4, 0xfffffff0); }, "data store of"},
      {"zero entries", [&](auto& b) { set32(b, 0, 0); }, "no index entries"},
      {"unknown type", [&](auto& b) { set32(b, 8 + 16 + 4, 42); }, "unknown type 42"},
      {"offset past data", [&](auto& b) { set32(b, 8 + 16 + 8, 0x10000); }, "outside the"},
      {"negative offset", [&](auto& b) { set32(b, 8 + 16 + 8, 0xfffffff0); }, "outside the"},
      {"huge string count",
       [&](auto& b) {
         set32(b, 8 + 16 + 4, static_cast<uint32_t>(RpmType::kStringArray));
         set32(b, 8 + 16 + 12, 0xffffffff);
       },
       "strings do not end"},
      {"huge int count", [&](auto& b) { set32(b, 8 + 4 * 16 + 12, 0x40000000); }, "run past"},
      {"misaligned int", [&](auto& b) { set32(b, 8 + 4 * 16 + 8, 1); }, "misaligned"},
      {"region trailer tag", [&](auto& b) { set32(b, b.size() - 16, 62); }, "trailer"},
      {"region trailer count",
       [&](auto& b) { set32(b, b.size() - 8, static_cast<uint32_t>(-16 * 1000)); },
       "trailer claims"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto blob = BuildHeader(ValidEntries());
    c.corrupt(blob);
    auto parsed = ParseRpmPackage(blob);
    ASSERT_FALSE(parsed);
    EXPECT_THAT(parsed.error().ToString(), HasSubstr(c.message));
  }
  auto legacy = BuildHeader(ValidEntries(), false);
  ASSERT_TRUE(ParseRpmPackage(legacy));
  legacy.back() = 'x';  // the last string loses its NUL
  EXPECT_THAT(ParseRpmPackage(legacy).error().message(), HasSubstr("do not end"));
  auto entries = ValidEntries();
  entries[6] = Int32s(tag::kDirIndexes, {0, 1, 7});
  auto bad_index = ParseRpmPackage(BuildHeader(entries));
  ASSERT_FALSE(bad_index);
  EXPECT_THAT(bad_index.error().message(), HasSubstr("directory index 7 of 2"));
  entries[6] = Int32s(tag::kDirIndexes, {0});
  ASSERT_FALSE(ParseRpmPackage(BuildHeader(entries)));
  entries = ValidEntries();
  entries.erase(entries.begin());
  EXPECT_THAT(ParseRpmPackage(BuildHeader(entries)).error().message(), HasSubstr("no NAME"));
}

TEST(RpmHeader, SourceRpmNames) {
  auto split = SplitSourceRpm("glibc-2.34-60.el9.src.rpm");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->name, "glibc");
  EXPECT_EQ(split->version, "2.34");
  EXPECT_EQ(split->release, "60.el9");
  split = SplitSourceRpm("python3-dnf-plugins-core-4.3.0-5.el9_2.src.rpm");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->name, "python3-dnf-plugins-core");
  EXPECT_FALSE(SplitSourceRpm("nodashes.src.rpm"));
  EXPECT_FALSE(SplitSourceRpm("a-b"));
  EXPECT_FALSE(SplitSourceRpm("-1-2.src.rpm"));
}

// ---- Corrupt databases ----

uint32_t Le32At(const std::vector<uint8_t>& b, size_t at) {
  return static_cast<uint32_t>(DecodeUint(b.data() + at, 4, Endian::kLittle));
}
void SetLe32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
}

void ExpectError(const Result<std::vector<RpmDbBlob>>& result, const std::string& message) {
  ASSERT_FALSE(result) << "accepted";
  EXPECT_THAT(result.error().ToString(), HasSubstr(message));
}

TEST(RpmDatabase, CorruptBerkeleyDb) {
  REQUIRE_FIXTURES();
  const auto original = ReadFile(Fixtures() / "bdb-many/Packages");
  const uint32_t page_size = Le32At(original, 20);
  ASSERT_EQ(page_size, 512u);
  const size_t pages = original.size() / page_size;

  auto truncated = original;
  truncated.resize(original.size() / 2);
  ExpectError(ReadBerkeleyDbPackages(truncated), "truncated?");

  auto huge_buckets = original;
  SetLe32(huge_buckets, 72, 0xffffffff);
  ExpectError(ReadBerkeleyDbPackages(huge_buckets), "buckets but has only");

  auto bad_page_size = original;
  SetLe32(bad_page_size, 20, 1000);
  ExpectError(ReadBerkeleyDbPackages(bad_page_size), "page size 1000");

  // An overflow page whose chain goes on is made to point to itself.
  auto overflow_loop = original;
  bool made_overflow_loop = false;
  // A hash page that continues its bucket is made to point to itself.
  auto bucket_loop = original;
  bool made_bucket_loop = false;
  // A hash page's off-page item gets an absurd length.
  auto huge_item = original;
  bool made_huge_item = false;
  for (size_t p = 1; p < pages; ++p) {
    size_t base = p * page_size;
    uint8_t type = original[base + 25];
    uint32_t next = Le32At(original, base + 16);
    if (type == 7 && next != 0 && !made_overflow_loop) {
      SetLe32(overflow_loop, base + 16, static_cast<uint32_t>(p));
      made_overflow_loop = true;
    }
    if ((type == 13 || type == 2) && !made_bucket_loop) {
      SetLe32(bucket_loop, base + 16, static_cast<uint32_t>(p));
      made_bucket_loop = true;
    }
    uint16_t entries = static_cast<uint16_t>(original[base + 20] | original[base + 21] << 8);
    if ((type == 13 || type == 2) && entries >= 2 && !made_huge_item) {
      size_t value = static_cast<size_t>(original[base + 28] | original[base + 29] << 8);
      if (original[base + value] == 3) {
        SetLe32(huge_item, base + value + 8, 0xfffffff0);
        made_huge_item = true;
      }
    }
  }
  ASSERT_TRUE(made_overflow_loop && made_bucket_loop && made_huge_item);
  ExpectError(ReadBerkeleyDbPackages(overflow_loop), "loops at page");
  ExpectError(ReadBerkeleyDbPackages(bucket_loop), "reached twice");
  ExpectError(ReadBerkeleyDbPackages(huge_item), "overflow item of 4294967280 bytes");

  // A header blob made corrupt inside a valid database: the error names the package index.
  auto blobs = ReadBerkeleyDbPackages(ReadFile(Fixtures() / "bdb/Packages"));
  ASSERT_TRUE(blobs);
  auto corrupt_header = ReadFile(Fixtures() / "bdb/Packages");
  const auto& target = blobs->at(2);
  auto at = std::search(corrupt_header.begin(), corrupt_header.end(), target.header.begin(),
                        target.header.begin() + 64);
  ASSERT_NE(at, corrupt_header.end());
  at[0] = 0x7f;  // the entry count, big-endian
  auto parsed = ParseRpmDatabase(corrupt_header);
  ASSERT_FALSE(parsed);
  EXPECT_THAT(parsed.error().ToString(),
              HasSubstr("package " + std::to_string(target.index) + ": header has"));
}

TEST(RpmDatabase, CorruptNdb) {
  REQUIRE_FIXTURES();
  const auto original = ReadFile(Fixtures() / "ndb/Packages.db");

  auto cut_block = original;
  cut_block.resize(original.size() - 16);
  ExpectError(ReadNdbPackages(cut_block), "past the end of the file (truncated?)");

  auto cut_byte = original;
  cut_byte.pop_back();
  ExpectError(ReadNdbPackages(cut_byte), "not a multiple of 16");

  auto huge_pages = original;
  SetLe32(huge_pages, 12, 0xffffffff);
  ExpectError(ReadNdbPackages(huge_pages), "slot pages");

  auto flipped = original;
  flipped[original.size() - 100] ^= 1;
  ExpectError(ReadNdbPackages(flipped), "checksum mismatch");

  auto huge_length = original;
  uint32_t first_block = Le32At(original, 48 + 8);  // slot 3 (slot 2 is left free)
  SetLe32(huge_length, first_block * 16 + 12, 0xfffffff0);
  ExpectError(ReadNdbPackages(huge_length), "blob of 4294967280 bytes");

  auto bad_slot = original;
  bad_slot[32] = 'X';
  ExpectError(ReadNdbPackages(bad_slot), "slot 2 has a bad magic");
}

TEST(RpmDatabase, CorruptSqlite) {
  REQUIRE_FIXTURES();
  const auto original = ReadFile(Fixtures() / "sqlite/rpmdb.sqlite");
  auto truncated = original;
  truncated.resize(original.size() / 3);
  EXPECT_FALSE(ReadSqlitePackages(truncated));
  auto garbage = original;
  std::fill(garbage.begin() + 100, garbage.end(), 0xa5);
  EXPECT_FALSE(ReadSqlitePackages(garbage));
  auto unknown = ReadRpmDbPackages(std::vector<uint8_t>(4096, 0));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), ErrorCode::kUnsupported);
}

TEST(RpmDatabase, GpgPubkeyIsSkipped) {
  REQUIRE_FIXTURES();
  // Replace beta's blob in an NDB copy would break the checksum: build the database instead
  // from the SQLite blobs plus a gpg-pubkey header, through the NDB writer.
  auto blobs = ReadSqlitePackages(ReadFile(Fixtures() / "sqlite/rpmdb.sqlite"));
  ASSERT_TRUE(blobs);
  std::string pattern = (fs::temp_directory_path() / "scry-rpm-gpg-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  fs::path dir = pattern;
  fs::create_directories(dir / "blobs");
  for (const auto& blob : *blobs) {
    std::ofstream(dir / "blobs" / std::to_string(blob.index), std::ios::binary)
        .write(reinterpret_cast<const char*>(blob.header.data()),
               static_cast<std::streamsize>(blob.header.size()));
  }
  auto key = BuildHeader({Str(tag::kName, "gpg-pubkey"), Str(tag::kVersion, "fd431d51"),
                          Str(tag::kRelease, "4ae0493b")});
  std::ofstream(dir / "blobs" / "99", std::ios::binary)
      .write(reinterpret_cast<const char*>(key.data()), static_cast<std::streamsize>(key.size()));
  std::string command = "python3 '" + std::string(SCRY_MODULE_DIR) +
                        "/pkg/rpm/testdata/ndb_writer.py' '" + (dir / "blobs").string() + "' '" +
                        (dir / "Packages.db").string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  auto raw = ReadNdbPackages(ReadFile(dir / "Packages.db"));
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->size(), 6u);
  auto parsed = ParseFile(dir / "Packages.db");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->packages.size(), 5u);
  for (const auto& p : parsed->packages) EXPECT_NE(p.name, "gpg-pubkey");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace scry::analyzer::pkg::rpm
