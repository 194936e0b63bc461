#include "scry/binary/go/main_version.hpp"

#include <gtest/gtest.h>

namespace scry::binary::go {
namespace {

ModInfo WithMain(std::string version, std::vector<std::pair<std::string, std::string>> settings) {
  ModInfo info;
  info.path = "example.com/app/cmd/app";
  info.main = Module{};
  info.main->path = "example.com/app";
  info.main->version = std::move(version);
  info.settings = std::move(settings);
  return info;
}

TEST(MainVersionTest, LdflagsCandidates) {
  auto candidates = LdflagsVersionCandidates(
      R"(-s -w -X main.version=1.2.3 -X=main.commit=abc '-X' "pkg/version.Ver=v2.0.0" )"
      R"(--X example.com/app/cmd/app.VERSION=v3.0.0-rc.1 -X main.Version=dev -X main.ver)");
  ASSERT_EQ(candidates.size(), 3u);
  EXPECT_EQ(candidates[0].key, "main.version");
  EXPECT_EQ(candidates[0].value, "v1.2.3");
  EXPECT_EQ(candidates[1].key, "pkg/version.Ver");
  EXPECT_EQ(candidates[2].key, "example.com/app/cmd/app.VERSION");
  EXPECT_EQ(candidates[2].value, "v3.0.0-rc.1");
  EXPECT_TRUE(LdflagsVersionCandidates("-X 'unterminated").empty());
}

TEST(MainVersionTest, RanksKeys) {
  std::vector<VersionCandidate> candidates = {{"github.com/x/y/internal/version.Version", "v3.0.0"},
                                              {"example.com/app/cmd/app.version", "v2.0.0"},
                                              {"example.com/other.Version", "v4.0.0"}};
  std::string ambiguity;
  auto chosen = ChooseVersion(candidates, "example.com/app", &ambiguity);
  ASSERT_TRUE(chosen.has_value());
  EXPECT_EQ(chosen->value, "v2.0.0");
  candidates.push_back({"main.version", "v1.0.0"});
  EXPECT_EQ(ChooseVersion(candidates, "example.com/app", &ambiguity)->value, "v1.0.0");
  // Without a main-module match, a package named "version" beats an arbitrary one.
  std::vector<VersionCandidate> others = {{"example.com/other.Version", "v4.0.0"},
                                          {"github.com/x/y/internal/version.Version", "v3.0.0"}};
  EXPECT_EQ(ChooseVersion(others, "example.com/app", nullptr)->value, "v3.0.0");
  EXPECT_TRUE(ambiguity.empty());
}

TEST(MainVersionTest, AmbiguousChoiceIsNoChoice) {
  std::vector<VersionCandidate> candidates = {{"main.version", "v1.0.0"},
                                              {"main.Version", "v2.0.0"},
                                              {"example.com/app/cmd/x.version", "v1.0.0"}};
  std::string ambiguity;
  EXPECT_FALSE(ChooseVersion(candidates, "example.com/app", &ambiguity).has_value());
  EXPECT_EQ(ambiguity, "main.Version=v2.0.0 main.version=v1.0.0");
  // The same value under two keys is not ambiguous.
  candidates[1].value = "v1.0.0";
  auto chosen = ChooseVersion(candidates, "example.com/app", &ambiguity);
  ASSERT_TRUE(chosen.has_value());
  EXPECT_EQ(chosen->key, "main.Version");
}

TEST(MainVersionTest, OrderOfTrust) {
  // A release version in build info wins over everything.
  auto info = WithMain("v1.5.0", {{"-ldflags", "-X main.version=v9.9.9"}});
  MainVersion version = InferMainVersion(info, nullptr);
  EXPECT_EQ(version.version, "v1.5.0");
  EXPECT_EQ(version.source, MainVersionSource::kBuildInfo);

  info = WithMain("(devel)", {{"-ldflags", "-X main.version=v9.9.9"},
                              {"vcs.revision", "0123456789abcdef0123"},
                              {"vcs.time", "2024-02-03T04:05:06Z"}});
  version = InferMainVersion(info, nullptr);
  EXPECT_EQ(version.version, "v9.9.9");
  EXPECT_EQ(version.source, MainVersionSource::kLdflags);
  EXPECT_EQ(version.detail, "main.version");

  info = WithMain("(devel)", {{"vcs.revision", "0123456789abcdef0123"},
                              {"vcs.time", "2024-02-03T04:05:06Z"},
                              {"vcs.modified", "true"}});
  version = InferMainVersion(info, nullptr);
  EXPECT_EQ(version.version, "v0.0.0-20240203040506-0123456789ab+dirty");
  EXPECT_EQ(version.source, MainVersionSource::kVcs);

  // Go 1.24 stamps a pseudo-version itself; -X still wins over it.
  info = WithMain("v0.0.0-20240203040506-0123456789ab", {});
  EXPECT_EQ(InferMainVersion(info, nullptr).source, MainVersionSource::kBuildInfo);
  info.settings = {{"-ldflags", "-X main.version=v1.0.0"}};
  EXPECT_EQ(InferMainVersion(info, nullptr).version, "v1.0.0");

  info = WithMain("(devel)", {{"-ldflags", "-X main.version=v1.0.0 -X main.Version=v2.0.0"},
                              {"vcs.revision", "0123456789abcdef0123"},
                              {"vcs.time", "2024-02-03T04:05:06Z"}});
  version = InferMainVersion(info, nullptr);
  EXPECT_EQ(version.source, MainVersionSource::kNone);
  EXPECT_EQ(version.version, "");
  EXPECT_FALSE(version.ambiguity.empty());

  EXPECT_EQ(InferMainVersion(WithMain("(devel)", {}), nullptr).source, MainVersionSource::kNone);
  EXPECT_EQ(InferMainVersion(ModInfo{}, nullptr).source, MainVersionSource::kNone);
}

}  // namespace
}  // namespace scry::binary::go
