#!/usr/bin/env python3
"""scry's Go vulnerability matching checked against an independent reference and govulncheck.

The real Go vulnerability database (../shared/vulndata/go/osv, 4,291 OSV records) is imported
with `scry db import` into this test's temporary cache folder. Every Go fixture binary
(tools/make-go-fixtures, tools/fetch-npm-go-binaries: manifest.json, manifest-npm.json) is scanned
with `scry fs --format json --skip-db-update`, once as is and once with --list-all-pkgs (which
must not change any finding, and gives the Packages); the fixtures' bin/ folder and the Go
toolchain's own binaries (which carry the `toolchain` pseudo-module) are scanned as folders.

Reference check. This file reads the same OSV records itself (SemVer 2.0 precedence written
here: prereleases, Go pseudo-versions as the prereleases they are, build metadata such as
+incompatible ignored; OSV evaluation as the OSV spec writes it: events sorted, introduced "0"
lowest, introduced/fixed/last_affected, limit, `versions` lists, GIT ranges ignored, withdrawn
records never match). For every (module, version) in a Result's Packages it computes the records
affecting that version and requires:
  * their IDs = the record IDs scry reports for the package: Vulnerabilities (VulnerabilityID or
    VendorIDs; Evidence.Records when records were merged) united with FilteredVulnerabilities;
  * FilteredVulnerabilities = exactly the records whose every affecting entry is ruled out by its
    ecosystem_specific.imports: goos/goarch against the binary's GoBinary.Settings GOOS/GOARCH,
    or without those (Go < 1.18) against the platforms its executable format and machines allow,
    and for the `toolchain` pseudo-module the import paths against the binary's cmd/ path;
  * per finding: VulnerabilityID (the one CVE of the merged records, else the first record ID),
    VendorIDs (every other record ID and alias), FixedVersion (the lowest fixed event above the
    installed version among the ranges that matched) and Status (fixed, or affected without one);
  * packages without a version appear in UnmatchedPackages with the number of advisories.

govulncheck. Debian's govulncheck (0.0~git20230201) reads only the legacy database layout, which
is generated here from the same records: index.json (module path -> last modified time, RFC 3339,
from osv-dates.tsv), one <escaped module path>.json per module holding its entries, ID/<id>.json,
ID/index.json and aliases.json. It runs in binary mode on every fixture it can read (it rejects
stripped binaries, universal Mach-O files, Go < 1.18 and Go >= 1.22 pclntabs; the test output
names each one) twice: with the real records (symbol-level reachability) and with the symbol
lists removed (package-level: a vulnerable package linked into the binary for its GOOS/GOARCH).
Every record govulncheck reports for a module must be among scry's Vulnerabilities for that
module; scry reports more, since it matches modules, not symbols.

Usage: SCRY_BIN=build/release/scry SCRY_GO_FIXTURES=build/fixtures/go \\
       SCRY_VULNDATA=../shared/vulndata python3 tests/integration/go_vulns_test.py [-v] [args]
Env:   GOVULNCHECK (default govulncheck), GO (default go) for the toolchain binaries,
       SCRY_TEST_TIMEOUT seconds per scry run (default 300).
"""

import functools
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
VULNDATA = os.environ.get("SCRY_VULNDATA", "")
GOVULNCHECK = os.environ.get("GOVULNCHECK", "govulncheck")
GO = os.environ.get("GO", "go")
TIMEOUT = int(os.environ.get("SCRY_TEST_TIMEOUT", "300"))
MANIFESTS = ("manifest.json", "manifest-npm.json")
GO_BINARY = ("build-info", "missing", "no-modules")  # fixtures scry reports as Go binaries
# Go itself sets these for tools that read files only.
GO_ENV = {"GOENV": "off", "GOFLAGS": "", "GOTOOLCHAIN": "local", "GOPROXY": "off",
          "GOTELEMETRY": "off"}


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# SemVer 2.0.0 (https://semver.org/#spec-item-11), written independently of scry.

SEMVER_RE = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
                       r"(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
                       r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$")


def is_number(identifier):
    return identifier.isascii() and identifier.isdigit()


def parse_semver(text):
    """(major, minor, patch, prerelease identifiers or None); None when text is not SemVer.
    A leading "v" (Go module versions) is dropped; build metadata (+incompatible) is ignored."""
    m = SEMVER_RE.match(text[1:] if text.startswith("v") else text)
    if not m:
        return None
    pre = None
    if m.group(4) is not None:
        pre = tuple(m.group(4).split("."))
        if any(is_number(i) and len(i) > 1 and i.startswith("0") for i in pre):
            return None  # numeric identifiers must not have leading zeros
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), pre)


def compare_semver(a, b):
    """-1, 0 or 1 by SemVer precedence of two parse_semver results."""
    if a[:3] != b[:3]:
        return -1 if a[:3] < b[:3] else 1
    pa, pb = a[3], b[3]
    if pa == pb:
        return 0
    if pa is None:  # a release follows its prereleases
        return 1
    if pb is None:
        return -1
    for x, y in zip(pa, pb):
        if x == y:
            continue
        xn, yn = is_number(x), is_number(y)
        if xn and yn:
            return -1 if int(x) < int(y) else 1
        if xn != yn:
            return -1 if xn else 1  # numeric identifiers sort before alphanumeric ones
        return -1 if x < y else 1  # ASCII order
    return (len(pa) > len(pb)) - (len(pa) < len(pb))


def semver_key(text):
    return functools.cmp_to_key(compare_semver)(parse_semver(text))


# ---------------------------------------------------------------------------------------------
# OSV evaluation (https://ossf.github.io/osv-schema/#evaluation)


class Unevaluable(Exception):
    pass


def event_kind(event):
    kinds = [k for k in ("introduced", "fixed", "last_affected", "limit") if k in event]
    if len(kinds) != 1:
        raise Unevaluable("event %r" % event)
    return kinds[0], event[kinds[0]]


def range_affects(events, installed):
    """Whether the parsed installed version is in a SEMVER/ECOSYSTEM range; the fixed events of
    the range come back too: (affected, [fixed texts])."""
    parsed = []
    for index, event in enumerate(events):
        kind, text = event_kind(event)
        if kind == "introduced" and text == "0":
            key = None
        else:
            key = parse_semver(text)
            if key is None:
                raise Unevaluable(text)
        parsed.append((kind, text, key, index))

    def order(a, b):
        if a[2] is None or b[2] is None:
            return (a[2] is not None) - (b[2] is not None)
        return compare_semver(a[2], b[2]) or (a[3] > b[3]) - (a[3] < b[3])

    affected = False
    for kind, text, key, _ in sorted(parsed, key=functools.cmp_to_key(order)):
        if kind == "introduced" and (key is None or compare_semver(installed, key) >= 0):
            affected = True
        elif kind == "fixed" and compare_semver(installed, key) >= 0:
            affected = False
        elif kind == "last_affected" and compare_semver(installed, key) > 0:
            affected = False
    limits = [key for kind, _, key, _ in parsed if kind == "limit"]
    if affected and limits and not any(compare_semver(installed, limit) < 0 for limit in limits):
        affected = False
    return affected, [text for kind, text, _, _ in parsed if kind == "fixed"]


def entry_affects(affected, installed_text):
    """(affected, fixed versions of the ranges that matched) for one affected entry."""
    installed = parse_semver(installed_text)
    hit = False
    for listed in affected.get("versions") or []:
        lp = parse_semver(listed)
        if listed == installed_text or (lp and installed and compare_semver(lp, installed) == 0):
            hit = True
    fixed = []
    for rng in affected.get("ranges") or []:
        if rng.get("type") not in ("SEMVER", "ECOSYSTEM"):
            continue  # GIT ranges name commits, not package versions
        if installed is None:
            raise Unevaluable(installed_text)
        matched, fixes = range_affects(rng.get("events") or [], installed)
        if matched:
            hit = True
            fixed += fixes
    return hit, fixed


# `go tool dist list` GOOS values by the executable format their binaries have.
GOOS_BY_FORMAT = {
    "elf": {"android", "dragonfly", "freebsd", "illumos", "linux", "netbsd", "openbsd", "solaris"},
    "pe": {"windows"},
    "macho": {"darwin", "ios"},
}


def binary_platforms(go_binary):
    """(possible GOOS values, possible GOARCH values) of a GoBinary object; None: unknown."""
    settings = go_binary.get("Settings") or {}
    if settings.get("GOOS") or settings.get("GOARCH"):
        return ({settings["GOOS"]} if settings.get("GOOS") else None,
                {settings["GOARCH"]} if settings.get("GOARCH") else None)
    arches = {a for a in go_binary.get("Architectures") or [] if not a.startswith("unknown")}
    return GOOS_BY_FORMAT.get(go_binary.get("Format")), arches or None


def entry_applies(affected, module, goos, goarch, command):
    """None when the binary can contain the entry's vulnerable packages, else why not. goos and
    goarch are the sets of values the binary can have been built for (None: unknown)."""
    imports = (affected.get("ecosystem_specific") or {}).get("imports") or []
    if not imports:
        return None
    if module == "toolchain" and command:
        if not any(i.get("path") == command or i.get("path", "").startswith(command + "/")
                   for i in imports):
            return "command"
    if goos is None and goarch is None:
        return None
    for i in imports:
        if (not i.get("goos") or goos is None or goos & set(i["goos"])) and \
           (not i.get("goarch") or goarch is None or goarch & set(i["goarch"])):
            return None
    return "platform"


class Verdict:
    def __init__(self):
        self.reported = False  # an affecting entry applies to the binary
        self.excluded = []  # why affecting entries do not apply
        self.fixed = []  # fixed events of the matching ranges of the applying entries

    @property
    def filtered(self):
        return not self.reported and bool(self.excluded)


class Reference:
    """The Go vulnerability database, read straight from its OSV JSON files."""

    def __init__(self, osv_dir):
        self.records = {}
        self.by_module = {}
        self.withdrawn = set()
        for name in sorted(os.listdir(osv_dir)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(osv_dir, name), encoding="utf-8") as f:
                record = json.load(f)
            self.records[record["id"]] = record
            if record.get("withdrawn"):
                self.withdrawn.add(record["id"])
                continue
            for affected in record.get("affected") or []:
                pkg = affected.get("package") or {}
                if pkg.get("ecosystem") == "Go":
                    self.by_module.setdefault(pkg["name"], []).append((record, affected))

    def advisory_count(self, module):
        return len({record["id"] for record, _ in self.by_module.get(module, [])})

    def match(self, module, version, goos=None, goarch=None, command=""):
        """{record ID: Verdict} for the records affecting module@version."""
        verdicts = {}
        for record, affected in self.by_module.get(module, []):
            hit, fixed = entry_affects(affected, version)
            if not hit:
                continue
            v = verdicts.setdefault(record["id"], Verdict())
            why = entry_applies(affected, module, goos, goarch, command)
            if why is None:
                v.reported = True
                v.fixed += fixed
            else:
                v.excluded.append(why)
        return verdicts

    def names(self, record_id):
        record = self.records[record_id]
        return {record_id} | set(record.get("aliases") or [])


def lowest_fixed_above(fixed, installed):
    above = [f for f in set(fixed) if compare_semver(parse_semver(f), parse_semver(installed)) > 0]
    return min(above, key=semver_key) if above else ""


def alias_groups(reference, ids):
    """The records of `ids` joined when they share a name (ID or alias): sorted tuples."""
    groups = []
    for rid in sorted(ids):
        names = reference.names(rid)
        joined = [g for g in groups if g[1] & names]
        merged = ({rid}, set(names))
        for g in joined:
            merged[0].update(g[0])
            merged[1].update(g[1])
            groups.remove(g)
        groups.append(merged)
    return sorted(tuple(sorted(g[0])) for g in groups)


# ---------------------------------------------------------------------------------------------
# scry


def run(cmd, env_extra=None, timeout=None):
    env = dict(os.environ, SOURCE_DATE_EPOCH="0")
    env.update(env_extra or {})
    try:
        return subprocess.run(cmd, capture_output=True, timeout=timeout or TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise AssertionError("timed out after %ss: %s" % (timeout or TIMEOUT, " ".join(cmd)))


class Scry:
    """scry with the test's own cache folder; scans are memoised, as several tests read them."""

    def __init__(self, cache_dir):
        self.cache_dir = cache_dir
        self._scans = {}

    def command(self, *args):
        return [SCRY_BIN, "--cache-dir", self.cache_dir] + list(args)

    def scan(self, target, list_all):
        key = (target, list_all)
        if key not in self._scans:
            args = ["fs", "--format", "json", "--skip-db-update", "--quiet"]
            if list_all:
                args.append("--list-all-pkgs")
            res = run(self.command(*args, target))
            if res.returncode != 0:
                raise AssertionError("scry fs %s exited %d:\n%s" % (
                    target, res.returncode, res.stderr.decode(errors="replace")[-3000:]))
            self._scans[key] = json.loads(res.stdout)
        return self._scans[key]

    def results(self, target):
        """Go binary Results by Target, from the scan with --list-all-pkgs, after checking that
        the plain scan reports the same findings."""
        plain = {r["Target"]: r for r in self.scan(target, False).get("Results") or []}
        full = {r["Target"]: r for r in self.scan(target, True).get("Results") or []}
        for t, r in full.items():
            for field in ("Vulnerabilities", "FilteredVulnerabilities", "UnmatchedPackages"):
                if (plain.get(t) or {}).get(field) != r.get(field):
                    raise AssertionError("%s: %s differ with and without --list-all-pkgs" % (t, field))
        return {t: r for t, r in full.items() if r.get("Type") == "gobinary"}


def finding_records(finding, reference):
    """The record IDs behind one scry finding."""
    records = (finding.get("Evidence") or {}).get("Records")
    if records:
        return records.split(",")
    names = [finding.get("VulnerabilityID")] + (finding.get("VendorIDs") or [])
    return [n for n in names if n in reference.records]


def check_result(reference, result, where):
    """Compares one gobinary Result with the reference; returns (problems, counts)."""
    problems = []
    goos, goarch = binary_platforms(result.get("GoBinary") or {})
    command = (result.get("GoBinary") or {}).get("Path", "")
    if not command.startswith("cmd/"):
        command = ""
    vulns = result.get("Vulnerabilities") or []
    filtered = result.get("FilteredVulnerabilities") or []
    unmatched = {u["PkgID"]: u for u in result.get("UnmatchedPackages") or []}
    counts = {"packages": 0, "reported": 0, "findings": 0, "filtered": 0}
    seen_findings = set()

    for pkg in result.get("Packages") or []:
        name, version = pkg["Name"], pkg.get("Version")
        here = "%s: %s@%s" % (where, name, version)
        if not version or parse_semver(version) is None:
            u = unmatched.pop(pkg["ID"], None)
            if u is None:
                problems.append("%s: not in UnmatchedPackages" % here)
            elif version is None:
                n = reference.advisory_count(name)
                want = ("no advisories" if n == 0 else "1 advisory exists" if n == 1
                        else "%d advisories exist" % n) + " for this package"
                if want not in u.get("Reason", ""):
                    problems.append("%s: UnmatchedPackages reason %r, want ...%r" % (here, u.get("Reason"), want))
            continue
        counts["packages"] += 1
        try:
            ref = reference.match(name, version, goos, goarch, command)
        except Unevaluable as e:
            problems.append("%s: the reference cannot evaluate %s" % (here, e))
            continue
        ref_reported = {rid for rid, v in ref.items() if v.reported}
        ref_filtered = {rid for rid, v in ref.items() if v.filtered}
        mine = [v for v in vulns if v.get("PkgName") == name and v.get("InstalledVersion") == version]
        mine_filtered = [f for f in filtered if f.get("PkgName") == name and f.get("InstalledVersion") == version]
        seen_findings.update(id(v) for v in mine + mine_filtered)
        groups = []
        for v in mine:
            ids = finding_records(v, reference)
            if not ids:
                problems.append("%s: finding %s names no record of the database" % (here, v.get("VulnerabilityID")))
            groups.append((tuple(sorted(ids)), v))
        scry_reported = [i for g, _ in groups for i in g]
        scry_filtered = [f["VulnerabilityID"] for f in mine_filtered]
        for label, values in (("Vulnerabilities", scry_reported), ("FilteredVulnerabilities", scry_filtered)):
            dups = sorted({i for i in values if values.count(i) > 1})
            if dups:
                problems.append("%s: records listed twice in %s: %s" % (here, label, dups))
        all_scry, all_ref = set(scry_reported) | set(scry_filtered), set(ref)
        if all_scry != all_ref:
            problems.append("%s: affecting records differ: only scry %s, only reference %s" % (
                here, sorted(all_scry - all_ref), sorted(all_ref - all_scry)))
        if set(scry_filtered) != ref_filtered:
            problems.append("%s (GOOS=%s GOARCH=%s cmd=%s): FilteredVulnerabilities differ: only scry %s, "
                            "only reference %s" % (here, goos, goarch, command or "-",
                                                   sorted(set(scry_filtered) - ref_filtered),
                                                   sorted(ref_filtered - set(scry_filtered))))
        if set(scry_reported) != ref_reported:
            problems.append("%s: reported records differ: only scry %s, only reference %s" % (
                here, sorted(set(scry_reported) - ref_reported), sorted(ref_reported - set(scry_reported))))
        for f in mine_filtered:
            if not f.get("Reason", "").startswith("affects only"):
                problems.append("%s: %s filtered for %r" % (here, f["VulnerabilityID"], f.get("Reason")))
        want_groups = alias_groups(reference, ref_reported)
        if sorted(g for g, _ in groups) != want_groups and set(scry_reported) == ref_reported:
            problems.append("%s: merged records %s, want %s" % (here, sorted(g for g, _ in groups), want_groups))
        for ids, v in groups:
            if not ids or any(i not in ref_reported for i in ids):
                continue
            problems += check_finding(reference, ref, ids, v, here)
        counts["reported"] += len(ref_reported)
        counts["findings"] += len(mine)
        counts["filtered"] += len(ref_filtered)

    for u in unmatched.values():
        problems.append("%s: UnmatchedPackages names %s, which is not among the Packages" % (where, u["PkgID"]))
    for v in vulns + filtered:
        if id(v) not in seen_findings:
            problems.append("%s: finding %s for %s@%s, which is not among the Packages" % (
                where, v.get("VulnerabilityID"), v.get("PkgName"), v.get("InstalledVersion")))
    return problems, counts


def check_finding(reference, ref, ids, v, here):
    problems = []
    what = "%s %s" % (here, "+".join(ids))
    names = set().union(*(reference.names(i) for i in ids))
    cves = sorted(n for n in names if n.startswith("CVE-"))
    want_id = cves[0] if len(cves) == 1 else ids[0]
    if v.get("VulnerabilityID") != want_id:
        problems.append("%s: VulnerabilityID %s, want %s" % (what, v.get("VulnerabilityID"), want_id))
    if set(v.get("VendorIDs") or []) != names - {want_id} or len(v.get("VendorIDs") or []) != len(names - {want_id}):
        problems.append("%s: VendorIDs %s, want %s" % (what, v.get("VendorIDs"), sorted(names - {want_id})))
    want_fixed = lowest_fixed_above([f for i in ids for f in ref[i].fixed], v["InstalledVersion"])
    if v.get("FixedVersion", "") != want_fixed:
        problems.append("%s: FixedVersion %r, want %r" % (what, v.get("FixedVersion", ""), want_fixed))
    want_status = "fixed" if want_fixed else "affected"
    if v.get("Status") != want_status:
        problems.append("%s: Status %r, want %r" % (what, v.get("Status"), want_status))
    records = (v.get("Evidence") or {}).get("Records")
    if (len(ids) > 1) != bool(records):
        problems.append("%s: Evidence.Records %r for %d record(s)" % (what, records, len(ids)))
    if not (v.get("Evidence") or {}).get("MatchedRange"):
        problems.append("%s: no Evidence.MatchedRange" % what)
    return problems


# ---------------------------------------------------------------------------------------------
# govulncheck's legacy database and runs


def escape_module_path(path):
    """golang.org/x/mod/module.EscapePath: upper-case letters become "!" + lower case; the
    vulndb pseudo-modules stay as they are."""
    if path in ("stdlib", "toolchain"):
        return path
    return re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), path)


def write_legacy_db(osv_dir, dates, out, keep_symbols):
    """The database layout of golang.org/x/vuln's client before v1.0 (client/client.go:
    index.json is a map[string]time.Time, <module>.json a []*osv.Entry), from the OSV files."""
    modules, aliases, ids, index = {}, {}, [], {}
    os.makedirs(os.path.join(out, "ID"))
    for name in sorted(os.listdir(osv_dir)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(osv_dir, name), encoding="utf-8") as f:
            record = json.load(f)
        rid = record["id"]
        published, modified = dates.get(rid, (record.get("published"), record.get("modified")))
        record["published"], record["modified"] = published, modified
        if not keep_symbols:
            for affected in record.get("affected") or []:
                for imp in (affected.get("ecosystem_specific") or {}).get("imports") or []:
                    imp.pop("symbols", None)
        ids.append(rid)
        for alias in record.get("aliases") or []:
            aliases.setdefault(alias, []).append(rid)
        with open(os.path.join(out, "ID", rid + ".json"), "w") as f:
            json.dump(record, f)
        for module in {a["package"]["name"] for a in record.get("affected") or []}:
            modules.setdefault(module, []).append(record)
            index[module] = max(index.get(module, modified), modified)
    for module, records in modules.items():
        path = os.path.join(out, escape_module_path(module) + ".json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump(records, f)
    for name, data in (("index.json", index), ("ID/index.json", ids), ("aliases.json", aliases)):
        with open(os.path.join(out, name), "w") as f:
            json.dump(data, f)


def read_dates(path):
    """osv-dates.tsv: ID -> (published, modified), the dates vuln.go.dev serves."""
    dates = {}
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rid, published, modified = line.rstrip("\n").split("\t")[:3]
            dates[rid] = (published, modified)
    return dates


def run_govulncheck(db_dir, binary):
    """(findings {(record ID, module path)}, None) or (None, why govulncheck rejected it)."""
    env = dict(GO_ENV, GOVULNDB="file://" + db_dir)
    res = run([GOVULNCHECK, "-json", binary], env, 120)
    lines = res.stdout.decode(errors="replace").split("\n")
    # It may print a warning line before the JSON ("failed to extract build system
    # specification" for binaries without build settings).
    start = next((i for i, line in enumerate(lines) if line.startswith("{")), None)
    if start is None:
        err = res.stderr.decode(errors="replace").strip().splitlines()
        return None, (err[-1] if err else "exit %d, no JSON" % res.returncode)
    try:
        report = json.loads("\n".join(lines[start:]))
    except ValueError as e:
        return None, "no JSON (%s)" % e
    found = set()
    for vuln in report.get("Vulns") or []:
        for module in vuln.get("Modules") or []:
            found.add((vuln["OSV"]["id"], module["Path"]))
    return found, None


# ---------------------------------------------------------------------------------------------


def load_manifests():
    fixtures = []
    for name in MANIFESTS:
        path = os.path.join(FIXTURES, name) if FIXTURES else ""
        if path and os.path.exists(path):
            with open(path) as f:
                fixtures += json.load(f)["fixtures"]
    return fixtures


FIXTURE_LIST = load_manifests()


class GoVulns(unittest.TestCase):
    maxDiff = None
    tmp = scry = reference = None
    stats = {}
    _legacy = {}

    @classmethod
    def setUpClass(cls):
        if not SCRY_BIN or not os.path.exists(SCRY_BIN):
            raise unittest.SkipTest("SCRY_BIN (%r) does not exist" % SCRY_BIN)
        if not FIXTURE_LIST:
            raise unittest.SkipTest("no manifests in SCRY_GO_FIXTURES (%r): run tools/make-go-fixtures" % FIXTURES)
        cls.osv_dir = os.path.join(VULNDATA, "go", "osv")
        if not os.path.isdir(cls.osv_dir):
            raise unittest.SkipTest("no Go vulnerability database in SCRY_VULNDATA (%r)" % VULNDATA)
        cls.tmp = tempfile.mkdtemp(prefix="scry-go-vulns-")
        cls.scry = Scry(os.path.join(cls.tmp, "cache"))
        res = run(cls.scry.command("db", "import", cls.osv_dir))
        if res.returncode != 0:
            raise AssertionError("scry db import exited %d:\n%s" % (res.returncode, res.stderr.decode(errors="replace")))
        cls.reference = Reference(cls.osv_dir)

    @classmethod
    def tearDownClass(cls):
        if cls.stats:
            log("\nper target: packages with a version / affecting records (reference) / "
                "reported records / findings / filtered records / govulncheck symbol-level / "
                "package-level records")
            for target in sorted(cls.stats):
                s = cls.stats[target]
                log("  %-48s %3s %4s %4s %4s %3s %5s %5s" % (
                    target, s.get("packages", "-"), s.get("affecting", "-"), s.get("reported", "-"),
                    s.get("findings", "-"), s.get("filtered", "-"), s.get("gv-symbols", "-"),
                    s.get("gv-packages", "-")))
        if cls.tmp:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def note(self, target, counts):
        s = self.stats.setdefault(target, {})
        s.update(counts)
        if "reported" in counts:
            s["affecting"] = counts["reported"] + counts["filtered"]

    def check_results(self, results, where):
        problems = []
        for target, result in sorted(results.items()):
            p, counts = check_result(self.reference, result, "%s/%s" % (where, target))
            problems += p
            self.note(os.path.join(where, target), counts)
        return problems

    def fail_on(self, problems):
        if problems:
            self.fail("%d problem(s):\n%s" % (len(problems), "\n".join(problems[:150])))

    # -- the database ---------------------------------------------------------------------

    def test_database_holds_every_record(self):
        res = run(self.scry.command("db", "info", "--format", "json"))
        self.assertEqual(res.returncode, 0, res.stderr.decode(errors="replace"))
        info = json.loads(res.stdout)
        self.assertEqual(info.get("Vulnerabilities"), len(self.reference.records))
        self.assertEqual(info.get("Withdrawn"), len(self.reference.withdrawn))

    # -- the fixtures, one by one and as a folder -------------------------------------------

    def check_fixture(self, fixture):
        path = os.path.join(FIXTURES, fixture["path"])
        results = self.scry.results(path)
        self.assertEqual(list(results), [os.path.basename(path)], "one gobinary Result")
        problems, counts = check_result(self.reference, results[os.path.basename(path)], fixture["path"])
        self.note(fixture["path"], counts)
        self.assertGreater(counts["reported"] + counts["filtered"], 0,
                           "%s: no record affects any package (stdlib alone has many)" % fixture["path"])
        self.fail_on(problems)

    def test_folder_scan(self):
        """The fixtures' bin/ folder in one scan: the same check on every Go binary, and the
        same findings as the single-file scans."""
        folder = os.path.join(FIXTURES, "bin")
        results = self.scry.results(folder)
        problems = self.check_results(results, "bin")
        by_path = {f["path"]: f for f in FIXTURE_LIST}
        for target, result in sorted(results.items()):
            fixture = by_path.get("bin/" + target)
            if fixture is None:
                problems.append("bin/%s: not a fixture" % target)
                continue
            single = self.scry.results(os.path.join(FIXTURES, fixture["path"]))
            single = single.get(os.path.basename(target))
            for field in ("Vulnerabilities", "FilteredVulnerabilities", "UnmatchedPackages"):
                if single is None or single.get(field) != result.get(field):
                    problems.append("bin/%s: %s differ between the folder scan and the file scan" % (target, field))
        want = sorted(f["path"][4:] for f in FIXTURE_LIST if f["path"].startswith("bin/") and f["expect"] in GO_BINARY)
        self.assertEqual(sorted(results), want, "Go binaries of the folder scan")
        self.fail_on(problems)
        # The platform check must have had something to check.
        filtered = sum(len(r.get("FilteredVulnerabilities") or []) for r in results.values())
        self.assertGreater(filtered, 0, "no finding filtered by GOOS/GOARCH in the whole folder")

    def test_go_toolchain_binaries(self):
        """The Go toolchain's commands hold the `toolchain` pseudo-module, whose advisories name
        the cmd/ packages they are in."""
        res = run([GO, "env", "GOROOT", "GOHOSTOS", "GOHOSTARCH"], GO_ENV, 60)
        if res.returncode != 0:
            self.skipTest("no go command (%s): run scripts/install-deps" % res.stderr.decode(errors="replace"))
        goroot, goos, goarch = res.stdout.decode().split()
        problems, toolchain = [], []
        for folder in (os.path.join(goroot, "bin"), os.path.join(goroot, "pkg", "tool", goos + "_" + goarch)):
            results = self.scry.results(folder)
            self.assertTrue(results, "no Go binaries in %s" % folder)
            problems += self.check_results(results, folder)
            toolchain += [r for r in results.values()
                          if any(p["Name"] == "toolchain" for p in r.get("Packages") or [])]
        self.assertTrue(toolchain, "no toolchain package in the Go toolchain's binaries")
        self.fail_on(problems)
        by_command = [f for r in toolchain for f in r.get("FilteredVulnerabilities") or []
                      if f["PkgName"] == "toolchain" and "this binary is cmd/" in f.get("Reason", "")]
        self.assertTrue(by_command, "no toolchain advisory filtered by its command")

    # -- govulncheck ------------------------------------------------------------------------

    @classmethod
    def legacy_db(cls, keep_symbols):
        if keep_symbols not in cls._legacy:
            out = os.path.join(cls.tmp, "govulndb-" + ("symbols" if keep_symbols else "packages"))
            dates = read_dates(os.path.join(VULNDATA, "go", "osv-dates.tsv"))
            write_legacy_db(cls.osv_dir, dates, out, keep_symbols)
            cls._legacy[keep_symbols] = out
        return cls._legacy[keep_symbols]

    def compare_with_govulncheck(self, keep_symbols):
        if shutil.which(GOVULNCHECK) is None:
            self.fail("%s not found: run scripts/install-deps (Debian package govulncheck)" % GOVULNCHECK)
        db = self.legacy_db(keep_symbols)
        level = "symbols" if keep_symbols else "packages"
        problems, rejected, compared, read_linux = [], [], 0, 0
        for fixture in FIXTURE_LIST:
            if fixture["expect"] not in GO_BINARY:
                continue
            path = os.path.join(FIXTURES, fixture["path"])
            found, why = run_govulncheck(db, path)
            if found is None:
                rejected.append("%s (%s)" % (fixture["path"], why))
                continue
            if fixture["format"] == "elf":
                read_linux += 1
            result = self.scry.results(path)[os.path.basename(path)]
            reported = {}
            for v in result.get("Vulnerabilities") or []:
                reported.setdefault(v["PkgName"], set()).update(finding_records(v, self.reference))
            filtered = {(f["VulnerabilityID"], f["PkgName"]): f.get("Reason") for f in
                        result.get("FilteredVulnerabilities") or []}
            for rid, module in sorted(found):
                if rid in self.reference.withdrawn:
                    log("govulncheck (%s) reports the withdrawn %s for %s in %s; scry rightly does not" % (
                        level, rid, module, fixture["path"]))
                    continue
                compared += 1
                settings = (result.get("GoBinary") or {}).get("Settings") or {}
                if (rid, module) in filtered and not settings.get("GOOS"):
                    # Without GOOS in build info govulncheck checks every platform's packages;
                    # scry bounds the platform by the executable format (the reference agrees).
                    log("govulncheck (%s) reports %s for %s in %s, built for no recorded GOOS; "
                        "scry filtered it: %s" % (level, rid, module, fixture["path"],
                                                  filtered[(rid, module)]))
                    continue
                if rid not in reported.get(module, set()):
                    extra = ""
                    if (rid, module) in filtered:
                        extra = " (scry filtered it: %s)" % filtered[(rid, module)]
                    problems.append("%s: govulncheck (%s) reports %s in %s, scry does not%s" % (
                        fixture["path"], level, rid, module, extra))
            self.note(fixture["path"], {"gv-" + level: len({rid for rid, _ in found})})
        log("\ngovulncheck (%s): compared %d findings; it could not read %d fixture(s):\n  %s" % (
            level, compared, len(rejected), "\n  ".join(rejected)))
        self.assertGreaterEqual(read_linux, 10, "govulncheck read too few ELF fixtures to compare")
        self.assertGreater(compared, 0, "govulncheck reported nothing to compare")
        self.fail_on(problems)

    def test_govulncheck_symbol_level(self):
        self.compare_with_govulncheck(True)

    def test_govulncheck_package_level(self):
        self.compare_with_govulncheck(False)


add_fixture_tests(GoVulns, FIXTURE_LIST, lambda fixture: fixture["expect"] in GO_BINARY)


class ReferenceSelfTest(unittest.TestCase):
    """The reference's own version order and OSV evaluation, without scry."""

    def test_semver_order(self):
        ordered = ["0.0.0-20200101000000-aaaaaaaaaaaa", "0.0.0-20210101000000-aaaaaaaaaaaa", "0.0.0",
                   "1.0.0-0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                   "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1-0.20230304050607-2078de552934",
                   "1.0.1", "1.2.0", "1.10.0", "2.0.0"]
        for i, a in enumerate(ordered):
            for j, b in enumerate(ordered):
                want = (i > j) - (i < j)
                self.assertEqual(compare_semver(parse_semver(a), parse_semver(b)), want, "%s vs %s" % (a, b))
        self.assertEqual(compare_semver(parse_semver("v2.0.0+incompatible"), parse_semver("2.0.0")), 0)
        for bad in ("1.2", "01.2.3", "1.2.3-01", "1.2.3-", "(devel)", ""):
            self.assertIsNone(parse_semver(bad), bad)

    def test_ranges(self):
        events = [{"introduced": "0"}, {"fixed": "1.20.11"}, {"introduced": "1.21.0-0"}, {"fixed": "1.21.4"}]
        shuffled = [events[3], events[1], events[2], events[0]]
        for version, want in (("v1.19.8", True), ("v1.20.11", False), ("v1.21.0-rc.2", True),
                              ("v1.21.3", True), ("v1.21.4", False), ("v1.22.0", False)):
            self.assertEqual(range_affects(events, parse_semver(version))[0], want, version)
            self.assertEqual(range_affects(shuffled, parse_semver(version))[0], want, version)
        last = [{"introduced": "1.0.0"}, {"last_affected": "1.2.0"}]
        self.assertTrue(range_affects(last, parse_semver("1.2.0"))[0])
        self.assertFalse(range_affects(last, parse_semver("1.2.1-0"))[0])
        limit = [{"introduced": "0"}, {"limit": "2.0.0"}]
        self.assertTrue(range_affects(limit, parse_semver("1.9.9"))[0])
        self.assertFalse(range_affects(limit, parse_semver("2.0.0"))[0])
        self.assertEqual(lowest_fixed_above(["1.20.11", "1.21.4"], "v1.21.2"), "1.21.4")
        self.assertEqual(lowest_fixed_above(["1.20.11", "1.21.4"], "v1.22.0"), "")

    def test_platforms(self):
        entry = {"ecosystem_specific": {"imports": [{"path": "os", "goos": ["windows"]},
                                                    {"path": "syscall", "goarch": ["ppc64le"]}]}}
        self.assertEqual(entry_applies(entry, "stdlib", {"linux"}, {"amd64"}, ""), "platform")
        self.assertIsNone(entry_applies(entry, "stdlib", {"windows"}, {"386"}, ""))
        self.assertIsNone(entry_applies(entry, "stdlib", {"linux"}, {"ppc64le"}, ""))
        self.assertIsNone(entry_applies(entry, "stdlib", None, None, ""))
        self.assertIsNone(entry_applies(entry, "stdlib", GOOS_BY_FORMAT["pe"], None, ""))
        self.assertEqual(entry_applies(entry, "stdlib", GOOS_BY_FORMAT["elf"], {"amd64"}, ""), "platform")
        self.assertIsNone(entry_applies(entry, "stdlib", GOOS_BY_FORMAT["elf"], {"amd64", "ppc64le"}, ""))
        self.assertEqual(binary_platforms({"Format": "elf", "Architectures": ["unknown-0x1"]}),
                         (GOOS_BY_FORMAT["elf"], None))
        self.assertEqual(binary_platforms({"Format": "pe", "Settings": {"GOOS": "windows", "GOARCH": "arm64"}}),
                         ({"windows"}, {"arm64"}))
        tool = {"ecosystem_specific": {"imports": [{"path": "cmd/go/internal/work"}]}}
        self.assertIsNone(entry_applies(tool, "toolchain", {"linux"}, {"amd64"}, "cmd/go"))
        self.assertEqual(entry_applies(tool, "toolchain", {"linux"}, {"amd64"}, "cmd/cgo"), "command")

    def test_module_path_escape(self):
        self.assertEqual(escape_module_path("github.com/BurntSushi/toml"), "github.com/!burnt!sushi/toml")
        self.assertEqual(escape_module_path("stdlib"), "stdlib")


if __name__ == "__main__":
    unittest.main(verbosity=2)
