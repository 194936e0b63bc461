#!/usr/bin/env python3
"""conan.lock, pubspec.lock, mix.lock, Package.resolved and Podfile.lock end to end: `scry fs`
reports each as one application of Trivy's type with the packages the lockfile pins (names as the
ecosystem's advisories spell them, dev marks, relationships); `scry rootfs` reads none of them
(lockfiles describe a build, not what a root file system holds); a lockfile over the size limit is
refused with a warning naming it and the scan goes on.
Usage: SCRY_BIN=build/release/scry python3 tests/integration/misc_lockfiles_test.py
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

SCRY_BIN = os.environ.get("SCRY_BIN", "")

FILES = {
    "cpp/conan.lock": json.dumps({
        "version": "0.5",
        "requires": ["zlib/1.2.13#97d5730b529b4224045fe7090592d4c1%1692672717.049"],
        "build_requires": ["cmake/3.27.4#4f2a%1693500000.0"],
    }),
    "flutter/pubspec.lock": """packages:
  http:
    dependency: "direct main"
    description: {name: http, sha256: "00", url: "https://pub.dev"}
    source: hosted
    version: "0.13.6"
  lints:
    dependency: "direct dev"
    description: {name: lints, sha256: "00", url: "https://pub.dev"}
    source: hosted
    version: "2.1.1"
  async:
    dependency: transitive
    description: {name: async, sha256: "00", url: "https://pub.dev"}
    source: hosted
    version: "2.11.0"
sdks:
  dart: ">=3.0.0 <4.0.0"
""",
    "elixir/mix.lock": """%{
  "jason": {:hex, :jason, "1.4.1", "aa", [:mix], [{:decimal, "~> 2.0", [hex: :decimal, repo: "hexpm", optional: true]}], "hexpm", "bb"},
  "decimal": {:hex, :decimal, "2.1.1", "cc", [:mix], [], "hexpm", "dd"},
  "phoenix": {:git, "https://github.com/phoenixframework/phoenix.git", "abc", [branch: "main"]},
}
""",
    "swift/Package.resolved": json.dumps({"pins": [{
        "identity": "swift-nio", "kind": "remoteSourceControl",
        "location": "https://github.com/apple/swift-nio.git",
        "state": {"revision": "e0cc6dd6", "version": "2.40.0"}}], "version": 2}),
    "ios/Podfile.lock": """PODS:
  - Alamofire (5.4.3)
  - Firebase/Core (8.0.0):
    - FirebaseCore (= 8.0.0)
  - FirebaseCore (8.0.0)

DEPENDENCIES:
  - Alamofire (~> 5.4)
  - Firebase/Core

COCOAPODS: 1.12.1
""",
}

EXPECTED = {  # target -> (type, {name@version: (dev, relationship)})
    "cpp/conan.lock": ("conan", {"zlib@1.2.13": (False, None), "cmake@3.27.4": (True, None)}),
    "flutter/pubspec.lock": ("pub", {"http@0.13.6": (False, "direct"), "lints@2.1.1": (True, "direct"),
                                     "async@2.11.0": (False, "indirect")}),
    "elixir/mix.lock": ("hex", {"jason@1.4.1": (False, None), "decimal@2.1.1": (False, None),
                                "phoenix@": (False, None)}),
    "swift/Package.resolved": ("swift", {"github.com/apple/swift-nio@2.40.0": (False, None)}),
    "ios/Podfile.lock": ("cocoapods", {"Alamofire@5.4.3": (False, "direct"),
                                       "Firebase/Core@8.0.0": (False, "direct"),
                                       "FirebaseCore@8.0.0": (False, "indirect")}),
}


def scry(*args):
    out = subprocess.run([SCRY_BIN, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout), out.stderr


class MiscLockfilesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not SCRY_BIN:
            raise unittest.SkipTest("SCRY_BIN is not set")
        cls.dir = tempfile.mkdtemp(prefix="scry-misc-lockfiles-")
        cls.cache = tempfile.mkdtemp(prefix="scry-misc-cache-")
        for path, text in FILES.items():
            os.makedirs(os.path.join(cls.dir, os.path.dirname(path)), exist_ok=True)
            with open(os.path.join(cls.dir, path), "w", encoding="utf-8") as f:
                f.write(text)
        # Dev packages are dropped unless --include-dev-deps, where scry has that flag.
        usage = subprocess.run([SCRY_BIN, "fs", "--help"], capture_output=True, text=True).stdout
        cls.filters_dev = "--include-dev-deps" in usage

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)
        shutil.rmtree(cls.cache, ignore_errors=True)

    def common(self, dev=True):
        args = ["--format", "json", "--list-all-pkgs", "--skip-db-update", "--scanners=none",
                "--cache-dir", self.cache]
        return args + ["--include-dev-deps"] if dev and self.filters_dev else args

    def test_fs_reports_every_lockfile(self):
        report, _ = scry("fs", self.dir, *self.common())
        results = {r["Target"]: r for r in report.get("Results") or []}
        self.assertEqual(sorted(results), sorted(EXPECTED))
        for target, (kind, packages) in EXPECTED.items():
            with self.subTest(target=target):
                result = results[target]
                self.assertEqual(result["Type"], kind)
                got = {}
                for package in result.get("Packages") or []:
                    got[f"{package['Name']}@{package.get('Version', '')}"] = (
                        package.get("Dev", False), package.get("Relationship"))
                self.assertEqual(sorted(got), sorted(packages))
                for key, (dev, relationship) in packages.items():
                    self.assertEqual(got[key][0], dev, key)
                    if relationship:
                        self.assertEqual(got[key][1], relationship, key)

    def test_dev_packages_need_the_flag(self):
        if not self.filters_dev:
            self.skipTest("this scry has no --include-dev-deps")
        report, _ = scry("fs", self.dir, *self.common(dev=False))
        names = {p["Name"] for r in report.get("Results") or [] for p in r.get("Packages") or []}
        self.assertNotIn("cmake", names)
        self.assertNotIn("lints", names)
        self.assertIn("zlib", names)
        self.assertIn("async", names)

    def test_rootfs_reads_no_lockfile(self):
        report, _ = scry("rootfs", self.dir, *self.common())
        self.assertEqual([r["Target"] for r in report.get("Results") or []], [])

    def test_oversized_lockfile_is_refused_and_the_scan_goes_on(self):
        big = tempfile.mkdtemp(prefix="scry-misc-big-")
        try:
            shutil.copytree(self.dir, big, dirs_exist_ok=True)
            os.makedirs(os.path.join(big, "big"))
            with open(os.path.join(big, "big", "mix.lock"), "w") as f:
                f.truncate(101 << 20)  # sparse: costs no disk
            report, stderr = scry("fs", big, *self.common())
            self.assertIn("big/mix.lock", stderr)
            self.assertIn("100 MiB", stderr)
            targets = [r["Target"] for r in report.get("Results") or []]
            self.assertNotIn("big/mix.lock", targets)
            self.assertIn("elixir/mix.lock", targets)
        finally:
            shutil.rmtree(big, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
