#include "scry/artifact/image/manifest.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "golden.hpp"
#include "scry/formats/txtar.hpp"

namespace scry::artifact::image {
namespace {

using nlohmann::ordered_json;

ordered_json ToJson(const Descriptor& descriptor) {
  ordered_json out{{"mediaType", descriptor.media_type},
                   {"digest", descriptor.digest},
                   {"size", descriptor.size}};
  if (descriptor.platform) out["platform"] = descriptor.platform->ToString();
  if (!descriptor.annotations.empty()) out["annotations"] = descriptor.annotations;
  return out;
}

template <class T>
ordered_json ErrorOr(const Result<T>& result, ordered_json (*convert)(const T&)) {
  if (!result) {
    return {{"error", result.error().ToString()},
            {"code", std::string(ErrorCodeName(result.error().code()))}};
  }
  return convert(*result);
}

ordered_json DockerSaveJson(const std::vector<DockerSaveEntry>& entries) {
  ordered_json out = ordered_json::array();
  for (const auto& entry : entries) {
    out.push_back({{"config", entry.config}, {"repo_tags", entry.repo_tags},
                   {"layers", entry.layers}});
  }
  return out;
}

ordered_json IndexJson(const OciIndex& index) {
  ordered_json out{{"mediaType", index.media_type}, {"manifests", ordered_json::array()}};
  for (const auto& descriptor : index.manifests) out["manifests"].push_back(ToJson(descriptor));
  return out;
}

ordered_json ManifestJson(const OciManifest& manifest) {
  ordered_json out{{"mediaType", manifest.media_type},
                   {"config", ToJson(manifest.config)},
                   {"layers", ordered_json::array()}};
  for (const auto& layer : manifest.layers) out["layers"].push_back(ToJson(layer));
  return out;
}

ordered_json ConfigJson(const ImageConfig& config) {
  ordered_json out{{"os", config.os},
                   {"architecture", config.architecture},
                   {"variant", config.variant},
                   {"diff_ids", config.diff_ids},
                   {"history", ordered_json::array()}};
  for (const auto& entry : config.history) {
    out["history"].push_back({{"created", entry.created},
                              {"created_by", entry.created_by},
                              {"comment", entry.comment},
                              {"empty_layer", entry.empty_layer}});
  }
  return out;
}

// testdata/<case>.txtar: the comment starts with the parser's name ("index: ..."), input.json is
// the document; <case>.golden.json is the parse result or the error.
TEST(ImageJson, Golden) {
  auto cases = testing::ListFiles(SCRY_MODULE_DIR "/image/testdata", ".txtar");
  ASSERT_FALSE(cases.empty());
  for (const auto& path : cases) {
    SCOPED_TRACE(path.string());
    auto archive = formats::ParseTxtar(testing::ReadTextFile(path));
    const std::string* input = archive.Find("input.json");
    ASSERT_NE(input, nullptr);
    std::string kind = archive.comment.substr(0, archive.comment.find(':'));
    ordered_json out;
    if (kind == "docker-save") {
      out = ErrorOr(ParseDockerSaveManifest(*input, "manifest.json"), &DockerSaveJson);
    } else if (kind == "index") {
      out = ErrorOr(ParseOciIndex(*input, "index.json"), &IndexJson);
    } else if (kind == "manifest") {
      out = ErrorOr(ParseOciManifest(*input, "manifest blob"), &ManifestJson);
    } else if (kind == "config") {
      out = ErrorOr(ParseImageConfig(*input, "config blob"), &ConfigJson);
    } else {
      FAIL() << "unknown parser " << kind;
    }
    auto golden = path;
    golden.replace_extension(".golden.json");
    EXPECT_TRUE(testing::MatchesGolden(golden, out.dump(2) + "\n"));
  }
}

TEST(Platform, ParseAndMatch) {
  auto platform = ParsePlatform("linux/arm64/v8");
  ASSERT_TRUE(platform);
  EXPECT_EQ(platform->ToString(), "linux/arm64/v8");
  EXPECT_FALSE(ParsePlatform("linux"));
  EXPECT_FALSE(ParsePlatform("linux//v8"));
  EXPECT_FALSE(ParsePlatform("a/b/c/d"));
  EXPECT_TRUE(PlatformMatches({"linux", "arm64", "v8"}, {"linux", "arm64", ""}));
  EXPECT_TRUE(PlatformMatches({"linux", "arm64", ""}, {"linux", "arm64", "v8"}));
  EXPECT_TRUE(PlatformMatches({"linux", "arm", "v7"}, {"linux", "arm", ""}));
  EXPECT_FALSE(PlatformMatches({"linux", "arm", "v6"}, {"linux", "arm", "v7"}));
  EXPECT_FALSE(PlatformMatches({"linux", "amd64", ""}, {"windows", "amd64", ""}));
  EXPECT_EQ(HostPlatform().os, "linux");
}

TEST(LayerCompression, MediaTypes) {
  using archive::Compression;
  auto expect = [](std::string_view media_type, std::optional<Compression> want) {
    auto got = LayerCompression(media_type);
    ASSERT_TRUE(got) << media_type;
    EXPECT_EQ(*got, want) << media_type;
  };
  expect("", std::nullopt);
  expect("application/vnd.oci.image.layer.v1.tar", Compression::kNone);
  expect("application/vnd.oci.image.layer.v1.tar+gzip", Compression::kGzip);
  expect("application/vnd.oci.image.layer.v1.tar+zstd", Compression::kZstd);
  expect("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", Compression::kGzip);
  expect("application/vnd.docker.image.rootfs.diff.tar.gzip", Compression::kGzip);
  expect("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", Compression::kGzip);
  expect("application/vnd.docker.image.rootfs.diff.tar", Compression::kNone);
  auto xz = LayerCompression("application/vnd.oci.image.layer.v1.tar+xz");
  ASSERT_FALSE(xz);
  EXPECT_EQ(xz.error().code(), ErrorCode::kUnsupported);
  EXPECT_FALSE(LayerCompression("application/vnd.in-toto+json"));
}

TEST(ValidateDigest, Cases) {
  EXPECT_TRUE(ValidateDigest("sha256:" + std::string(64, 'a'), "d"));
  EXPECT_FALSE(ValidateDigest("sha256:" + std::string(64, 'A'), "d"));
  EXPECT_FALSE(ValidateDigest("sha256:" + std::string(63, 'a'), "d"));
  EXPECT_FALSE(ValidateDigest(std::string(64, 'a'), "d"));
  EXPECT_EQ(ValidateDigest("sha512:" + std::string(128, 'a'), "d").error().code(),
            ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace scry::artifact::image
