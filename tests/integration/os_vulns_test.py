#!/usr/bin/env python3
"""OS package findings from the real Debian and Alpine advisory data, against a reading of the
same files written here.

Root file systems are made in the test: Debian 11 (bullseye) and Debian 10 (buster) with a dpkg
status file, Alpine 3.11 with an apk installed database. Each lists a few real source packages
(the ones with the most advisories) at a version below every fix ("0.0.1-0", "0.0.1-r0"), some
under a binary name that differs from the source name ("libfoo-bin", Source: foo). scry scans
them with `scry rootfs` and the database built into it (Debian DSA/DLA lists and Alpine secdb
from ../shared/vulndata), and the records it reports per package must be exactly those the
files name for that release and package:
  * Debian: every "[release] - package version" line of DSA/list and DLA/list whose fixed
    version is above the installed one (dpkg --compare-versions decides), plus "<unfixed>" lines
    (status affected); "<not-affected>" lines never; a record matched through the source name
    says so in its evidence;
  * Alpine: every CVE of the package's secfixes in v3.11/{main,community}.yaml (the secdb has no
    newer release), status fixed, FixedVersion the secfix version.
Usage: SCRY_BIN=build/release/scry python3 tests/integration/os_vulns_test.py
"""
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

SCRY_BIN = os.environ.get("SCRY_BIN", "")
HERE = os.path.dirname(os.path.abspath(__file__))
VULNDATA = os.environ.get("SCRY_VULNDATA", os.path.join(HERE, "..", "..", "..", "shared", "vulndata"))
TRACKER = os.path.join(VULNDATA, "debian-security-tracker")
SECDB = os.path.join(VULNDATA, "alpine-secdb")
INSTALLED = "0.0.1-0"
_scratch = tempfile.mkdtemp(prefix="scry-os-vulns-")


def tracker_entries():
    """[(record id, release codename, source package, fixed version or marker)] of DSA and DLA."""
    entries = []
    for name in ("DSA", "DLA"):
        record = None
        with open(os.path.join(TRACKER, name, "list"), encoding="utf-8") as f:
            for line in f:
                header = re.match(r"^\[[^]]+\] (D[SL]A-\d+(-\d+)?) ", line)
                if header:
                    record = header.group(1)
                    continue
                fix = re.match(r"^\s+\[(\w+)\] - (\S+) (\S+)", line)
                if fix and record:
                    entries.append((record, fix.group(1), fix.group(2), fix.group(3)))
    return entries


def dpkg_greater(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "gt", b]).returncode == 0


def scan(root):
    env = dict(os.environ, SOURCE_DATE_EPOCH="0")
    res = subprocess.run([SCRY_BIN, "rootfs", root, "--format", "json", "--cache-dir",
                          os.path.join(_scratch, "cache"), "--skip-db-update", "--quiet"],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    if res.returncode != 0:
        raise AssertionError("scry rootfs %s: exit %d\n%s" % (root, res.returncode, res.stderr.decode()[-2000:]))
    return json.loads(res.stdout)


def findings_by_package(report):
    """{package name: {record id: finding}}; a finding stands for every record it merged."""
    out = collections.defaultdict(dict)
    for result in report.get("Results") or []:
        if result.get("Class") != "os-pkgs":
            continue
        for finding in result.get("Vulnerabilities") or []:
            records = ((finding.get("Evidence") or {}).get("Records") or "").split(",")
            names = [finding["VulnerabilityID"]] + (finding.get("VendorIDs") or []) + records
            for name in names:
                if name:
                    out[finding["PkgName"]][name] = finding
    return out


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


class OsVulns(unittest.TestCase):
    maxDiff = None

    def debian(self, codename, number, entries):
        # The five source packages with the most records for this release, one of them under a
        # binary name of its own.
        counts = collections.Counter(e[2] for e in entries if e[1] == codename and e[3] != "<not-affected>")
        sources = sorted(sorted(counts, key=lambda s: (-counts[s], s))[:5])
        self.assertEqual(len(sources), 5, "too few %s records in the tracker lists" % codename)
        root = os.path.join(_scratch, codename)
        write(os.path.join(root, "etc/os-release"),
              'PRETTY_NAME="Debian GNU/Linux %d (%s)"\nID=debian\nVERSION_ID="%d"\n' % (number, codename, number))
        write(os.path.join(root, "etc/debian_version"), "%d.6\n" % number)
        paragraphs = []
        binary_of = {}
        for i, source in enumerate(sources):
            binary = source + "-bin" if i == 0 else source
            binary_of[source] = binary
            paragraphs.append("Package: %s\nStatus: install ok installed\nArchitecture: amd64\nVersion: %s\n%s"
                              % (binary, INSTALLED, "Source: %s\n" % source if binary != source else ""))
        write(os.path.join(root, "var/lib/dpkg/status"), "\n".join(paragraphs))
        report = scan(root)
        self.assertEqual(report["Metadata"]["OS"], {"Family": "debian", "Name": "%d.6" % number})
        found = findings_by_package(report)
        problems = []
        for source in sources:
            want = {}
            for record, release, package, fixed in entries:
                if release != codename or package != source or fixed == "<not-affected>":
                    continue
                if fixed.startswith("<"):
                    want.setdefault(record, "affected")
                elif dpkg_greater(fixed, INSTALLED):
                    want[record] = "fixed"
            binary = binary_of[source]
            got = {r for r in found.get(binary, {}) if r.startswith(("DSA-", "DLA-"))}
            if got != set(want):
                problems.append("%s (%s): only scry %s, only the lists %s" % (
                    binary, source, sorted(got - set(want))[:10], sorted(set(want) - got)[:10]))
            for record, status in want.items():
                finding = found.get(binary, {}).get(record)
                if finding is None:
                    continue
                if status == "affected" and finding["Status"] == "fixed":
                    # An unfixed line and a fix in another record merged into one finding.
                    continue
                if finding["Status"] != status and not (status == "affected" and finding["Status"] == "end_of_life"):
                    problems.append("%s %s: status %s, want %s" % (binary, record, finding["Status"], status))
                if binary != source and (finding.get("Evidence") or {}).get("SourcePackage") is None:
                    problems.append("%s %s: no SourcePackage evidence" % (binary, record))
                self.assertEqual(finding["InstalledVersion"], INSTALLED)
        self.assertFalse(problems, "\n".join(problems))
        return sum(len(v) for v in found.values())

    def test_debian_bullseye_dsa(self):
        self.assertGreater(self.debian("bullseye", 11, tracker_entries()), 0)

    def test_debian_buster_dla(self):
        self.assertGreater(self.debian("buster", 10, tracker_entries()), 0)

    def test_alpine_3_11(self):
        secfixes = {}
        for repo in ("main", "community"):
            with open(os.path.join(SECDB, "v3.11", repo + ".yaml")) as f:
                for entry in yaml.safe_load(f)["packages"]:
                    pkg = entry["pkg"]
                    fixes = {}
                    for version, cves in (pkg.get("secfixes") or {}).items():
                        version = str(version)
                        if version == "0" or not re.match(r"^\d+(\.\d+)*[a-z]?(_[a-z]+\d*)*-r\d+$", version):
                            continue  # "0": never affected in this release; or unorderable
                        for cve in cves or []:
                            for name in str(cve).split():
                                if re.match(r"^CVE-\d{4}-\d+$", name):
                                    fixes[name] = version
                    if fixes:
                        secfixes[pkg["name"]] = fixes
        names = sorted(sorted(secfixes, key=lambda n: (-len(secfixes[n]), n))[:5])
        root = os.path.join(_scratch, "alpine")
        write(os.path.join(root, "etc/alpine-release"), "3.11.13\n")
        write(os.path.join(root, "etc/os-release"), 'ID=alpine\nVERSION_ID=3.11.13\n')
        db = "".join("P:%s\nV:0.0.1-r0\nA:x86_64\no:%s\n\n" % (name, name) for name in names)
        write(os.path.join(root, "lib/apk/db/installed"), db)
        report = scan(root)
        found = findings_by_package(report)
        problems = []
        for name in names:
            got = {r: f for r, f in found.get(name, {}).items() if r.startswith("CVE-")}
            want = secfixes[name]
            if set(got) != set(want):
                problems.append("%s: only scry %s, only secdb %s" % (
                    name, sorted(set(got) - set(want))[:10], sorted(set(want) - set(got))[:10]))
            for cve, version in want.items():
                if cve in got and got[cve].get("FixedVersion") != version:
                    # Two secfixes naming one CVE: the lowest fix above the installed version.
                    if not any(v == got[cve].get("FixedVersion") for c, v in want.items() if c == cve):
                        problems.append("%s %s: fixed %s, want %s" % (name, cve, got[cve].get("FixedVersion"), version))
        self.assertFalse(problems, "\n".join(problems))


class Ownership(unittest.TestCase):
    def test_binary_installed_by_a_dpkg_package_names_it(self):
        gofmt = "/usr/lib/go-1.19/bin/gofmt"
        self.assertTrue(os.path.exists(gofmt), "golang-go is missing: run scripts/install-deps")
        root = os.path.join(_scratch, "owned")
        write(os.path.join(root, "etc/os-release"), 'ID=debian\nVERSION_ID="12"\n')
        write(os.path.join(root, "var/lib/dpkg/status"),
              "Package: golang-1.19-go\nStatus: install ok installed\nArchitecture: amd64\n"
              "Version: 1.19.8-2\n\nPackage: other\nStatus: install ok installed\nVersion: 1.0-1\n")
        write(os.path.join(root, "var/lib/dpkg/info/golang-1.19-go.md5sums"),
              "0123456789abcdef0123456789abcdef  usr/lib/go-1.19/bin/gofmt\n")
        os.makedirs(os.path.join(root, "usr/lib/go-1.19/bin"))
        shutil.copy(gofmt, os.path.join(root, "usr/lib/go-1.19/bin/gofmt"))
        shutil.copy(gofmt, os.path.join(root, "usr/lib/go-1.19/bin/unowned"))
        results = {r["Target"]: r for r in scan(root)["Results"]}
        self.assertEqual(results["usr/lib/go-1.19/bin/gofmt"].get("OwnedBy"), "dpkg:golang-1.19-go@1.19.8-2")
        self.assertEqual(results["usr/lib/go-1.19/bin/gofmt"]["Type"], "gobinary")
        self.assertNotIn("OwnedBy", results["usr/lib/go-1.19/bin/unowned"])


def main():
    if not SCRY_BIN or not os.path.exists(SCRY_BIN):
        sys.exit("set SCRY_BIN to the scry executable")
    try:
        unittest.main(verbosity=2)
    finally:
        shutil.rmtree(_scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
