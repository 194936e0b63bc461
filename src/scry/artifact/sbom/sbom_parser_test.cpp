// Golden tests of the SBOM reader: testdata/<case>.json is the document, <case>.golden.json what
// ParseSbom makes of it (or the error). UPDATE_GOLDEN=1 rewrites the goldens.
#include "scry/artifact/sbom/sbom_parser.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "golden.hpp"

namespace scry::artifact::sbom {
namespace {

using nlohmann::ordered_json;

const std::filesystem::path kTestdata = std::filesystem::path(SCRY_MODULE_DIR) / "sbom/testdata";

ordered_json PackageJson(const model::Package& package) {
  ordered_json out;
  out["ID"] = package.id;
  out["Name"] = package.name;
  out["Version"] = package.version;
  if (package.epoch != 0) out["Epoch"] = package.epoch;
  if (!package.release.empty()) out["Release"] = package.release;
  if (!package.arch.empty()) out["Arch"] = package.arch;
  if (!package.src_name.empty()) {
    out["SrcName"] = package.src_name;
    out["SrcVersion"] = package.src_version;
    if (!package.src_release.empty()) out["SrcRelease"] = package.src_release;
    if (package.src_epoch != 0) out["SrcEpoch"] = package.src_epoch;
  }
  out["Relationship"] = model::RelationshipName(package.relationship);
  if (!package.purl.empty()) out["PURL"] = package.purl;
  if (!package.depends_on.empty()) out["DependsOn"] = package.depends_on;
  if (!package.file_path.empty()) out["FilePath"] = package.file_path;
  if (package.version_source)
    out["VersionSource"] = model::VersionSourceName(*package.version_source);
  if (!package.layer.empty()) {
    out["Layer"] = {{"Digest", package.layer.digest}, {"DiffID", package.layer.diff_id}};
  }
  return out;
}

std::string Describe(const Result<Sbom>& parsed) {
  ordered_json out;
  if (!parsed) {
    out["Error"] = parsed.error().ToString();
    out["Code"] = ErrorCodeName(parsed.error().code());
    return out.dump(2) + "\n";
  }
  out["Format"] = parsed->format == SbomFormat::kCycloneDx ? "cyclonedx" : "spdx";
  out["SpecVersion"] = parsed->spec_version;
  if (parsed->os) out["OS"] = {{"Family", parsed->os->family}, {"Name", parsed->os->name}};
  ordered_json results = ordered_json::array();
  for (const auto& result : parsed->results) {
    ordered_json entry;
    entry["Target"] = result.target;
    entry["Class"] = model::ResultClassName(result.result_class);
    entry["Type"] = result.type;
    ordered_json packages = ordered_json::array();
    for (const auto& package : result.packages) packages.push_back(PackageJson(package));
    entry["Packages"] = std::move(packages);
    if (result.go_binary) {
      const model::GoBinaryDetails& binary = *result.go_binary;
      ordered_json settings = ordered_json::object();
      for (const auto& [key, value] : binary.build_settings) settings[key] = value;
      entry["GoBinary"] = {{"GoVersion", binary.go_version},
                           {"Path", binary.main_package_path},
                           {"BuildInfo", model::BuildInfoStatusName(binary.build_info)},
                           {"Format", binary.format},
                           {"Architectures", binary.architectures},
                           {"Settings", settings}};
    }
    results.push_back(std::move(entry));
  }
  out["Results"] = std::move(results);
  if (!parsed->skipped.empty()) out["Skipped"] = parsed->skipped;
  return out.dump(2) + "\n";
}

TEST(SbomParserTest, Golden) {
  auto inputs = testing::ListFiles(kTestdata, ".json");
  size_t cases = 0;
  for (const auto& input : inputs) {
    std::string file = input.filename().string();
    if (file.ends_with(".golden.json")) continue;
    ++cases;
    SCOPED_TRACE(file);
    std::string text = testing::ReadTextFile(input);
    std::string golden = input.string();
    golden.replace(golden.size() - 5, 5, ".golden.json");
    EXPECT_TRUE(testing::MatchesGolden(golden, Describe(ParseSbom(text, "sbom.json"))));
  }
  EXPECT_GE(cases, 8u);
}

TEST(SbomParserTest, RejectsWhatIsNotAnSbom) {
  for (std::string_view text : {"", "[]", "{}", "null", "{\"bomFormat\": 1}", "not json"}) {
    SCOPED_TRACE(text);
    auto parsed = ParseSbom(text, "x");
    ASSERT_FALSE(parsed.has_value());
  }
  auto parsed = ParseSbom("{\"spdxVersion\": \"SPDX-2.1\"}", "x");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kUnsupported);
}

TEST(SbomParserTest, OsFamiliesAsTrivyNamesThem) {
  struct Case {
    std::string_view component, distro_qualifier, family, name;
  };
  for (const Case& c :
       {Case{"Debian GNU/Linux", "", "debian", "12"},
        Case{"Red Hat Enterprise Linux", "", "redhat", "12"}, Case{"", "rhel-9.3", "redhat", "9.3"},
        Case{"", "3.19.1", "alpine", "3.19.1"}}) {
    SCOPED_TRACE(c.family);
    std::string components;
    if (!c.component.empty()) {
      components = fmt::format(R"({{"type": "operating-system", "name": "{}", "version": "12"}}, )",
                               c.component);
    }
    std::string purl =
        c.distro_qualifier.empty()
            ? "pkg:apk/alpine/musl@1.2.4-r2"
            : fmt::format("pkg:apk/alpine/musl@1.2.4-r2?distro={}", c.distro_qualifier);
    std::string text = fmt::format(
        R"({{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{}{{"type": "library", "name": "musl", "version": "1.2.4-r2", "purl": "{}"}}]}})",
        components, purl);
    auto parsed = ParseSbom(text, "x");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
    ASSERT_TRUE(parsed->os.has_value());
    EXPECT_EQ(parsed->os->family, c.family);
    EXPECT_EQ(parsed->os->name, c.name);
  }
}

TEST(SbomParserTest, DeepNestingIsALimitNotACrash) {
  std::string text = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[";
  for (int i = 0; i < 200; ++i) text += "{\"type\":\"library\",\"name\":\"a\",\"components\":[";
  for (int i = 0; i < 200; ++i) text += "]}";
  text += "]}";
  auto parsed = ParseSbom(text, "x");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace scry::artifact::sbom
