#!/usr/bin/env python3
"""`scry sbom FILE`: SBOMs rescanned against the database built into scry.

Round trip: the test writes a two-layer OCI image (image_inputs_test.Layout): layer 1 is a Debian
11 root (os-release, debian_version, a dpkg status with old zlib1g, libexpat1 and libc6 whose
source packages differ from their names), layer 2 the Go fixture build/fixtures/go/bin/deps-proxy
(golang.org/x/text and friends, stdlib 1.19.8). `scry image --format json` is the reference;
`scry image --format cyclonedx` and `--format spdx-json` are read back with `scry sbom --format
json`, and must give:
  * the same findings: (Target, PkgID, PkgName, InstalledVersion, VulnerabilityID,
    FixedVersion, Severity, Status) for every finding; Target compared as is for language
    results, and for the OS result it must be "<SBOM path> (debian 11.6)": Trivy names the OS
    result after the artifact, and the artifact of `scry sbom` is the SBOM file, not the image;
  * the same packages (with --list-all-pkgs): ID, Name, Version, Release, Epoch, Arch, SrcName,
    SrcVersion, SrcRelease, SrcEpoch, PURL, Layer DiffID and Digest, FilePath, Relationship,
    VersionSource and DependsOn per result (Type included);
  * the same Go binary facts matching depends on (GOOS/GOARCH, format, main package path): without
    them platform-specific advisories (Windows-only ones for a Linux binary) would be reported;
  * the same Metadata.OS; ArtifactType "sbom" and ArtifactName the SBOM's path.
Foreign SBOMs (hand-written CycloneDX 1.4 as Syft writes it, SPDX 2.2 with PACKAGE_MANAGER refs)
naming golang.org/x/text v0.3.7 and libexpat1 2.2.10-2 (distro qualifier debian-11, Syft's
upstream=expat; in SPDX the OS comes from the purl only) must give those packages' findings of
the image scan, CVE-2022-32149 among them. Bad inputs exit 1 with one line naming the formats.
Usage: SCRY_BIN=build/release/scry SCRY_GO_FIXTURES=build/fixtures/go python3 tests/integration/sbom_test.py
"""
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from image_inputs_test import Layout  # noqa: E402

import debian11_fixture  # beside this file

from scry_fixture import SCRY_BIN, require_scry_and_fixture  # beside this file
ACCEPTED = "CycloneDX JSON (1.2 to 1.6) or SPDX JSON (2.2, 2.3)"

FOREIGN_CDX = {
    "bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1,
    "metadata": {"tools": [{"vendor": "anchore", "name": "syft", "version": "0.90.0"}],
                 "component": {"bom-ref": "root", "type": "container", "name": "debian:11"}},
    "components": [
        {"bom-ref": "os", "type": "operating-system", "name": "debian", "version": "11.6"},
        {"bom-ref": "expat", "type": "library", "name": "libexpat1", "version": "2.2.10-2",
         "purl": "pkg:deb/debian/libexpat1@2.2.10-2?arch=amd64&upstream=expat&distro=debian-11",
         "properties": [{"name": "syft:package:type", "value": "deb"}]},
        {"bom-ref": "text", "type": "library", "name": "golang.org/x/text", "version": "v0.3.7",
         "purl": "pkg:golang/golang.org/x/text@v0.3.7",
         "properties": [{"name": "syft:location:0:path", "value": "/usr/bin/app"}]},
        {"bom-ref": "file", "type": "file", "name": "/usr/bin/app"},
    ],
    "dependencies": [{"ref": "root", "dependsOn": ["expat", "text"]}],
}
FOREIGN_SPDX = {
    "spdxVersion": "SPDX-2.2", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
    "name": "debian-11", "documentNamespace": "https://example.com/spdx/debian-11",
    "creationInfo": {"creators": ["Tool: hand"], "created": "2024-01-01T00:00:00Z"},
    "documentDescribes": ["SPDXRef-Root"],
    "packages": [
        {"SPDXID": "SPDXRef-Root", "name": "debian-11", "downloadLocation": "NOASSERTION"},
        {"SPDXID": "SPDXRef-expat", "name": "libexpat1", "versionInfo": "2.2.10-2",
         "downloadLocation": "NOASSERTION", "sourceInfo": "built package from: expat 2.2.10-2",
         "externalRefs": [{"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl",
                           "referenceLocator": "pkg:deb/debian/libexpat1@2.2.10-2?arch=amd64&distro=debian-11"}]},
        {"SPDXID": "SPDXRef-text", "name": "golang.org/x/text", "versionInfo": "v0.3.7",
         "downloadLocation": "NOASSERTION",
         "externalRefs": [{"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl",
                           "referenceLocator": "pkg:golang/golang.org/x/text@v0.3.7"}]},
    ],
    "relationships": [
        {"spdxElementId": "SPDXRef-Root", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-expat"},
        {"spdxElementId": "SPDXRef-Root", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-text"},
    ],
}


def tar_bytes(entries):
    """entries: (name, data, mode)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data, mode in entries:
            info = tarfile.TarInfo(name)
            info.mtime, info.size, info.mode = 1700000000, len(data), mode
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def findings(report, os_target=None):
    out = set()
    for result in report.get("Results", []):
        target = result["Target"]
        if result["Class"] == "os-pkgs":
            target = "OS" if os_target is None or target == os_target else "wrong OS target " + target
        for v in result.get("Vulnerabilities", []):
            out.add((target, v["PkgID"], v["PkgName"], v["InstalledVersion"], v["VulnerabilityID"],
                     v.get("FixedVersion", ""), v.get("Severity", ""), v.get("Status", "")))
    return out


PACKAGE_FIELDS = ("ID", "Name", "Version", "Release", "Epoch", "SrcName", "SrcVersion", "SrcRelease",
                  "SrcEpoch", "Arch", "Relationship", "FilePath", "VersionSource", "DependsOn")


def packages(report):
    out = set()
    for result in report.get("Results", []):
        target = "OS" if result["Class"] == "os-pkgs" else result["Target"]
        for p in result.get("Packages", []):
            fields = tuple(str(p.get(k, "")) for k in PACKAGE_FIELDS)
            layer = p.get("Layer", {})
            out.add((target, result["Type"]) + fields +
                    (p.get("Identifier", {}).get("PURL", ""), layer.get("DiffID", ""),
                     layer.get("Digest", "")))
    return out


def go_binaries(report):
    """What matching uses of each Go binary result: platform (GOOS/GOARCH, format) and main path."""
    out = {}
    for result in report.get("Results", []):
        binary = result.get("GoBinary")
        if binary:
            settings = binary.get("Settings", {})
            out[result["Target"]] = (binary["GoVersion"], binary.get("Path", ""), binary["BuildInfo"],
                                     binary["Format"], tuple(binary["Architectures"]),
                                     settings.get("GOOS"), settings.get("GOARCH"))
    return out


class SbomTest(unittest.TestCase):
    maxDiff = None
    tmp = None

    @classmethod
    def setUpClass(cls):
        binary = require_scry_and_fixture("deps-proxy")
        cls.tmp = tempfile.mkdtemp(prefix="scry-sbom-")
        layout = Layout(os.path.join(cls.tmp, "image"))
        with open(binary, "rb") as f:
            app = f.read()
        os_layer = tar_bytes([(path, text.encode(), 0o644) for path, text in debian11_fixture.files()])
        app_layer = tar_bytes([("usr/bin/app", app, 0o755)])
        descriptor, _ = layout.image([(os_layer, "gzip"), (app_layer, "gzip")])
        layout.write_index([descriptor])
        cls.image = json.loads(cls.scry("image", "image", "--format", "json", "--list-all-pkgs").stdout)
        for fmt, name in (("cyclonedx", "image.cdx.json"), ("spdx-json", "image.spdx.json")):
            cls.scry("image", "image", "--format", fmt, "--output", name)
        for name, document in (("foreign.cdx.json", FOREIGN_CDX), ("foreign.spdx.json", FOREIGN_SPDX)):
            with open(os.path.join(cls.tmp, name), "w") as f:
                json.dump(document, f)

    @classmethod
    def tearDownClass(cls):
        if cls.tmp:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def scry(cls, command, target, *extra, check=True):
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        res = subprocess.run([SCRY_BIN, "--cache-dir", os.path.join(cls.tmp, "cache"), command, target,
                              "--skip-db-update", "--quiet"] + list(extra),
                             cwd=cls.tmp, env=env, capture_output=True, text=True, timeout=300)
        if check and res.returncode != 0:
            raise AssertionError("scry %s %s exited %d:\n%s" % (command, target, res.returncode, res.stderr))
        return res

    def sbom_report(self, name, *extra):
        return json.loads(self.scry("sbom", name, "--format", "json", "--list-all-pkgs", *extra).stdout)

    def test_reference_scan_has_findings_of_both_kinds(self):
        classes = {r["Class"] for r in self.image["Results"] if r.get("Vulnerabilities")}
        self.assertEqual(classes, {"os-pkgs", "lang-pkgs"})

    def test_round_trip_keeps_findings(self):
        expected = findings(self.image)
        self.assertGreater(len(expected), 10)
        for name in ("image.cdx.json", "image.spdx.json"):
            with self.subTest(sbom=name):
                report = self.sbom_report(name)
                self.assertEqual(findings(report, os_target="%s (debian 11.6)" % name), expected)

    def test_round_trip_keeps_packages_and_metadata(self):
        expected = packages(self.image)
        for name in ("image.cdx.json", "image.spdx.json"):
            with self.subTest(sbom=name):
                report = self.sbom_report(name)
                self.assertEqual(report["ArtifactType"], "sbom")
                self.assertEqual(report["ArtifactName"], name)
                self.assertEqual(report["Metadata"]["OS"], self.image["Metadata"]["OS"])
                self.assertEqual(packages(report), expected)
                self.assertEqual(go_binaries(report), go_binaries(self.image))

    def test_every_format_and_exit_code(self):
        for fmt in ("table", "sarif", "cyclonedx", "spdx-json", "github"):
            with self.subTest(format=fmt):
                res = self.scry("sbom", "image.cdx.json", "--format", fmt, "--exit-code", "7", check=False)
                self.assertEqual(res.returncode, 7, res.stderr)
                self.assertIn("libexpat1", res.stdout)
        res = self.scry("sbom", "image.cdx.json", "--pkg-types", "library", "--format", "json",
                        "--exit-code", "7", check=False)
        self.assertEqual(res.returncode, 7, res.stderr)
        classes = {r["Class"] for r in json.loads(res.stdout).get("Results", [])}
        self.assertEqual(classes, {"lang-pkgs"})
        res = self.scry("sbom", "image.cdx.json", "--scanners", "none", "--exit-code", "7", check=False)
        self.assertEqual(res.returncode, 0, res.stderr)

    def test_foreign_sboms(self):
        # libexpat1's findings are the image scan's; golang.org/x/text v0.3.7 is not in the image,
        # so its findings must be the same in both documents and include the known advisory.
        expat = {(f[2], f[3], f[4]) for f in findings(self.image) if f[2] == "libexpat1"}
        self.assertTrue(expat)
        seen = []
        for name in ("foreign.cdx.json", "foreign.spdx.json"):
            with self.subTest(sbom=name):
                report = self.sbom_report(name)
                self.assertEqual(report["Metadata"]["OS"]["Family"], "debian")
                got = {(f[2], f[3], f[4]) for f in findings(report)}
                self.assertEqual({f for f in got if f[0] == "libexpat1"}, expat)
                self.assertIn(("golang.org/x/text", "v0.3.7", "CVE-2022-32149"), got)
                self.assertEqual({f[0] for f in got}, {"libexpat1", "golang.org/x/text"})
                targets = {r["Target"]: (r["Class"], r["Type"]) for r in report["Results"]}
                self.assertEqual(targets, {"Go": ("lang-pkgs", "gomod"),
                                           name + " (debian %s)" % report["Metadata"]["OS"]["Name"]:
                                           ("os-pkgs", "debian")})
                seen.append(got)
        self.assertEqual(seen[0], seen[1])

    def test_bad_inputs_exit_1_with_one_line(self):
        cases = {
            "not-json.json": "this is not JSON",
            "package.json": '{"name": "app", "version": "1.0.0"}',
            "bom.xml": '<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>',
            "sbom.spdx": "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n",
            "old.cdx.json": '{"bomFormat": "CycloneDX", "specVersion": "1.1"}',
            "old.spdx.json": '{"spdxVersion": "SPDX-2.1", "packages": []}',
        }
        for name, text in cases.items():
            with self.subTest(file=name):
                with open(os.path.join(self.tmp, name), "w") as f:
                    f.write(text)
                res = self.scry("sbom", name, check=False)
                self.assertEqual(res.returncode, 1)
                self.assertEqual(res.stdout, "")
                lines = res.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, res.stderr)
                self.assertIn(name, lines[0])
                self.assertIn(ACCEPTED, lines[0])
        res = self.scry("sbom", "missing.json", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertEqual(len(res.stderr.strip().splitlines()), 1, res.stderr)
        self.assertIn("missing.json", res.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
