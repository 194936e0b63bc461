#!/usr/bin/env python3
"""Installed language packages in a container image, through `scry image`.

The test writes an OCI layout by hand (image_inputs_test.Layout): layer 1 installs a Python
distribution (requests 2.25.0, dist-info METADATA), two node_modules packages, a gemspec, a
composer installed.json and a package-lock.json; layer 2 deletes one node package with a
whiteout. Checked: the installed packages are found, aggregated per type as Trivy does (Targets
"Python", "Node.js", "Ruby", "PHP", each package naming its FilePath and Layer), the deleted one is
gone, the lockfile is not read (image scans report what is installed, not what a build would
install), and requests 2.25.0 matches the PyPA advisories of the database built into scry.
Usage: SCRY_BIN=build/release/scry python3 tests/integration/image_lang_test.py
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from image_inputs_test import Layout, tar_bytes  # noqa: E402

SCRY_BIN = os.environ.get("SCRY_BIN", "")
SITE = "usr/lib/python3/dist-packages/requests-2.25.0.dist-info/METADATA"
METADATA = b"Metadata-Version: 2.1\nName: requests\nVersion: 2.25.0\nLicense: Apache 2.0\n\n"
NODE = "app/node_modules/{}/package.json"
GEMSPEC = "usr/lib/ruby/gems/3.1.0/specifications/rack-2.2.3.gemspec"
GEMSPEC_TEXT = b"""# -*- encoding: utf-8 -*-
Gem::Specification.new do |s|
  s.name = "rack".freeze
  s.version = "2.2.3"
  s.licenses = ["MIT".freeze]
end
"""
INSTALLED_JSON = b'{"packages": [{"name": "monolog/monolog", "version": "2.3.5"}]}'
LOCK = (b'{"name": "app", "version": "1.0.0", "lockfileVersion": 3, "packages": {"": '
        b'{"name": "app", "version": "1.0.0"}, "node_modules/minimist": {"version": "0.0.8"}}}')


def package_json(name, version):
    return json.dumps({"name": name, "version": version, "license": "MIT"}).encode()


class ImageLanguagePackagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="scry-image-lang-")
        cls.root = os.path.join(cls.tmp, "layout")
        layout = Layout(cls.root)
        layer1 = tar_bytes([
            (SITE, "file", METADATA),
            (NODE.format("lodash"), "file", package_json("lodash", "4.17.20")),
            (NODE.format("left-pad"), "file", package_json("left-pad", "1.3.0")),
            (GEMSPEC, "file", GEMSPEC_TEXT),
            ("srv/www/vendor/composer/installed.json", "file", INSTALLED_JSON),
            ("app/package-lock.json", "file", LOCK),
        ])
        layer2 = tar_bytes([("app/node_modules/.wh.left-pad", "file", b"")])
        descriptor, _ = layout.image([(layer1, "gzip"), (layer2, "gzip")])
        layout.write_index([descriptor])
        done = subprocess.run([SCRY_BIN, "image", cls.root, "--format", "json", "--list-all-pkgs",
                               "--skip-db-update", "--cache-dir", os.path.join(cls.tmp, "cache"),
                               "--quiet"], capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise AssertionError(f"scry image failed: {done.stderr}")
        cls.report = json.loads(done.stdout)
        cls.results = {r["Target"]: r for r in cls.report.get("Results", [])}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def packages(self, target):
        return {(p["Name"], p["Version"], p.get("FilePath", "")): p
                for p in self.results[target]["Packages"]}

    def test_installed_packages_are_aggregated_per_type(self):
        self.assertEqual(set(self.results), {"Python", "Node.js", "Ruby", "PHP"})
        self.assertEqual(set(self.packages("Python")), {("requests", "2.25.0", SITE)})
        self.assertEqual(self.results["Python"]["Type"], "python-pkg")
        self.assertEqual(set(self.packages("Node.js")),
                         {("lodash", "4.17.20", NODE.format("lodash"))})
        self.assertEqual(set(self.packages("Ruby")), {("rack", "2.2.3", GEMSPEC)})
        self.assertEqual({(n, v) for n, v, _ in self.packages("PHP")},
                         {("monolog/monolog", "2.3.5")})
        for result in self.results.values():
            for package in result["Packages"]:
                self.assertTrue(package["Layer"]["DiffID"].startswith("sha256:"))

    def test_lockfiles_are_not_read_in_images(self):
        for result in self.report.get("Results", []):
            self.assertNotEqual(result["Type"], "npm")

    def test_pypa_advisories_match(self):
        found = {v["PkgName"] for v in self.results["Python"].get("Vulnerabilities", [])}
        ids = {i for v in self.results["Python"].get("Vulnerabilities", [])
               for i in [v["VulnerabilityID"], *v.get("VendorIDs", [])]}
        self.assertEqual(found, {"requests"})
        # requests < 2.31.0 leaks Proxy-Authorization headers (PYSEC-2023-74, CVE-2023-32681).
        self.assertIn("CVE-2023-32681", ids)


if __name__ == "__main__":
    unittest.main()
