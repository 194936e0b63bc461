#!/usr/bin/env python3
"""Filters and policy end to end: ignore files, VEX, --ignore-status, --pkg-types, exit codes.

The real Go vulnerability database (../shared/vulndata/go/osv) is imported with `scry db import`
into a temporary cache. A project folder holds two copies of a real Go fixture binary
(bin/deps-proxy, tool/deps-proxy: Go 1.19.8's stdlib and golang.org/x/text v0.7.0) and is scanned
with `scry fs --format json` from a working directory holding the ignore files, so the default
discovery (.trivyignore, .trivyignore.yaml, .scryignore) is what reads them. The finding IDs
used below are taken from the unfiltered scan, so the test follows the data rather than a list
written here; the few IDs it names are checked to be present first.

Usage: SCRY_BIN=build/release/scry SCRY_GO_FIXTURES=build/fixtures/go \\
       SCRY_VULNDATA=../shared/vulndata python3 tests/integration/policy_test.py [-v]
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SCRY_BIN = os.path.abspath(os.environ["SCRY_BIN"]) if os.environ.get("SCRY_BIN") else ""
FIXTURES = os.environ.get("SCRY_GO_FIXTURES", "")
VULNDATA = os.environ.get("SCRY_VULNDATA", "")
BINARY = "bin/deps-proxy"  # a fixture of tools/make-go-fixtures

# Findings of deps-proxy (stdlib v1.19.8) with the aliases the Go database gives them.
LIVE_BY_CVE = "CVE-2023-24539"               # GO-2023-1751
LIVE_BY_GO = ("CVE-2023-24540", "GO-2023-1752")
EXPIRED_BY_CVE = "CVE-2023-29400"            # GO-2023-1753
EXPIRED_BY_GO = ("CVE-2023-29403", "GO-2023-1840")
YAML_BY_PATH = "CVE-2023-29406"              # only under bin/
YAML_BY_PURL = ("CVE-2023-29409", "GO-2023-1987")   # stdlib@v1.19.8
YAML_OTHER_PURL = "CVE-2023-39318"           # rule for stdlib@v1.20.0: no effect
OPENVEX_BY_GHSA = ("CVE-2023-39325", "GHSA-4374-p667-p6c8")
CDX_BY_GO = ("CVE-2023-45288", "GO-2024-2687")
CDX_OTHER_VERSION = "CVE-2023-45284"         # statement for stdlib@v1.20.0: no effect


def run(cmd, cwd=None, env=None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(cmd, capture_output=True, cwd=cwd, env=full_env, timeout=300, text=True)


class PolicyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not SCRY_BIN or not os.path.exists(os.path.join(FIXTURES, BINARY)):
            raise unittest.SkipTest("SCRY_BIN and SCRY_GO_FIXTURES with %s are required" % BINARY)
        cls.tmp = tempfile.mkdtemp(prefix="scry-policy-")
        cls.cache = os.path.join(cls.tmp, "cache")
        res = run([SCRY_BIN, "--cache-dir", cls.cache, "-q", "db", "import",
                   os.path.join(VULNDATA, "go/osv")])
        assert res.returncode == 0, res.stderr
        cls.project = os.path.join(cls.tmp, "project")
        for folder in ("bin", "tool"):
            os.makedirs(os.path.join(cls.project, folder))
            shutil.copy(os.path.join(FIXTURES, BINARY), os.path.join(cls.project, folder))
        cls.empty_cwd = os.path.join(cls.tmp, "empty")
        os.makedirs(cls.empty_cwd)
        cls.baseline = cls.scan([], cwd=cls.empty_cwd)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def scry(cls, args, cwd=None, env=None):
        return run([SCRY_BIN, "--cache-dir", cls.cache] + list(args), cwd=cwd or cls.empty_cwd,
                   env=env)

    @classmethod
    def scan(cls, args, cwd=None, target=None, env=None, expect=0):
        res = cls.scry(["fs", "--skip-db-update", "--format", "json", target or cls.project]
                       + list(args), cwd=cwd, env=env)
        assert res.returncode == expect, (res.returncode, res.stderr)
        report = json.loads(res.stdout)
        report["_stderr"] = res.stderr
        return report

    @staticmethod
    def ids(report, target):
        for result in report.get("Results", []):
            if result["Target"] == target:
                return sorted(v["VulnerabilityID"] for v in result.get("Vulnerabilities", []))
        return []

    @staticmethod
    def filtered(report, target):
        for result in report.get("Results", []):
            if result["Target"] == target:
                return {f["VulnerabilityID"]: f for f in result.get("FilteredVulnerabilities", [])}
        return {}

    def write(self, folder, name, text):
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, name), "w") as out:
            out.write(text)
        return os.path.join(folder, name)

    def test_baseline_has_the_named_findings_and_aliases(self):
        found = {}
        for result in self.baseline["Results"]:
            for vuln in result.get("Vulnerabilities", []):
                found[vuln["VulnerabilityID"]] = vuln.get("VendorIDs", [])
        for pair in (LIVE_BY_GO, EXPIRED_BY_GO, YAML_BY_PURL, OPENVEX_BY_GHSA, CDX_BY_GO):
            self.assertIn(pair[1], found.get(pair[0], []), pair)
        for cve in (LIVE_BY_CVE, EXPIRED_BY_CVE, YAML_BY_PATH, YAML_OTHER_PURL, CDX_OTHER_VERSION):
            self.assertIn(cve, found)
        self.assertEqual(self.ids(self.baseline, "bin/deps-proxy"),
                         self.ids(self.baseline, "tool/deps-proxy"))

    def test_ignore_files_live_expired_path_and_purl(self):
        cwd = os.path.join(self.tmp, "ignore-cwd")
        self.write(cwd, ".trivyignore",
                   "# live rules\n%s\n%s exp:2999-01-01\n\n# expired rules\n%s exp:2020-01-01\n"
                   "%s exp:2021-06-30\n" % (LIVE_BY_CVE, LIVE_BY_GO[1], EXPIRED_BY_CVE,
                                            EXPIRED_BY_GO[1]))
        self.write(cwd, ".trivyignore.yaml",
                   "vulnerabilities:\n"
                   "  - id: %s\n    paths: [\"bin/*\"]\n    statement: tool/ is not shipped\n"
                   "  - id: %s\n    purls: [\"pkg:golang/stdlib@v1.19.8\"]\n"
                   "  - id: %s\n    purls: [\"pkg:golang/stdlib@v1.20.0\"]\n"
                   % (YAML_BY_PATH, YAML_BY_PURL[1], YAML_OTHER_PURL))
        report = self.scan([], cwd=cwd)
        for target in ("bin/deps-proxy", "tool/deps-proxy"):
            ids = self.ids(report, target)
            filtered = self.filtered(report, target)
            for cve in (LIVE_BY_CVE, LIVE_BY_GO[0], YAML_BY_PURL[0]):
                self.assertNotIn(cve, ids, target)
                self.assertIn(cve, filtered, target)
                self.assertEqual(filtered[cve]["Evidence"]["Kind"], "ignore-rule")
            for cve in (EXPIRED_BY_CVE, EXPIRED_BY_GO[0], YAML_OTHER_PURL):
                self.assertIn(cve, ids, target)
            # Nothing else changed: remaining + ignored = baseline.
            self.assertEqual(sorted(ids + [c for c in filtered if filtered[c].get("Evidence")]),
                             self.ids(self.baseline, target))
        self.assertNotIn(YAML_BY_PATH, self.ids(report, "bin/deps-proxy"))
        self.assertIn(YAML_BY_PATH, self.ids(report, "tool/deps-proxy"))
        entry = self.filtered(report, "bin/deps-proxy")[YAML_BY_PATH]
        self.assertIn("tool/ is not shipped", entry["Reason"])
        self.assertEqual(entry["Evidence"]["File"], ".trivyignore.yaml:2")
        self.assertEqual(self.filtered(report, "bin/deps-proxy")[LIVE_BY_GO[0]]["Evidence"]["Rule"],
                         LIVE_BY_GO[1])
        stderr = report["_stderr"]
        self.assertIn("%s (.trivyignore:6) expired on 2020-01-01" % EXPIRED_BY_CVE, stderr)
        self.assertIn("%s (.trivyignore:7) expired on 2021-06-30" % EXPIRED_BY_GO[1], stderr)
        # An explicit --ignorefile replaces the defaults; .scryignore is found by default too.
        named = self.scan(["--ignorefile", os.path.join(cwd, ".trivyignore")], cwd=self.empty_cwd)
        self.assertNotIn(LIVE_BY_CVE, self.ids(named, "bin/deps-proxy"))
        self.assertIn(YAML_BY_PURL[0], self.ids(named, "bin/deps-proxy"))
        scry_cwd = os.path.join(self.tmp, "scryignore-cwd")
        self.write(scry_cwd, ".scryignore", YAML_OTHER_PURL + "\n")
        self.assertNotIn(YAML_OTHER_PURL, self.ids(self.scan([], cwd=scry_cwd), "tool/deps-proxy"))

    def test_vex_suppresses_by_alias(self):
        folder = os.path.join(self.tmp, "vex")
        openvex = self.write(folder, "app.openvex.json", json.dumps({
            "@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1",
            "author": "test", "timestamp": "2024-01-01T00:00:00Z", "version": 1,
            "statements": [{
                "vulnerability": {"name": OPENVEX_BY_GHSA[1]},
                "products": [{"@id": "pkg:oci/app",
                              "subcomponents": [{"@id": "pkg:golang/stdlib"}]}],
                "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
                "impact_statement": "no HTTP/2 server"}]}))
        cdx = self.write(folder, "app.cdx.json", json.dumps({
            "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
            "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
            "components": [{"bom-ref": "std", "type": "library", "name": "stdlib",
                            "purl": "pkg:golang/stdlib@v1.19.8"}],
            "vulnerabilities": [
                {"id": CDX_BY_GO[1], "analysis": {"state": "resolved", "detail": "patched"},
                 "affects": [{"ref": "std"}]},
                {"id": CDX_OTHER_VERSION, "analysis": {"state": "not_affected"},
                 "affects": [{"ref": "pkg:golang/stdlib@v1.20.0"}]}]}))
        report = self.scan(["--vex", openvex, "--vex", cdx])
        for target in ("bin/deps-proxy", "tool/deps-proxy"):
            ids = self.ids(report, target)
            filtered = self.filtered(report, target)
            self.assertNotIn(OPENVEX_BY_GHSA[0], ids)
            self.assertNotIn(CDX_BY_GO[0], ids)
            self.assertIn(CDX_OTHER_VERSION, ids)
            evidence = filtered[OPENVEX_BY_GHSA[0]]["Evidence"]
            self.assertEqual(evidence["Kind"], "vex")
            self.assertEqual(evidence["Format"], "openvex")
            self.assertEqual(evidence["Status"], "not_affected")
            self.assertEqual(evidence["Justification"], "vulnerable_code_not_in_execute_path")
            self.assertEqual(evidence["Vulnerability"], OPENVEX_BY_GHSA[1])
            evidence = filtered[CDX_BY_GO[0]]["Evidence"]
            self.assertEqual((evidence["Format"], evidence["Status"], evidence["Detail"]),
                             ("cyclonedx", "resolved", "patched"))
            self.assertEqual(len(ids) + 2, len(self.ids(self.baseline, target)))
        # A VEX file that does not parse fails the scan with its name.
        bad = self.write(folder, "bad.json", "{\"statements\": 1}")
        res = self.scry(["fs", "--skip-db-update", self.project, "--vex", bad])
        self.assertEqual(res.returncode, 1)
        self.assertIn("bad.json", res.stderr)

    def test_ignore_status_and_env(self):
        statuses = {v["Status"] for r in self.baseline["Results"] for v in r.get("Vulnerabilities", [])}
        self.assertIn("fixed", statuses)
        for args, env in ((["--ignore-status", "fixed"], None), ([], {"SCRY_IGNORE_STATUS": "fixed"})):
            report = self.scan(args, env=env)
            remaining = [v for r in report.get("Results", []) for v in r.get("Vulnerabilities", [])]
            self.assertTrue(all(v["Status"] != "fixed" for v in remaining))
            expected = [v for r in self.baseline["Results"] for v in r.get("Vulnerabilities", [])
                        if v["Status"] != "fixed"]
            self.assertEqual(len(remaining), len(expected))
        res = self.scry(["fs", "--skip-db-update", self.project, "--ignore-status", "wontfix"])
        self.assertEqual(res.returncode, 2)
        self.assertIn("unknown status wontfix", res.stderr)

    def test_pkg_types_on_a_rootfs(self):
        root = os.path.join(self.tmp, "rootfs")
        self.write(os.path.join(root, "etc"), "os-release", 'ID=debian\nVERSION_ID="12"\n')
        self.write(os.path.join(root, "var/lib/dpkg"), "status",
                   "Package: base-files\nStatus: install ok installed\nArchitecture: amd64\n"
                   "Version: 12.4\n")
        os.makedirs(os.path.join(root, "usr/local/bin"), exist_ok=True)
        shutil.copy(os.path.join(FIXTURES, BINARY), os.path.join(root, "usr/local/bin/app"))

        def classes(args, **kwargs):
            res = self.scry(["rootfs", "--skip-db-update", "--format", "json", "--list-all-pkgs",
                             root] + args, **kwargs)
            self.assertEqual(res.returncode, 0, res.stderr)
            return sorted(r["Class"] for r in json.loads(res.stdout).get("Results", [])), res

        self.assertEqual(classes([])[0], ["lang-pkgs", "os-pkgs"])
        self.assertEqual(classes(["--pkg-types", "os"])[0], ["os-pkgs"])
        self.assertEqual(classes(["--pkg-types", "library"])[0], ["lang-pkgs"])
        self.assertEqual(classes([], env={"SCRY_PKG_TYPES": "library"})[0], ["lang-pkgs"])
        res = self.scry(["rootfs", "--skip-db-update", root, "--pkg-types", "lib"])
        self.assertEqual(res.returncode, 2)
        # --exit-on-eol: scry has no end-of-life data for Debian 12, so it says so and exits 0.
        _, res = classes(["--exit-on-eol", "5", "--debug"])
        self.assertIn("no end-of-life data marking debian 12", res.stderr)

    def test_exit_codes_after_filtering(self):
        every = sorted({v["VulnerabilityID"] for r in self.baseline["Results"]
                        for v in r.get("Vulnerabilities", [])})
        self.assertGreater(len(every), 3)
        folder = os.path.join(self.tmp, "exit")
        all_rules = self.write(folder, "all", "\n".join(every) + "\n")
        all_but_one = self.write(folder, "all-but-one", "\n".join(every[1:]) + "\n")
        self.scan(["--exit-code", "3"], expect=3)
        report = self.scan(["--exit-code", "3", "--ignorefile", all_rules], expect=0)
        self.assertEqual(sum(len(r.get("Vulnerabilities", [])) for r in report["Results"]), 0)
        report = self.scan(["--exit-code", "3", "--ignorefile", all_but_one], expect=3)
        self.assertEqual({v["VulnerabilityID"] for r in report["Results"]
                          for v in r.get("Vulnerabilities", [])}, {every[0]})
        self.scan(["--exit-code", "3", "--ignore-status", "fixed,affected,unknown"], expect=0)
        self.scan(["--exit-code", "3", "--severity", "CRITICAL", "--ignorefile", all_rules],
                  expect=0)
        # A named ignore file that is missing or malformed fails the scan (exit 1).
        res = self.scry(["fs", "--skip-db-update", self.project, "--ignorefile",
                         os.path.join(folder, "missing")])
        self.assertEqual(res.returncode, 1)
        self.assertIn("missing", res.stderr)
        bad = self.write(folder, "bad", "CVE-1 exp:2024-02-30\n")
        res = self.scry(["fs", "--skip-db-update", self.project, "--ignorefile", bad])
        self.assertEqual(res.returncode, 1)
        self.assertIn("line 1", res.stderr)


if __name__ == "__main__":
    unittest.main()
