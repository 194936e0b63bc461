#!/usr/bin/env python3
"""End-to-end comparison of scry's Go binary inventory with `go version -m`.

For every fixture listed in the manifests written by tools/make-go-fixtures (manifest.json) and
tools/fetch-npm-go-binaries (manifest-npm.json), runs

    scry fs --scanners none --format json --quiet <fixture>

and compares its Result with what `go version -m <reference>` says, by the package rules of scry's
JSON contract (main module, dependencies after replacement, stdlib); fixtures without build info
are checked against the manifest (Go version from the runtime, modules recovered from the
function table). One scan of the whole fixtures folder checks that every fixture is reported
exactly once, non-Go files are not, a truncated ELF only warns, and the output is deterministic.

Usage: SCRY_BIN=build/src/scry/cli/scry SCRY_GO_FIXTURES=build/fixtures/go \\
           python3 tests/integration/go_binaries_test.py [-v] [unittest args]
       python3 tests/integration/go_binaries_test.py SCRY_BIN FIXTURES_DIR [unittest args]
Env:   GO (default: go on PATH) for `go version -m`; SCRY_TEST_TIMEOUT seconds per scry run.
"""

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from fixture_tests import add_fixture_tests

SCRY_BIN = os.environ.get("SCRY_BIN", "")
FIXTURES = os.environ.get("SCRY_GO_FIXTURES", "")
GO = os.environ.get("GO", "go")
TIMEOUT = int(os.environ.get("SCRY_TEST_TIMEOUT", "300"))
MANIFESTS = ("manifest.json", "manifest-npm.json")
COMPARED_EVIDENCE = ("Sum", "Replaces", "LocalReplacement", "BuildInfoVersion")
RECOVERED_FROM = "pclntab"

# ---------------------------------------------------------------------------------------------
# Go strings, versions and command lines


def go_unquote(text):
    """Unquotes a Go interpreted string literal at the start of text: (value, rest)."""
    if not text.startswith('"'):
        raise ValueError("not a quoted string: %r" % text)
    out = bytearray()
    i = 1
    simple = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, '"': 34, "'": 39}
    while i < len(text):
        c = text[i]
        if c == '"':
            return out.decode("utf-8", "surrogateescape"), text[i + 1:]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        e = text[i + 1]
        if e in simple:
            out.append(simple[e])
            i += 2
        elif e == "x":
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        elif e in "01234567":
            out.append(int(text[i + 1:i + 4], 8))
            i += 4
        elif e in "uU":
            n = 4 if e == "u" else 8
            out += chr(int(text[i + 2:i + 2 + n], 16)).encode("utf-8")
            i += 2 + n
        else:
            raise ValueError("bad escape in %r" % text)
    raise ValueError("unterminated string: %r" % text)


def split_quoted(text):
    """Splits like Go's cmd/internal/quoted.Split: space separated, ' or " quoting, no escapes."""
    fields = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        if text[i] in "'\"":
            end = text.index(text[i], i + 1)
            fields.append(text[i + 1:end])
            i = end + 1
        else:
            j = i
            while j < len(text) and not text[j].isspace():
                j += 1
            fields.append(text[i:j])
            i = j
    return fields


SEMVER_RE = re.compile(r"^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
PSEUDO_RE = re.compile(r"^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$")


def is_semver(v):
    return bool(v) and bool(SEMVER_RE.match(v))


def is_pseudo(v):
    return is_semver(v) and v.count("-") >= 1 and bool(PSEUDO_RE.match(v))


def go_semver(go_version):
    """"go1.19.8" -> "v1.19.8", "go1.20" -> "v1.20.0", "go1.21rc2" -> "v1.21.0-rc.2"."""
    m = re.match(r"^go(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?", go_version)
    if not m:
        raise ValueError("not a Go version: %r" % go_version)
    v = "v%s.%s.%s" % (m.group(1), m.group(2), m.group(3) or "0")
    if m.group(4):
        v += "-%s.%s" % (m.group(4), m.group(5))
    return v


def with_v(version):
    if version and not version.startswith("v") and is_semver("v" + version):
        return "v" + version
    return version


# ---------------------------------------------------------------------------------------------
# `go version -m`

_exe_copies = tempfile.mkdtemp(prefix="scry-go-ref-")


def go_version_m(path):
    """Runs `go version -m` (on an executable copy when the file has no x bit, as `go version`
    skips those) and parses it into {go_version, path, main, deps, settings}; None without build
    info."""
    if not os.access(path, os.X_OK):
        copy = os.path.join(_exe_copies, str(abs(hash(path))) + "-" + os.path.basename(path))
        if not os.path.exists(copy):
            shutil.copyfile(path, copy)
            os.chmod(copy, 0o755)
        path = copy
    env = dict(os.environ, GOENV="off", GOFLAGS="", GOTOOLCHAIN="local", GOPROXY="off")
    res = subprocess.run([GO, "version", "-m", path], capture_output=True, text=True, timeout=120, env=env)
    if res.returncode != 0:
        raise RuntimeError("go version -m %s failed: %s" % (path, res.stderr))
    lines = res.stdout.split("\n")
    head = lines[0]
    prefix = path + ": "
    if not head.startswith(prefix) or not head[len(prefix):].startswith("go"):
        return None
    info = {"go_version": head[len(prefix):].strip(), "path": None, "main": None, "deps": [], "settings": []}
    last = None
    for line in lines[1:]:
        if not line.startswith("\t") or not line.strip():
            continue
        fields = line[1:].split("\t")
        kind = fields[0]
        if kind == "path":
            info["path"] = fields[1]
        elif kind in ("mod", "dep"):
            mod = {"path": fields[1], "version": fields[2] if len(fields) > 2 else "",
                   "sum": fields[3] if len(fields) > 3 else "", "replace": None}
            if kind == "mod":
                info["main"] = mod
            else:
                info["deps"].append(mod)
            last = mod
        elif kind == "=>":
            last["replace"] = {"path": fields[1], "version": fields[2] if len(fields) > 2 else "",
                               "sum": fields[3] if len(fields) > 3 else ""}
        elif kind == "build":
            rest = line[1:].split("\t", 1)[1]
            if rest.startswith('"'):
                key, rest = go_unquote(rest)
                rest = rest[1:]  # '='
            else:
                key, rest = rest.split("=", 1)
            value = go_unquote(rest)[0] if rest.startswith('"') else rest
            info["settings"].append((key, value))
    return info


def ldflags_version(module, ldflags):
    """The main module's version from -X flags, by scry's rule: keys ending in .version/.ver
    (case-insensitive), ranked main. > <module>/cmd/ > a package named version; several
    different values at the best rank give no version."""
    args = split_quoted(ldflags)
    pairs = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-X", "--X") and i + 1 < len(args):
            pairs.append(args[i + 1])
            i += 2
            continue
        if a.startswith(("-X=", "--X=")):
            pairs.append(a.split("=", 1)[1])
        i += 1
    ranks = {0: set(), 1: set(), 2: set()}
    for pair in pairs:
        if "=" not in pair:
            continue
        key, value = pair.split("=", 1)
        if not key.lower().endswith((".version", ".ver")) or not (is_semver(value) or is_semver("v" + value)):
            continue
        pkg = key.rsplit(".", 1)[0]
        if key.startswith("main."):
            ranks[0].add(value)
        elif module and key.startswith(module + "/cmd/"):
            ranks[1].add(value)
        elif pkg.rsplit("/", 1)[-1].lower() == "version":
            ranks[2].add(value)
    for rank in (0, 1, 2):
        if ranks[rank]:
            return next(iter(ranks[rank])) if len(ranks[rank]) == 1 else None
    return None


def expected_packages(info, manifest_main=None):
    """scry's package list for a binary with module build info, as comparable dicts."""
    pkgs = []
    settings = dict(info["settings"])
    pkgs.append({"Name": "stdlib", "Version": go_semver(info["go_version"]), "Relationship": "direct",
                 "VersionSource": "build-info", "Evidence": {}})
    main = info["main"]
    if main:
        bv = main["version"]
        version, source = None, "unknown"
        vcs_rev, vcs_time = settings.get("vcs.revision", ""), settings.get("vcs.time", "")
        if is_semver(bv) and not is_pseudo(bv):
            version, source = bv, "build-info"
        elif settings.get("-ldflags") and ldflags_version(main["path"], settings["-ldflags"]):
            version, source = ldflags_version(main["path"], settings["-ldflags"]), "ldflags"
        elif manifest_main and manifest_main["source"] == "symbol":
            version, source = manifest_main["version"], "symbol"
        elif vcs_rev and vcs_time:
            stamp = re.sub(r"[^0-9]", "", vcs_time)[:14]
            version, source = "v0.0.0-%s-%s" % (stamp, vcs_rev[:12]), "vcs"
        elif is_pseudo(bv):
            version, source = bv, "build-info"
        evidence = {}
        if bv and bv != version:
            evidence["BuildInfoVersion"] = bv
        if main["sum"]:
            evidence["Sum"] = main["sum"]
        pkgs.append({"Name": main["path"], "Version": version, "Relationship": "root",
                     "VersionSource": source, "Evidence": evidence})
    for dep in info["deps"]:
        if not dep["path"]:
            continue  # very old toolchains wrote an empty dep line
        rep = dep["replace"]
        if rep is None:
            evidence = {"Sum": dep["sum"]} if dep["sum"] else {}
            version = dep["version"] if dep["version"] and dep["version"] != "(devel)" else None
            pkgs.append({"Name": dep["path"], "Version": version, "Relationship": "unknown",
                         "VersionSource": "build-info" if version else "unknown", "Evidence": evidence})
        elif rep["version"] in ("", "(devel)") and re.match(r"^(\.{1,2}[/\\]|/|[A-Za-z]:)", rep["path"]):
            evidence = {"LocalReplacement": rep["path"]}
            if dep["version"]:
                evidence["BuildInfoVersion"] = dep["version"]
            pkgs.append({"Name": dep["path"], "Version": None, "Relationship": "unknown",
                         "VersionSource": "unknown", "Evidence": evidence})
        else:
            evidence = {"Replaces": ("%s %s" % (dep["path"], dep["version"])).strip()}
            if rep["sum"]:
                evidence["Sum"] = rep["sum"]
            pkgs.append({"Name": rep["path"], "Version": rep["version"] or None, "Relationship": "unknown",
                         "VersionSource": "build-info", "Evidence": evidence})
    return sort_packages(pkgs)


def sort_packages(pkgs):
    return sorted(pkgs, key=lambda p: (p["Name"], p["Version"] or ""))


def comparable_packages(result, normalize_main_v=False):
    """The fields of scry's packages that the comparison looks at."""
    pkgs = []
    for p in result.get("Packages") or []:
        ev = p.get("Evidence") or {}
        version = p.get("Version")
        if normalize_main_v and p.get("Relationship") == "root" and p.get("VersionSource") in ("ldflags", "symbol"):
            version = with_v(version)
        pkgs.append({"Name": p.get("Name"), "Version": version, "Relationship": p.get("Relationship"),
                     "VersionSource": p.get("VersionSource"),
                     "Evidence": {k: ev[k] for k in COMPARED_EVIDENCE if k in ev}})
    return sort_packages(pkgs)


def pretty(obj):
    """Lines to diff: one line per package (or per key of a dict), so a diff names what differs."""
    if isinstance(obj, list):
        return [json.dumps(item, sort_keys=True) for item in obj]
    if isinstance(obj, dict):
        return ["%s: %s" % (k, json.dumps(obj[k], sort_keys=True)) for k in sorted(obj)]
    return json.dumps(obj, indent=1, sort_keys=True).splitlines()


def diff(expected, actual, what):
    return "\n".join(difflib.unified_diff(pretty(expected), pretty(actual), "expected " + what,
                                          "scry " + what, lineterm="", n=1))


# ---------------------------------------------------------------------------------------------
# scry


def run_scry(args, env_extra=None, timeout=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    cmd = [SCRY_BIN] + args
    try:
        res = subprocess.run(cmd, capture_output=True, timeout=timeout or TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise AssertionError("timed out after %ss: %s" % (timeout or TIMEOUT, " ".join(cmd)))
    return res


def scan_json(target, env_extra=None, timeout=None):
    res = run_scry(["fs", "--scanners", "none", "--format", "json", "--quiet", target], env_extra, timeout)
    if res.returncode != 0:
        raise AssertionError("scry fs %s exited %d\nstderr:\n%s" % (target, res.returncode,
                                                                  res.stderr.decode(errors="replace")))
    try:
        report = json.loads(res.stdout)
    except ValueError as e:
        raise AssertionError("scry fs %s printed no JSON (%s):\n%s" % (target, e, res.stdout[:2000]))
    return report, res


def load_manifests():
    fixtures = []
    if not FIXTURES:
        return fixtures
    for name in MANIFESTS:
        path = os.path.join(FIXTURES, name)
        if os.path.exists(path):
            with open(path) as f:
                fixtures += json.load(f)["fixtures"]
    return fixtures


FIXTURE_LIST = load_manifests()
REPORTED = ("build-info", "missing", "no-modules")


def check_common_package_fields(tc, result, where):
    ids = set()
    order = [(p.get("Name"), p.get("Version") or "") for p in result.get("Packages") or []]
    tc.assertEqual(order, sorted(order), "%s: Packages must be sorted by Name then Version" % where)
    for p in result.get("Packages") or []:
        want_id = p["Name"] + ("@" + p["Version"] if p.get("Version") else "")
        tc.assertEqual(p.get("ID"), want_id, "%s: package ID of %s" % (where, p["Name"]))
        ids.add(p["ID"])
        purl = (p.get("Identifier") or {}).get("PURL", "")
        tc.assertTrue(purl.startswith("pkg:golang/"), "%s: PURL of %s is %r" % (where, p["Name"], purl))
        tc.assertIn(p.get("VersionSource"), ("build-info", "ldflags", "symbol", "vcs", "runtime", "unknown"),
                    "%s: VersionSource of %s" % (where, p["Name"]))
        if "Version" in p:
            tc.assertTrue(p["Version"], "%s: %s has an empty Version (omit it when unknown)" % (where, p["Name"]))
        if p.get("Relationship") != "root":
            tc.assertFalse(p.get("DependsOn"), "%s: DependsOn on non-root %s" % (where, p["Name"]))
        if "Evidence" in p:
            tc.assertTrue(p["Evidence"], "%s: empty Evidence on %s (omit it)" % (where, p["Name"]))
    for p in result.get("Packages") or []:
        for dep in p.get("DependsOn") or []:
            tc.assertIn(dep, ids, "%s: %s depends on unknown package %s" % (where, p["Name"], dep))


class GoBinaries(unittest.TestCase):
    """One test per fixture (added below), plus whole-folder checks."""

    maxDiff = None
    _dir_scan = None

    @classmethod
    def setUpClass(cls):
        if not SCRY_BIN or not os.path.exists(SCRY_BIN):
            raise unittest.SkipTest("SCRY_BIN (%r) does not exist" % SCRY_BIN)
        if not FIXTURE_LIST:
            raise unittest.SkipTest("no manifests in SCRY_GO_FIXTURES (%r): run tools/make-go-fixtures" % FIXTURES)

    # -- helpers --------------------------------------------------------------------------

    @classmethod
    def dir_scan(cls):
        """The whole fixtures folder scanned three times (SOURCE_DATE_EPOCH=0), done once: twice
        without --quiet (its stderr must warn about the truncated ELF, and --quiet may hide
        warnings) and once with it. All three reports must be byte-identical."""
        if cls._dir_scan is None:
            env = {"SOURCE_DATE_EPOCH": "0"}
            args = ["fs", "--scanners", "none", "--format", "json"]
            cls._dir_scan = (run_scry(args + [FIXTURES], env, 900), run_scry(args + [FIXTURES], env, 900),
                             run_scry(args + ["--quiet", FIXTURES], env, 900))
        return cls._dir_scan

    def single_result(self, fixture):
        full = os.path.join(FIXTURES, fixture["path"])
        report, _ = scan_json(full)
        results = [r for r in report.get("Results") or [] if r.get("Type") == "gobinary"]
        self.assertEqual(len(results), 1, "%s: expected one gobinary Result, got %d:\n%s" % (
            fixture["path"], len(results), json.dumps(report, indent=1)[:4000]))
        r = results[0]
        self.assertEqual(r.get("Target"), os.path.basename(full), "Target of a single-file scan")
        self.assertEqual(r.get("Class"), "lang-pkgs")
        return r

    def check_fixture(self, fixture):
        expect = fixture["expect"]
        if expect not in REPORTED:
            self.skipTest("%s fixture: checked by the folder scan" % expect)
        r = self.single_result(fixture)
        gb = r.get("GoBinary") or {}
        where = fixture["path"]
        self.assertEqual(gb.get("Format"), fixture["format"], where + ": Format")
        self.assertEqual(gb.get("Architectures"), fixture["architectures"], where + ": Architectures")
        check_common_package_fields(self, r, where)
        if expect == "build-info":
            self.check_with_build_info(fixture, r, gb)
        else:
            self.check_without_modules(fixture, r, gb)

    def check_with_build_info(self, fixture, r, gb):
        where = fixture["path"]
        refs = [fixture["reference"]] + fixture.get("reference_alternatives", [])
        actual_pkgs = comparable_packages(r, normalize_main_v=True)
        actual_gb = {"GoVersion": gb.get("GoVersion"), "Path": gb.get("Path"), "BuildInfo": gb.get("BuildInfo"),
                     "Settings": gb.get("Settings") or {}}
        failures = []
        for ref in refs:
            info = go_version_m(os.path.join(FIXTURES, ref))
            self.assertIsNotNone(info, "%s: go version -m finds no build info in %s" % (where, ref))
            main_expect = fixture.get("main_version")
            pkgs = expected_packages(info, main_expect)
            for p in pkgs:
                if p["Relationship"] == "root" and p["VersionSource"] in ("ldflags", "symbol"):
                    p["Version"] = with_v(p["Version"])
            want_gb = {"GoVersion": info["go_version"], "Path": info["path"], "BuildInfo": "present",
                       "Settings": dict(info["settings"])}
            problems = []
            if pkgs != actual_pkgs:
                problems.append(diff(pkgs, actual_pkgs, "packages (from go version -m %s)" % ref))
            if want_gb != actual_gb:
                problems.append(diff(want_gb, actual_gb, "GoBinary (from go version -m %s)" % ref))
            if not problems:
                break
            failures.append("\n".join(problems))
        else:
            self.fail("%s differs from `go version -m`:\n%s" % (where, failures[0]))
        # The manifest's own statement of the main module version (a check on this test's rules).
        if fixture.get("main_version"):
            mv = fixture["main_version"]
            root = [p for p in r["Packages"] if p.get("Relationship") == "root"]
            self.assertEqual(len(root), 1, where + ": one root package")
            self.assertEqual((with_v(root[0].get("Version", "")), root[0].get("VersionSource")),
                             (with_v(mv["version"]), mv["source"]), where + ": main module version/source")
        self.assertNotIn("Source", gb, where + ": GoBinary.Source is only for binaries without module info")
        stdlib = [p for p in r["Packages"] if p["Name"] == "stdlib"]
        self.assertEqual(len(stdlib), 1)

    def check_without_modules(self, fixture, r, gb):
        where = fixture["path"]
        expect = fixture["expect"]
        self.assertEqual(gb.get("BuildInfo"), expect, where + ": GoBinary.BuildInfo")
        self.assertEqual(gb.get("GoVersion"), fixture["go_version"], where + ": GoVersion")
        pkgs = r.get("Packages") or []
        stdlib = [p for p in pkgs if p["Name"] == "stdlib"]
        self.assertEqual(len(stdlib), 1, where + ": one stdlib package")
        self.assertEqual((stdlib[0].get("Version"), stdlib[0].get("VersionSource"), stdlib[0].get("Relationship")),
                         (go_semver(fixture["go_version"]),
                          "runtime" if expect == "missing" else "build-info", "direct"),
                         where + ": stdlib (the version comes from build info when it exists)")
        recovered = [p for p in pkgs if (p.get("Evidence") or {}).get("RecoveredFrom") == RECOVERED_FROM]
        names = sorted(p["Name"] for p in recovered)
        missing = sorted(set(fixture.get("recovered_modules", [])) - set(names))
        self.assertFalse(missing, "%s: modules not recovered from the function table: %s (got %s)" % (
            where, missing, names))
        allowed = fixture.get("allowed_modules")
        if allowed is not None:
            extra = sorted(set(names) - set(allowed))
            self.assertFalse(extra, "%s: recovered modules that are not in the binary: %s" % (where, extra))
        for p in recovered:
            self.assertEqual(p.get("VersionSource"), "unknown", "%s: %s VersionSource" % (where, p["Name"]))
            self.assertNotIn("Version", p, "%s: recovered %s has a version" % (where, p["Name"]))
            self.assertNotIn(p["Name"].split("/")[0], ("vendor", "internal", "main", "runtime"),
                             "%s: %s is not a module" % (where, p["Name"]))
            self.assertIn(".", p["Name"].split("/")[0], "%s: %s is not a module path" % (where, p["Name"]))
        self.assertEqual(len(names), len(set(names)), where + ": duplicate recovered modules")
        others = [p for p in pkgs if p not in recovered and p["Name"] != "stdlib"]
        for p in others:
            path = gb.get("Path", "")
            ok = p.get("Relationship") == "root" and (path == p["Name"] or path.startswith(p["Name"] + "/"))
            self.assertTrue(ok, "%s: unexpected package %s" % (where, json.dumps(p)))
        source = gb.get("Source")
        if fixture.get("source_repository"):
            self.assertIsInstance(source, dict, where + ": GoBinary.Source")
            self.assertEqual(source.get("Repository"), fixture["source_repository"], where + ": Source.Repository")
            self.assertIn("scry repo", source.get("Command", ""), where + ": Source.Command")
        elif source is not None:
            self.assertIn("scry repo", source.get("Command", ""), where + ": Source.Command")

    # -- whole folder ---------------------------------------------------------------------

    def test_folder_scan_reports_every_fixture_once(self):
        first = self.dir_scan()[0]
        stderr = first.stderr.decode(errors="replace")
        self.assertEqual(first.returncode, 0, "scry fs on the fixtures folder exited %d:\n%s" % (
            first.returncode, stderr[-3000:]))
        report = json.loads(first.stdout)
        self.assertEqual(report.get("SchemaVersion"), 2)
        self.assertEqual(report.get("ArtifactType"), "filesystem")
        self.assertEqual(report.get("ArtifactName"), FIXTURES)
        self.assertNotIn("CreatedAt", report, "CreatedAt must be omitted under SOURCE_DATE_EPOCH")
        results = report.get("Results") or []
        go_results = [r for r in results if r.get("Type") == "gobinary"]
        targets = [r["Target"] for r in go_results]
        self.assertEqual(targets, sorted(targets), "Results must be sorted by Target")
        by_target = {}
        for r in go_results:
            by_target.setdefault(r["Target"], []).append(r)
        problems = []
        known = {f["path"]: f for f in FIXTURE_LIST}
        for f in FIXTURE_LIST:
            n = len(by_target.get(f["path"], []))
            if f["expect"] in REPORTED and n != 1:
                problems.append("%s: reported %d times (want once)" % (f["path"], n))
        for f in FIXTURE_LIST:
            if f["expect"] in ("not-go", "corrupt"):
                for r in results:
                    if r.get("Target") == f["path"]:
                        problems.append("%s (%s) must not be a Result (Type %s)" % (f["path"], f["expect"], r.get("Type")))
        for t in sorted(by_target):
            if t not in known:
                problems.append("unexpected Go binary %s" % t)
        universal = [f for f in FIXTURE_LIST if len(f["architectures"]) > 1]
        for f in universal:
            for r in by_target.get(f["path"], []):
                archs = (r.get("GoBinary") or {}).get("Architectures")
                if archs != f["architectures"]:
                    problems.append("%s: Architectures %s, want %s" % (f["path"], archs, f["architectures"]))
        self.assertFalse(problems, "\n".join(problems))

    def test_folder_scan_matches_single_file_scans(self):
        first = self.dir_scan()[0]
        self.assertEqual(first.returncode, 0, first.stderr.decode(errors="replace")[-3000:])
        report = json.loads(first.stdout)
        by_target = {r["Target"]: r for r in report.get("Results") or [] if r.get("Type") == "gobinary"}
        mismatches = []
        for f in FIXTURE_LIST:
            if f["expect"] not in REPORTED or f["path"] not in by_target:
                continue
            single, _ = scan_json(os.path.join(FIXTURES, f["path"]))
            singles = [r for r in single.get("Results") or [] if r.get("Type") == "gobinary"]
            if len(singles) != 1:
                mismatches.append("%s: single-file scan gave %d results" % (f["path"], len(singles)))
                continue
            a, b = dict(by_target[f["path"]]), dict(singles[0])
            a.pop("Target"), b.pop("Target")
            if a != b:
                mismatches.append("%s:\n%s" % (f["path"], diff(b, a, "result (folder scan vs single file)")))
        self.assertFalse(mismatches, "\n".join(mismatches))

    def test_folder_scan_warns_about_truncated_elf(self):
        first = self.dir_scan()[0]
        stderr = first.stderr.decode(errors="replace")
        self.assertEqual(first.returncode, 0, "a corrupt file must not fail the scan:\n" + stderr[-3000:])
        for f in FIXTURE_LIST:
            if f["expect"] == "corrupt":
                self.assertIn(f["path"], stderr, "no warning naming %s on stderr:\n%s" % (f["path"], stderr[-3000:]))

    def test_folder_scan_is_deterministic(self):
        first, second, _ = self.dir_scan()
        self.assertEqual(first.returncode, 0, first.stderr.decode(errors="replace")[-3000:])
        self.assertEqual(second.returncode, 0, second.stderr.decode(errors="replace")[-3000:])
        self.assert_same_output(first, second, "run 1", "run 2")

    def test_folder_scan_quiet_changes_no_output(self):
        first, _, quiet = self.dir_scan()
        self.assertEqual(quiet.returncode, 0, "with --quiet: " + quiet.stderr.decode(errors="replace")[-3000:])
        self.assert_same_output(first, quiet, "without --quiet", "with --quiet")

    def assert_same_output(self, a, b, name_a, name_b):
        if a.stdout != b.stdout:
            lines = difflib.unified_diff(a.stdout.decode(errors="replace").splitlines(),
                                         b.stdout.decode(errors="replace").splitlines(), name_a, name_b, lineterm="")
            self.fail("reports differ (%s, %s):\n%s" % (name_a, name_b, "\n".join(list(lines)[:200])))

    def test_table_format_names_every_target(self):
        res = run_scry(["fs", "--scanners", "none", "--format", "table", "--quiet", FIXTURES],
                       {"SOURCE_DATE_EPOCH": "0"}, 900)
        self.assertEqual(res.returncode, 0, res.stderr.decode(errors="replace")[-3000:])
        out = res.stdout.decode(errors="replace")
        missing = [f["path"] for f in FIXTURE_LIST if f["expect"] in REPORTED and f["path"] not in out]
        self.assertFalse(missing, "table output does not name: %s" % missing)


add_fixture_tests(GoBinaries, FIXTURE_LIST)


class RuleSelfTest(unittest.TestCase):
    """The test's own parsing and rules, without scry."""

    def test_go_semver(self):
        self.assertEqual(go_semver("go1.19.8"), "v1.19.8")
        self.assertEqual(go_semver("go1.20"), "v1.20.0")
        self.assertEqual(go_semver("go1.21rc2"), "v1.21.0-rc.2")
        self.assertEqual(go_semver("go1.22.3 X:boringcrypto"), "v1.22.3")

    def test_ldflags(self):
        self.assertEqual(ldflags_version("m", "-X main.version=v1.4.2"), "v1.4.2")
        self.assertIsNone(ldflags_version("m", "-X main.version=v1.0.0 -X main.Version=v2.0.0"))
        self.assertEqual(ldflags_version("m", "-X main.version=v1.0.0 -X main.Version=v1.0.0"), "v1.0.0")
        self.assertEqual(ldflags_version("example.com/app", "-X example.com/app/internal/version.Version=1.5.0"),
                         "1.5.0")
        self.assertEqual(ldflags_version("m", "-s -w -X 'm/cmd/x/common.ver=v3.0.0' -X=a/version.Version=v1.0.0"),
                         "v3.0.0")
        self.assertIsNone(ldflags_version("m", "-X main.commit=abc"))

    def test_unquote(self):
        self.assertEqual(go_unquote('"-X main.version=v1 \\"q\\"\\t"=rest'), ('-X main.version=v1 "q"\t', "=rest"))

    def test_pseudo(self):
        self.assertTrue(is_pseudo("v0.0.0-20230304050607-2078de552934"))
        self.assertTrue(is_pseudo("v1.2.4-0.20230304050607-2078de552934"))
        self.assertFalse(is_pseudo("v1.2.3"))
        self.assertFalse(is_semver("(devel)"))


def main():
    global SCRY_BIN, FIXTURES, FIXTURE_LIST
    argv = sys.argv[:]
    positional = [a for a in argv[1:3] if not a.startswith("-")]
    if len(positional) == 2 and argv[1:3] == positional:
        SCRY_BIN, FIXTURES = os.path.abspath(positional[0]), os.path.abspath(positional[1])
        argv = [argv[0]] + argv[3:]
        FIXTURE_LIST[:] = load_manifests()
        add_fixture_tests(GoBinaries, FIXTURE_LIST)
    try:
        unittest.main(argv=argv, verbosity=2)
    finally:
        shutil.rmtree(_exe_copies, ignore_errors=True)


if __name__ == "__main__":
    main()
