#!/usr/bin/env python3
"""Python packages: installed distributions against importlib.metadata, and lockfile pins
against the real PyPA advisories read independently here.

Installed. The dist-info and egg-info folders and files of Debian's python3 packages on this
machine (/usr/lib/python3/dist-packages, from python3-* packages; PYTHON_DIST_PACKAGES overrides)
are copied into a root file system made in the test, at the same path and under a venv's
site-packages, and scanned with `scry rootfs --list-all-pkgs`. The reference is Python's own
importlib.metadata.distributions() over the same folders: every distribution it finds must be
reported by scry as a "python-pkg" package with the same name and version and FilePath the
metadata file (dist-info/METADATA, egg-info/PKG-INFO or the single-file egg-info), and nothing
else.

Advisories. ../shared/vulndata/pypa/osv (the PyPA advisory database) is imported with `scry db
import` into this test's own cache. A requirements.txt and a poetry.lock pin real releases of
packages with known advisories (Django, requests, urllib3, Jinja2, PyYAML, Flask). This file
reads the OSV records itself: a record affects a pin when it is not withdrawn, one of its
affected entries names the package (ecosystem PyPI, PEP 503-normalised name) and either lists the
version in `versions` or has an ECOSYSTEM range covering it (OSV evaluation: events sorted,
introduced/fixed/last_affected, PEP 440 order by the `packaging` library; GIT ranges ignored).
scry fs --format json must report, per package, exactly those records (by record ID, alias or
merged record) and no finding unrelated to them.

Usage: SCRY_BIN=build/release/scry python3 tests/integration/python_packages_test.py
"""
import collections
import glob
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

try:
    import packaging.version
except ImportError:  # pyenv and venv interpreters: Debian's python3-packaging is pure Python
    sys.path.append("/usr/lib/python3/dist-packages")
    import packaging.version

SCRY_BIN = os.environ.get("SCRY_BIN", "")
HERE = os.path.dirname(os.path.abspath(__file__))
VULNDATA = os.environ.get("SCRY_VULNDATA", os.path.join(HERE, "..", "..", "..", "shared", "vulndata"))
PYPA = os.path.join(VULNDATA, "pypa", "osv")
DIST_PACKAGES = os.environ.get("PYTHON_DIST_PACKAGES", "/usr/lib/python3/dist-packages")
TIMEOUT = int(os.environ.get("SCRY_TEST_TIMEOUT", "600"))
_scratch = tempfile.mkdtemp(prefix="scry-python-")

PINS = [("Django", "2.2.0"), ("requests", "2.19.1"), ("urllib3", "1.24.1"), ("Jinja2", "2.10"),
        ("PyYAML", "5.3"), ("Flask", "0.12.2")]


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def run(args):
    env = dict(os.environ, SOURCE_DATE_EPOCH="0")
    res = subprocess.run([SCRY_BIN, "--cache-dir", os.path.join(_scratch, "cache")] + args,
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    if res.returncode != 0:
        raise AssertionError("scry %s: exit %d\n%s" % (" ".join(args), res.returncode,
                                                       res.stderr.decode()[-3000:]))
    return res


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


# ---------------------------------------------------------------------------------------------
# OSV evaluation (https://ossf.github.io/osv-schema/#evaluation), written independently of scry.

def pep440(text):
    try:
        return packaging.version.Version(text)
    except packaging.version.InvalidVersion:
        return None


def range_affects(events, version):
    v = pep440(version)
    if v is None:
        return False
    def key(event):
        value = next(iter(event.values()))
        return (packaging.version.Version("0") if value == "0" else pep440(value)) or v
    affected = False
    for event in sorted(events, key=key):
        if "introduced" in event:
            intro = event["introduced"]
            if intro == "0" or (pep440(intro) is not None and v >= pep440(intro)):
                affected = True
        elif "fixed" in event and pep440(event["fixed"]) is not None and v >= pep440(event["fixed"]):
            affected = False
        elif ("last_affected" in event and pep440(event["last_affected"]) is not None
              and v > pep440(event["last_affected"])):
            affected = False
    return affected


class Advisories:
    def __init__(self, directory):
        self.by_package = collections.defaultdict(list)
        for path in glob.glob(os.path.join(directory, "*.json")):
            with open(path) as f:
                record = json.load(f)
            if record.get("withdrawn"):
                continue
            for affected in record.get("affected") or []:
                package = affected.get("package") or {}
                if package.get("ecosystem") == "PyPI":
                    self.by_package[normalize(package.get("name", ""))].append((record, affected))

    def affecting(self, name, version):
        """{record id: set of its id and aliases} of the records that affect name==version."""
        out = {}
        for record, affected in self.by_package.get(normalize(name), []):
            hit = version in (affected.get("versions") or [])
            for r in affected.get("ranges") or []:
                if r.get("type") == "ECOSYSTEM" and range_affects(r.get("events") or [], version):
                    hit = True
            if hit:
                out[record["id"]] = {record["id"]} | set(record.get("aliases") or [])
        return out


def reported(report, result_type):
    """{normalised package name: list of sets of names (ID, vendor IDs, merged records)}."""
    out = collections.defaultdict(list)
    for result in report.get("Results") or []:
        if result.get("Type") != result_type:
            continue
        for finding in result.get("Vulnerabilities") or []:
            records = ((finding.get("Evidence") or {}).get("Records") or "").split(",")
            names = {finding["VulnerabilityID"]} | set(finding.get("VendorIDs") or []) | set(records)
            out[normalize(finding["PkgName"])].append(names - {""})
    return out


class InstalledDistributions(unittest.TestCase):
    def test_dist_packages_match_importlib(self):
        entries = sorted(e for e in os.listdir(DIST_PACKAGES)
                         if e.endswith(".dist-info") or e.endswith(".egg-info"))
        if not entries:
            self.skipTest("no dist-info or egg-info in %s" % DIST_PACKAGES)
        root = os.path.join(_scratch, "rootfs")
        places = ["usr/lib/python3/dist-packages", "opt/venv/lib/python3.11/site-packages"]
        expected = set()
        for place in places:
            target = os.path.join(root, place)
            os.makedirs(target)
            for entry in entries:
                source = os.path.join(DIST_PACKAGES, entry)
                if os.path.isdir(source):
                    shutil.copytree(source, os.path.join(target, entry), symlinks=True)
                else:
                    shutil.copy(source, os.path.join(target, entry))
            for dist in importlib.metadata.distributions(path=[target]):
                folder = str(dist._path)
                if folder.endswith(".dist-info"):
                    metadata = os.path.join(folder, "METADATA")
                elif os.path.isdir(folder):
                    metadata = os.path.join(folder, "PKG-INFO")
                else:
                    metadata = folder
                expected.add((dist.metadata["Name"], dist.version, os.path.relpath(metadata, root)))
        report = json.loads(run(["rootfs", root, "--format", "json", "--list-all-pkgs",
                                 "--skip-db-update", "--quiet"]).stdout)
        got = set()
        for result in report.get("Results") or []:
            if result.get("Type") != "python-pkg":
                continue
            for package in result.get("Packages") or []:
                got.add((package["Name"], package["Version"], package.get("FilePath", "")))
                self.assertTrue(package.get("Identifier", {}).get("PURL", "pkg:pypi/").startswith("pkg:pypi/"))
        sys.stderr.write("\n%d metadata entries, importlib: %d distributions, scry: %d packages\n"
                         % (len(entries) * len(places), len(expected), len(got)))
        self.assertGreater(len(expected), 10)
        self.assertEqual(sorted(got - expected), [], "reported by scry only")
        self.assertEqual(sorted(expected - got), [], "found by importlib only")


class LockfileAdvisories(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.isdir(PYPA):
            raise unittest.SkipTest("no PyPA advisories in %s" % PYPA)
        run(["db", "import", PYPA])
        cls.advisories = Advisories(PYPA)

    def check(self, directory, result_type):
        report = json.loads(run(["fs", directory, "--format", "json", "--skip-db-update",
                                 "--quiet"]).stdout)
        found = reported(report, result_type)
        total = 0
        for name, version in PINS:
            expected = self.advisories.affecting(name, version)
            self.assertTrue(expected, "no PyPA record affects %s %s: pick another pin" % (name, version))
            findings = found.get(normalize(name), [])
            names = set().union(*findings) if findings else set()
            missing = sorted(rid for rid, ids in expected.items() if not ids & names)
            self.assertEqual(missing, [], "%s %s: records scry did not report" % (name, version))
            known = set().union(*expected.values())
            unrelated = sorted(sorted(f)[0] for f in findings if not f & known)
            self.assertEqual(unrelated, [], "%s %s: findings no record explains" % (name, version))
            total += len(expected)
        sys.stderr.write("\n%s: %d pins, %d affecting records, %d findings\n" % (
            result_type, len(PINS), total, sum(len(v) for v in found.values())))
        unexpected = set(found) - {normalize(n) for n, _ in PINS}
        self.assertEqual(sorted(unexpected), [])

    def test_requirements_txt(self):
        directory = os.path.join(_scratch, "pip")
        write(os.path.join(directory, "requirements.txt"),
              "-r requirements-base.txt\n" + "".join(
                  "%s==%s  # pinned\n" % pin for pin in PINS[1:]) + "six>=1.0\n")
        write(os.path.join(directory, "requirements-base.txt"), "%s==%s\n" % PINS[0])
        self.check(directory, "pip")

    def test_poetry_lock(self):
        directory = os.path.join(_scratch, "poetry")
        lock = "".join('[[package]]\nname = "%s"\nversion = "%s"\ndescription = ""\n'
                       'optional = false\npython-versions = "*"\nfiles = []\n\n' % pin for pin in PINS)
        write(os.path.join(directory, "poetry.lock"),
              lock + '[metadata]\nlock-version = "2.0"\npython-versions = "^3.8"\ncontent-hash = "0"\n')
        write(os.path.join(directory, "pyproject.toml"),
              '[tool.poetry.dependencies]\npython = "^3.8"\n' +
              "".join('%s = "%s"\n' % pin for pin in PINS))
        self.check(directory, "poetry")


def main():
    if not SCRY_BIN or not os.path.exists(SCRY_BIN):
        sys.exit("set SCRY_BIN to the scry executable")
    try:
        unittest.main(verbosity=2)
    finally:
        shutil.rmtree(_scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
