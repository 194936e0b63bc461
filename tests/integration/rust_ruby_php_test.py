#!/usr/bin/env python3
"""Rust, Ruby and PHP packages: scry against the ecosystems' own tools and the RustSec records.

  * Cargo.lock made by Debian's cargo (`cargo generate-lockfile --offline`, the crates.io source
    replaced by the directory source of Debian's librust-*-dev packages in
    /usr/share/cargo/registry): scry's packages, relationships and dependency edges equal the
    lockfile as Python's tomllib reads it.
  * Vulnerable crates (a hand-written Cargo.lock, and a real ELF that carries the same crates in a
    cargo-auditable .dep-v0 section added with objcopy): the RUSTSEC ids scry reports per
    package are exactly those of the records in ../shared/vulndata/rustsec/osv whose crates.io
    ranges or versions hold the locked version, evaluated here with a semver order of our own.
  * Gemfile.lock made by Bundler (`bundle lock --local` over Debian's installed gems): scry's
    packages equal what Bundler::LockfileParser reads.
  * Installed gems: Debian's generated gemspecs copied into a root file system; scry's name,
    version and licences per gemspec equal what Gem::Specification.load evaluates.
Usage: SCRY_BIN=build/release/scry python3 tests/integration/rust_ruby_php_test.py
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import unittest
import zlib

SCRY_BIN = os.environ.get("SCRY_BIN", "")
HERE = os.path.dirname(os.path.abspath(__file__))
VULNDATA = os.environ.get("SCRY_VULNDATA", os.path.join(HERE, "..", "..", "..", "shared", "vulndata"))
RUSTSEC = os.path.join(VULNDATA, "rustsec", "osv")
CARGO = "/usr/bin/cargo"  # Debian's, not a rustup shim that may be earlier in PATH
DEBIAN_CRATES = "/usr/share/cargo/registry"
_scratch = tempfile.mkdtemp(prefix="scry-rrp-")


def scry(command, target, *extra):
    res = subprocess.run([SCRY_BIN, command, target, "--format", "json", "--cache-dir",
                          os.path.join(_scratch, "cache"), "--skip-db-update", "--quiet", *extra],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    if res.returncode != 0:
        raise AssertionError("scry %s %s: exit %d\n%s" % (command, target, res.returncode,
                                                          res.stderr.decode()[-2000:]))
    return json.loads(res.stdout)


def results_of_type(report, type_name):
    return [r for r in report.get("Results") or [] if r.get("Type") == type_name]


# --- semver, as the Semantic Versioning 2.0.0 spec orders versions ------------------------------
def semver_key(version):
    match = re.match(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$", version)
    if not match:
        raise ValueError("not semver: " + version)
    core = tuple(int(match.group(i) or 0) for i in (1, 2, 3))
    pre = match.group(4)
    if pre is None:
        return core + ((1,),)  # a release sorts after all of its pre-releases
    ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return core + ((0,) + ids,)


def in_osv_ranges(version, affected):
    if version in (affected.get("versions") or []):
        return True
    v = semver_key(version)
    for rng in affected.get("ranges") or []:
        if rng.get("type") != "SEMVER":
            continue
        introduced = None
        for event in rng.get("events") or []:
            if "introduced" in event:
                introduced = semver_key(event["introduced"])
            elif introduced is not None and "fixed" in event:
                if introduced <= v < semver_key(event["fixed"]):
                    return True
                introduced = None
            elif introduced is not None and "last_affected" in event:
                if introduced <= v <= semver_key(event["last_affected"]):
                    return True
                introduced = None
        if introduced is not None and v >= introduced:
            return True
    return False


_records = None


def rustsec_records():
    global _records
    if _records is None:
        _records = []
        for path in sorted(glob.glob(os.path.join(RUSTSEC, "*.json"))):
            with open(path, encoding="utf-8") as f:
                _records.append(json.load(f))
    return _records


def expected_advisories(name, version):
    out = set()
    for record in rustsec_records():
        if record.get("withdrawn"):
            continue
        for affected in record.get("affected") or []:
            package = affected.get("package") or {}
            if package.get("ecosystem") == "crates.io" and package.get("name") == name and \
                    in_osv_ranges(version, affected):
                out.add(record["id"])
    return out


def reported_advisories(result):
    """{package id: {RUSTSEC ids}} of one result."""
    out = {}
    for finding in result.get("Vulnerabilities") or []:
        ids = [finding["VulnerabilityID"]] + (finding.get("VendorIDs") or [])
        out.setdefault(finding["PkgID"], set()).update(i for i in ids if i.startswith("RUSTSEC-"))
    return out


VULNERABLE_CRATES = [("smallvec", "0.6.9"), ("time", "0.1.44"), ("regex", "1.5.4"),
                     ("crossbeam-deque", "0.8.0"), ("atty", "0.2.14"), ("memchr", "2.5.0")]


class CargoTest(unittest.TestCase):
    def make_project(self):
        root = os.path.join(_scratch, "cargo-project")
        os.makedirs(os.path.join(root, "src"), exist_ok=True)
        with open(os.path.join(root, "Cargo.toml"), "w") as f:
            f.write('[package]\nname = "scry-probe"\nversion = "0.1.0"\nedition = "2021"\n\n'
                    '[dependencies]\nserde_json = "1"\nregex = "1"\nsmallvec = "1"\ntime = "0.3"\n\n'
                    '[dev-dependencies]\nrand = "0.8"\n')
        with open(os.path.join(root, "src", "main.rs"), "w") as f:
            f.write("fn main() {}\n")
        home = os.path.join(_scratch, "cargo-home")
        os.makedirs(home, exist_ok=True)
        with open(os.path.join(home, "config.toml"), "w") as f:
            f.write('[source.crates-io]\nreplace-with = "debian"\n\n'
                    '[source.debian]\ndirectory = "%s"\n\n[net]\noffline = true\n' % DEBIAN_CRATES)
        env = dict(os.environ, CARGO_HOME=home)
        res = subprocess.run([CARGO, "generate-lockfile", "--offline"], cwd=root, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        self.assertEqual(res.returncode, 0, res.stdout.decode())
        return root

    def test_real_lockfile(self):
        if not os.path.isdir(os.path.join(DEBIAN_CRATES, "serde_json-1.0.87")):
            self.skipTest("librust-serde-json-dev is not installed")
        root = self.make_project()
        with open(os.path.join(root, "Cargo.lock"), "rb") as f:
            lock = tomllib.load(f)
        packages = {(p["name"], p["version"]): p for p in lock["package"]}
        by_name = {}
        for name, version in packages:
            by_name.setdefault(name, []).append(version)

        def dep_id(text):
            fields = text.split(" ")
            version = fields[1] if len(fields) > 1 else by_name[fields[0]][0]
            return "%s@%s" % (fields[0], version)

        expected_deps = {"%s@%s" % key: sorted(dep_id(d) for d in p.get("dependencies", []))
                         for key, p in packages.items()}
        root_deps = expected_deps["scry-probe@0.1.0"]
        # What only rand (the dev-dependency) pulls in: not reachable from the normal edges.
        normal = set()
        todo = [d for d in root_deps if not d.startswith("rand@")]
        while todo:
            current = todo.pop()
            if current not in normal:
                normal.add(current)
                todo.extend(expected_deps[current])

        # scry drops dev packages unless --include-dev-deps; until that option exists, it
        # reports them all (marked Dev).
        dev_option = b"--include-dev-deps" in subprocess.run(
            [SCRY_BIN, "fs", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
        report = scry("fs", root, "--list-all-pkgs", *(["--include-dev-deps"] if dev_option else []))
        results = results_of_type(report, "cargo")
        self.assertEqual(len(results), 1)
        actual = {p["ID"]: p for p in results[0]["Packages"]}
        self.assertEqual(set(actual), set(expected_deps))
        self.assertGreater(len(actual), 15)
        for pid, package in actual.items():
            self.assertEqual(sorted(package.get("DependsOn") or []), expected_deps[pid], pid)
            if pid == "scry-probe@0.1.0":
                want = "root"
            elif pid in root_deps:
                want = "direct"
            else:
                want = "indirect"
            self.assertEqual(package.get("Relationship"), want, pid)
            want_dev = pid != "scry-probe@0.1.0" and pid not in normal
            self.assertEqual(bool(package.get("Dev")), want_dev, pid)
        self.assertTrue(any(actual[p].get("Dev") for p in actual), "rand is a dev dependency")
        self.check_advisories(results[0], [tuple(i.split("@")) for i in actual])

        if dev_option:
            # Without --include-dev-deps the dev-only crates are gone.
            result = results_of_type(scry("fs", root, "--list-all-pkgs"), "cargo")[0]
            self.assertEqual({p["ID"] for p in result["Packages"]}, normal | {"scry-probe@0.1.0"})

    def check_advisories(self, result, crates):
        reported = reported_advisories(result)
        expected = {"%s@%s" % c: expected_advisories(*c) for c in crates}
        expected = {k: v for k, v in expected.items() if v}
        self.assertEqual(reported, expected)
        return expected

    def test_vulnerable_lockfile(self):
        root = os.path.join(_scratch, "vulnerable")
        os.makedirs(root, exist_ok=True)
        with open(os.path.join(root, "Cargo.lock"), "w") as f:
            f.write("version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
                    "dependencies = [%s]\n" % ", ".join('"%s"' % n for n, _ in VULNERABLE_CRATES))
            for name, version in VULNERABLE_CRATES:
                f.write('\n[[package]]\nname = "%s"\nversion = "%s"\n'
                        'source = "registry+https://github.com/rust-lang/crates.io-index"\n'
                        % (name, version))
        result = results_of_type(scry("fs", root), "cargo")[0]
        expected = self.check_advisories(result, VULNERABLE_CRATES)
        self.assertGreaterEqual(len(expected), 5)
        self.assertIn("RUSTSEC-2021-0003", expected["smallvec@0.6.9"])

    def test_auditable_binary(self):
        root = os.path.join(_scratch, "binary")
        os.makedirs(root, exist_ok=True)
        with open(os.path.join(root, "main.c"), "w") as f:
            f.write("int main(void) { return 0; }\n")
        subprocess.run(["gcc", "-o", "plain", "main.c"], cwd=root, check=True)
        packages = [{"name": "app", "version": "0.1.0", "source": "local", "root": True,
                     "dependencies": list(range(1, len(VULNERABLE_CRATES) + 1)) + [
                         len(VULNERABLE_CRATES) + 1]}]
        packages += [{"name": n, "version": v, "source": "crates.io"} for n, v in VULNERABLE_CRATES]
        # A build-time crate (a proc macro) is not in the binary: scry leaves it out.
        packages.append({"name": "smallvec", "version": "0.6.5", "source": "crates.io",
                         "kind": "build"})
        with open(os.path.join(root, "deps.z"), "wb") as f:
            f.write(zlib.compress(json.dumps({"packages": packages}).encode(), 9))
        bin_dir = os.path.join(root, "target")
        os.makedirs(bin_dir, exist_ok=True)
        subprocess.run(["objcopy", "--add-section", ".dep-v0=deps.z", "--set-section-flags",
                        ".dep-v0=noload,readonly", "plain", os.path.join(bin_dir, "app")],
                       cwd=root, check=True)
        report = scry("fs", bin_dir, "--list-all-pkgs")
        results = results_of_type(report, "rustbinary")
        self.assertEqual(len(results), 1)
        ids = {p["ID"] for p in results[0]["Packages"]}
        self.assertEqual(ids, {"app@0.1.0"} | {"%s@%s" % c for c in VULNERABLE_CRATES})
        self.check_advisories(results[0], VULNERABLE_CRATES)


class RubyTest(unittest.TestCase):
    def test_bundler_lockfile(self):
        root = os.path.join(_scratch, "bundler")
        os.makedirs(root, exist_ok=True)
        with open(os.path.join(root, "Gemfile"), "w") as f:
            f.write('source "https://rubygems.org"\ngem "rack"\ngem "nokogiri"\ngem "json"\n')
        env = dict(os.environ, HOME=root)
        res = subprocess.run(["ruby", "-e", 'load Gem.bin_path("bundler", "bundle")', "lock",
                              "--local"], cwd=root, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=300)
        self.assertEqual(res.returncode, 0, res.stdout.decode())
        script = ('require "bundler"; l = Bundler::LockfileParser.new(File.read("Gemfile.lock")); '
                  'deps = l.dependencies.keys; '
                  'l.specs.each { |s| puts [s.name, s.version, deps.include?(s.name) ? "direct" : '
                  '"indirect", s.dependencies.map(&:name).sort.join(",")].join(" ") }')
        res = subprocess.run(["ruby", "-e", script], cwd=root, env=env, stdout=subprocess.PIPE,
                             check=True)
        expected = set(res.stdout.decode().split("\n")) - {""}
        self.assertGreaterEqual(len(expected), 5)
        result = results_of_type(scry("fs", root, "--list-all-pkgs"), "bundler")[0]
        actual = set()
        for p in result["Packages"]:
            deps = ",".join(sorted(d.split("@")[0] for d in p.get("DependsOn") or []))
            actual.add(" ".join([p["Name"], p["Version"], p["Relationship"], deps]))
        self.assertEqual(actual, expected)

    def test_installed_gemspecs(self):
        dirs = [d for d in glob.glob("/usr/share/rubygems-integration/all/specifications") +
                glob.glob("/usr/lib/ruby/gems/*/specifications") +
                glob.glob("/usr/lib/*/rubygems-integration/*/specifications")]
        rootfs = os.path.join(_scratch, "rootfs")
        files = []
        for d in dirs:
            target = os.path.join(rootfs, d.lstrip("/"))
            shutil.copytree(d, target, dirs_exist_ok=True)
            files += glob.glob(os.path.join(d, "*.gemspec")) + \
                glob.glob(os.path.join(d, "default", "*.gemspec"))
        self.assertGreater(len(files), 20)
        script = ('ARGV.each { |f| s = Gem::Specification.load(f); '
                  'puts [f, s.name, s.version, s.licenses.join(",")].join("\\t") }')
        res = subprocess.run(["ruby", "-e", script, *files], stdout=subprocess.PIPE, check=True)
        expected = {}
        for line in res.stdout.decode().splitlines():
            path, name, version, licenses = line.split("\t")
            expected[path.lstrip("/")] = (name, version, licenses)
        report = scry("rootfs", rootfs, "--list-all-pkgs")
        actual = {}
        for result in results_of_type(report, "gemspec"):
            for p in result["Packages"]:
                actual[p["FilePath"]] = (p["Name"], p["Version"], ",".join(p.get("Licenses") or []))
        self.assertEqual(actual, expected)


if __name__ == "__main__":
    if not SCRY_BIN:
        sys.exit("SCRY_BIN is not set")
    try:
        unittest.main(verbosity=2)
    finally:
        shutil.rmtree(_scratch, ignore_errors=True)
