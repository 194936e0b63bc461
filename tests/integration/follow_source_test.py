#!/usr/bin/env python3
"""--follow-source end to end, against a git repository served on 127.0.0.1.

esbuild 0.11.0's linux-64 binary from the npm registry (fetched by the go_fixtures test) has no
build info: scry recovers github.com/evanw/esbuild and golang.org/x/sys from its function table,
without versions. The test serves a repository with `git daemon` whose go.mod requires
golang.org/x/sys at a release with a known advisory (CVE-2022-29526, GO-2022-0493), and points
https://github.com/evanw/esbuild at it through git's url.<base>.insteadOf (GIT_CONFIG_* variables:
no network). Checked: with --follow-source, x/sys gets that version (VersionSource "source",
evidence naming the repository and commit) and its finding says where the version came from;
modules of go.mod that the binary does not contain are not added; without the flag x/sys stays
unknown and unmatched; the clone is removed; an unreachable repository is a warning, not a
failure.
Usage: SCRY_BIN=build/release/scry SCRY_GO_FIXTURES=build/fixtures/go \
       python3 tests/integration/follow_source_test.py
"""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

SCRY_BIN = os.environ.get("SCRY_BIN", "")
FIXTURES = os.environ.get("SCRY_GO_FIXTURES", "")
BINARY = "npm/esbuild-linux-64-0.11.0-nobuildinfo"
GIT_ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", LC_ALL="C")
SYS_VERSION = "v0.0.0-20210124154548-22da62e12c0c"
GO_MOD = f"""module github.com/evanw/esbuild

go 1.13

require (
\tgolang.org/x/sys {SYS_VERSION}
\tgithub.com/pkg/errors v0.9.1
)
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


class FollowSourceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.binary = os.path.join(FIXTURES, BINARY)
        if not os.path.isfile(cls.binary):
            raise unittest.SkipTest(f"{cls.binary} missing: run the go_fixtures test first")
        cls.scratch = tempfile.mkdtemp(prefix="scry-follow-source-")
        work = os.path.join(cls.scratch, "work")
        os.makedirs(work)
        with open(os.path.join(work, "go.mod"), "w") as f:
            f.write(GO_MOD)
        for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "go.mod"]):
            subprocess.run(["git", *args], cwd=work, env=GIT_ENV, check=True, capture_output=True)
        cls.commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=work, env=GIT_ENV,
                                    check=True, capture_output=True, text=True).stdout.strip()
        served = os.path.join(cls.scratch, "served")
        os.makedirs(served)
        subprocess.run(["git", "clone", "-q", "--bare", work, os.path.join(served, "esbuild.git")],
                       env=GIT_ENV, check=True, capture_output=True)
        port = free_port()
        cls.daemon = subprocess.Popen(
            ["git", "daemon", "--export-all", "--reuseaddr", f"--base-path={served}",
             "--listen=127.0.0.1", f"--port={port}", served],
            env=GIT_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(port)
        cls.port = port
        cls.cache = os.path.join(cls.scratch, "cache")

    @classmethod
    def tearDownClass(cls):
        cls.daemon.terminate()
        cls.daemon.wait()
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def scan(self, *flags, served=True):
        env = dict(GIT_ENV, GIT_CONFIG_COUNT="1",
                   GIT_CONFIG_KEY_0=f"url.git://127.0.0.1:{self.port if served else 1}/esbuild.git.insteadOf",
                   GIT_CONFIG_VALUE_0="https://github.com/evanw/esbuild")
        done = subprocess.run([SCRY_BIN, "fs", self.binary, *flags, "--format", "json",
                               "--list-all-pkgs", "--skip-db-update", "--cache-dir", self.cache],
                              capture_output=True, text=True, env=env, timeout=300)
        self.assertEqual(done.returncode, 0, done.stderr)
        tmp = os.path.join(self.cache, "tmp")
        self.assertEqual(os.listdir(tmp) if os.path.isdir(tmp) else [], [])
        report = json.loads(done.stdout)
        self.assertEqual(len(report["Results"]), 1)
        return report["Results"][0], done.stderr

    def test_versions_and_findings_come_from_source(self):
        result, _ = self.scan("--follow-source")
        packages = {p["Name"]: p for p in result["Packages"]}
        sys_package = packages["golang.org/x/sys"]
        self.assertEqual(sys_package["Version"], SYS_VERSION)
        self.assertEqual(sys_package["VersionSource"], "source")
        origin = f"https://github.com/evanw/esbuild@{self.commit[:12]} go.mod"
        self.assertEqual(sys_package["Evidence"]["SourceFile"], origin)
        # Required by go.mod but not in the binary: not added.
        self.assertNotIn("github.com/pkg/errors", packages)
        self.assertEqual(packages["stdlib"]["VersionSource"], "runtime")
        findings = [v for v in result.get("Vulnerabilities", [])
                    if v["PkgName"] == "golang.org/x/sys"]
        ids = {v["VulnerabilityID"] for v in findings} | {
            i for v in findings for i in v.get("VendorIDs", [])}
        self.assertIn("GO-2022-0493", ids)
        for finding in findings:
            self.assertEqual(finding["Evidence"]["VersionFrom"], "source: " + origin)

    def test_without_the_flag_versions_stay_unknown(self):
        result, _ = self.scan()
        packages = {p["Name"]: p for p in result["Packages"]}
        self.assertNotIn("Version", packages["golang.org/x/sys"])
        self.assertFalse([v for v in result.get("Vulnerabilities", [])
                          if v["PkgName"] == "golang.org/x/sys"])

    def test_unreachable_source_is_a_warning(self):
        result, stderr = self.scan("--follow-source", served=False)
        self.assertIn("--follow-source", stderr)
        packages = {p["Name"]: p for p in result["Packages"]}
        self.assertNotIn("Version", packages["golang.org/x/sys"])


if __name__ == "__main__":
    unittest.main()
