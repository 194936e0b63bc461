#include <gtest/gtest.h>

#include "scry/model/package.hpp"

namespace scry::model {
namespace {

Package Deb() {
  Package package;
  package.name = "libcrypt1";
  package.epoch = 1;
  package.version = "4.4.33";
  package.release = "2+b1";
  package.arch = "amd64";
  return package;
}

// Trivy's purls: version[-release] with epoch and arch as qualifiers, then the distro.
TEST(OsPackageIdentityTest, LikeTrivy) {
  Package deb = Deb();
  SetOsPackageIdentity(deb, "deb");
  EXPECT_EQ(deb.id, "libcrypt1@1:4.4.33-2+b1");
  EXPECT_EQ(deb.purl, "pkg:deb/libcrypt1@4.4.33-2%2Bb1?arch=amd64&epoch=1");
  OsInfo debian{"debian", "12.5"};
  SetOsPackageIdentity(deb, "deb", &debian);
  EXPECT_EQ(deb.purl,
            "pkg:deb/debian/libcrypt1@4.4.33-2%2Bb1?arch=amd64&epoch=1&distro=debian-12.5");

  Package apk;
  apk.name = "musl";
  apk.version = "1.2.4_git20230717-r4";
  apk.arch = "x86_64";
  OsInfo alpine{"alpine", "3.19.1"};
  SetOsPackageIdentity(apk, "apk", &alpine);
  EXPECT_EQ(apk.id, "musl@1.2.4_git20230717-r4");
  EXPECT_EQ(apk.purl, "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=3.19.1");

  Package rpm;
  rpm.name = "openssl-libs";
  rpm.version = "3.0.7";
  rpm.release = "25.el9_3";
  rpm.arch = "x86_64";
  OsInfo sles{"sles", "15.5"};
  SetOsPackageIdentity(rpm, "rpm", &sles);
  EXPECT_EQ(rpm.purl, "pkg:rpm/suse/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=sles-15.5");
}

}  // namespace
}  // namespace scry::model
