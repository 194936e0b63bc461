#!/usr/bin/env python3
"""scry's machine-readable reports checked by their consumers' own tools.

A real Go binary from the Go fixtures (bin/deps-proxy: a main module, four dependencies, stdlib
1.19.8) is copied into a folder and scanned with `scry fs`, under SOURCE_DATE_EPOCH and a fixed
GitHub Actions environment, for golden files (tests/integration/testdata/report_formats/,
UPDATE_GOLDEN=1 rewrites them) of every format for the inventory (`--scanners none`), which
depends only on the binary. The same binary in a Debian 11 root file system with three dpkg
packages (old zlib, expat, glibc) is scanned with `scry rootfs` and the database built into scry
(Go and Debian advisories), and each format is checked:
  * SARIF with Microsoft's SARIF
    multitool (`validate`: the SARIF 2.1.0 schema and its rules), and against the schema the
    multitool ships, with python3-jsonschema;
  * CycloneDX against bom-1.6 from @cyclonedx/cyclonedx-library (its spdx and jsf schemas resolved
    locally), plus bom-ref uniqueness and every reference resolving;
  * SPDX 2.3 against the specification's required fields (no npm package ships the SPDX 2.3
    JSON schema), SPDXID syntax, relationships that resolve;
  * the GitHub dependency snapshot against the fields GitHub's REST API requires;
  * every format names the same packages and findings as the JSON report, and is byte-identical
    across runs.
The npm packages are fetched once into SCRY_REPORT_TOOLS (under build/) and reused offline; when
the npm registry cannot be reached on that first run the test fails and says so.
Usage: SCRY_BIN=build/release/scry SCRY_GO_FIXTURES=build/fixtures/go \
       SCRY_REPORT_TOOLS=build/release/report-tools python3 tests/integration/report_formats_test.py
"""
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest
import warnings

import debian11_fixture  # beside this file

try:
    import jsonschema
except ImportError:  # Debian's python3-jsonschema when another interpreter runs the test
    sys.path.append("/usr/lib/python3/dist-packages")
    import jsonschema

from scry_fixture import SCRY_BIN, require_scry_and_fixture  # beside this file
HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.abspath(os.environ.get("SCRY_REPORT_TOOLS", os.path.join(HERE, "..", "..", "build", "report-tools")))
GOLDEN = os.path.join(HERE, "testdata", "report_formats")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

SARIF_TOOL = ("@microsoft/sarif-multitool", "5.7.0")
CYCLONEDX_LIBRARY = ("@cyclonedx/cyclonedx-library", "10.3.0")
EPOCH = "1700000000"
GITHUB_ENV = {"GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
              "GITHUB_REF": "refs/heads/main", "GITHUB_WORKFLOW": "scan",
              "GITHUB_JOB": "deps", "GITHUB_RUN_ID": "4242"}
FORMATS = {"sarif": "deps-proxy.sarif", "cyclonedx": "deps-proxy.cdx.json",
           "spdx-json": "deps-proxy.spdx.json", "github": "deps-proxy.github.json"}


def run(args, **kwargs):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def npm(args):
    res = run(["npm", "--cache", os.path.join(TOOLS, "npm-cache"), "--no-audit", "--no-fund",
               "--loglevel", "error"] + args)
    if res.returncode != 0:
        raise AssertionError(
            "npm %s failed (exit %d): the npm registry must be reachable once to fetch the "
            "validators into %s, later runs are offline:\n%s"
            % (" ".join(args), res.returncode, TOOLS, res.stderr.decode(errors="replace")[-2000:]))


def ensure_tools():
    """The SARIF multitool and CycloneDX's schemas, fetched once and shared by every run."""
    os.makedirs(TOOLS, exist_ok=True)
    with open(os.path.join(TOOLS, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sarif = os.path.join(TOOLS, "sarif")
        if not os.path.exists(os.path.join(sarif, "node_modules", ".bin", "sarif-multitool")):
            npm(["install", "--prefix", sarif, "%s@%s" % SARIF_TOOL])
        cyclonedx = os.path.join(TOOLS, "cyclonedx")
        schema = os.path.join(cyclonedx, "package", "res", "schema", "bom-1.6.SNAPSHOT.schema.json")
        if not os.path.exists(schema):
            shutil.rmtree(cyclonedx, ignore_errors=True)
            os.makedirs(cyclonedx)
            npm(["pack", "--pack-destination", cyclonedx, "%s@%s" % CYCLONEDX_LIBRARY])
            tarballs = [f for f in os.listdir(cyclonedx) if f.endswith(".tgz")]
            with tarfile.open(os.path.join(cyclonedx, tarballs[0])) as tar:
                tar.extractall(cyclonedx, members=[m for m in tar.getmembers()
                                                   if m.name.startswith("package/res/schema/")])
    return sarif, os.path.dirname(schema)


class ReportFormats(unittest.TestCase):
    maxDiff = None
    tmp = None

    @classmethod
    def setUpClass(cls):
        binary = require_scry_and_fixture("deps-proxy")
        cls.sarif_tool, cls.cyclonedx_schemas = ensure_tools()
        cls.tmp = tempfile.mkdtemp(prefix="scry-report-formats-")
        cls.target = os.path.join(cls.tmp, "deps-proxy")
        os.makedirs(os.path.join(cls.target, "usr", "bin"))
        shutil.copy(binary, os.path.join(cls.target, "usr", "bin", "app"))
        cls.inventory = {f: cls.scan(f, "--scanners", "none") for f in FORMATS}
        # A Debian 11 root file system with the same binary: OS packages with Debian's advisories.
        rootfs = os.path.join(cls.tmp, "rootfs")
        debian11_fixture.write_rootfs(rootfs)
        os.makedirs(os.path.join(rootfs, "usr", "bin"))
        shutil.copy(binary, os.path.join(rootfs, "usr", "bin", "app"))
        cls.vulns = {f: cls.scan(f, command="rootfs") for f in list(FORMATS) + ["json"]}
        cls.listed = [p for r in json.loads(cls.scan("json", "--list-all-pkgs", command="rootfs"))["Results"]
                      for p in r.get("Packages", [])]

    @classmethod
    def tearDownClass(cls):
        if cls.tmp:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def scan(cls, fmt, *extra, epoch=True, command="fs"):
        env = {k: v for k, v in os.environ.items()
               if k != "SOURCE_DATE_EPOCH" and not k.startswith("GITHUB_")}
        env.update(GITHUB_ENV)
        if epoch:
            env["SOURCE_DATE_EPOCH"] = EPOCH
        # Relative target, so that the report names no temporary path.
        target = "deps-proxy" if command == "fs" else command
        res = run([SCRY_BIN, "--cache-dir", os.path.join(cls.tmp, "cache"), command, target,
                   "--format", fmt, "--skip-db-update", "--quiet"] + list(extra),
                  cwd=cls.tmp, env=env)
        if res.returncode != 0:
            raise AssertionError("scry fs --format %s exited %d:\n%s"
                                 % (fmt, res.returncode, res.stderr.decode(errors="replace")))
        return res.stdout.decode()

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    # --- goldens and determinism ----------------------------------------------------------------

    def test_goldens(self):
        for fmt, name in FORMATS.items():
            with self.subTest(format=fmt):
                path = os.path.join(GOLDEN, name)
                if UPDATE:
                    os.makedirs(GOLDEN, exist_ok=True)
                    with open(path, "w") as f:
                        f.write(self.inventory[fmt])
                with open(path) as f:
                    self.assertEqual(f.read(), self.inventory[fmt], "%s (UPDATE_GOLDEN=1 rewrites)" % path)

    def test_byte_identical_across_runs(self):
        for fmt in FORMATS:
            with self.subTest(format=fmt):
                self.assertEqual(self.scan(fmt, command="rootfs"), self.vulns[fmt])

    def test_timestamps_without_source_date_epoch(self):
        bom = json.loads(self.scan("cyclonedx", epoch=False, command="rootfs"))
        self.assertRegex(bom["metadata"]["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertNotIn("timestamp", json.loads(self.vulns["cyclonedx"])["metadata"])
        spdx = json.loads(self.vulns["spdx-json"])
        self.assertEqual(spdx["creationInfo"]["created"], "2023-11-14T22:13:20Z")

    def test_unknown_format_is_usage_error(self):
        res = run([SCRY_BIN, "fs", self.target, "--format", "xml"])
        self.assertEqual(res.returncode, 2)
        self.assertIn(b"sarif, cyclonedx, spdx-json, github or html", res.stderr)

    # --- SARIF ----------------------------------------------------------------------------------

    def test_sarif_multitool_validate(self):
        for label, text in (("vulns", self.vulns["sarif"]), ("inventory", self.inventory["sarif"])):
            with self.subTest(report=label):
                path = self.write("%s.sarif" % label, text)
                log = os.path.join(self.tmp, "%s.validation.sarif" % label)
                res = run([os.path.join(self.sarif_tool, "node_modules", ".bin", "sarif-multitool"),
                           "validate", path, "--output", log, "--log", "ForceOverwrite"])
                self.assertEqual(res.returncode, 0, res.stdout.decode(errors="replace"))
                with open(log) as f:
                    validation = json.load(f)
                self.assertTrue(validation["runs"][0]["invocations"][0]["executionSuccessful"])
                findings = ["%s %s: %s" % (r["level"] if "level" in r else "warning", r["ruleId"],
                                           r["message"].get("arguments"))
                            for r in validation["runs"][0].get("results", [])]
                self.assertEqual(findings, [], res.stdout.decode(errors="replace"))

    def test_sarif_schema_and_content(self):
        sarif = json.loads(self.vulns["sarif"])
        schema_path = os.path.join(self.sarif_tool, "node_modules", "@microsoft",
                                   "sarif-multitool-linux", "sarif-2.1.0.json")
        if os.path.exists(schema_path):
            with open(schema_path) as f:
                schema = json.load(f)
            errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(sarif)]
            self.assertEqual(errors, [])
        report = json.loads(self.vulns["json"])
        expected = sorted((v["VulnerabilityID"], v["PkgName"], v["InstalledVersion"])
                          for r in report["Results"] for v in r.get("Vulnerabilities", []))
        self.assertGreater(len(expected), 10)
        run_ = sarif["runs"][0]
        rules = run_["tool"]["driver"]["rules"]
        self.assertEqual(run_["tool"]["driver"]["name"], "scry")
        self.assertEqual(len({r["id"] for r in rules}), len(rules))
        got = []
        for result in run_["results"]:
            self.assertEqual(rules[result["ruleIndex"]]["id"], result["ruleId"])
            self.assertIn(result["level"], ("error", "warning", "note"))
            location = result["locations"][0]["physicalLocation"]
            # Go findings at the binary; OS package findings at the artifact, as Trivy does.
            uri = "rootfs" if rules[result["ruleIndex"]]["name"] == "OsPackageVulnerability" else "usr/bin/app"
            self.assertEqual(location["artifactLocation"], {"uri": uri, "uriBaseId": "ROOTPATH"})
            self.assertEqual(location["region"]["startLine"], 1)
            text = result["message"]["text"]
            package = re.search(r"^Package: (.*)$", text, re.M).group(1)
            installed = re.search(r"^Installed Version: (.*)$", text, re.M).group(1)
            got.append((result["ruleId"], package, installed))
        self.assertEqual(sorted(got), expected)
        for rule in rules:
            self.assertRegex(rule["properties"]["security-severity"], r"^\d+\.\d$")
            self.assertEqual(rule["properties"]["tags"][:2], ["vulnerability", "security"])
            self.assertTrue(rule["shortDescription"]["text"])
            self.assertTrue(rule["help"]["markdown"])
        self.assertIn("ROOTPATH", run_["originalUriBaseIds"])

    # --- CycloneDX ------------------------------------------------------------------------------

    def cyclonedx_validator(self):
        store = {}
        for name in os.listdir(self.cyclonedx_schemas):
            if name.endswith(".schema.json"):
                with open(os.path.join(self.cyclonedx_schemas, name)) as f:
                    schema = json.load(f)
                # bom-1.6 refers to its neighbours by relative name; never fetched over the network.
                store["http://cyclonedx.org/schema/" + name] = schema
                store[schema.get("$id", name)] = schema
        bom_schema = store["http://cyclonedx.org/schema/bom-1.6.SNAPSHOT.schema.json"]
        with warnings.catch_warnings():  # deprecated in newer jsonschema, the API of Debian's
            warnings.simplefilter("ignore", DeprecationWarning)
            resolver = jsonschema.RefResolver.from_schema(bom_schema, store=store)
        return jsonschema.Draft7Validator(bom_schema, resolver=resolver,
                                          format_checker=jsonschema.FormatChecker())

    def test_cyclonedx_schema(self):
        validator = self.cyclonedx_validator()
        for label, text in (("vulns", self.vulns["cyclonedx"]), ("inventory", self.inventory["cyclonedx"])):
            with self.subTest(report=label):
                errors = ["%s: %s" % (list(e.absolute_path), e.message[:300])
                          for e in validator.iter_errors(json.loads(text))]
                self.assertEqual(errors, [])
        # The validator does reject a broken BOM (so that the check above can fail).
        broken = json.loads(self.vulns["cyclonedx"])
        broken["components"][0]["type"] = "not-a-type"
        self.assertTrue(list(validator.iter_errors(broken)))

    def test_cyclonedx_graph_and_vulnerabilities(self):
        bom = json.loads(self.vulns["cyclonedx"])
        self.assertEqual((bom["bomFormat"], bom["specVersion"], bom["version"]), ("CycloneDX", "1.6", 1))
        self.assertRegex(bom["serialNumber"], r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        refs = [c["bom-ref"] for c in bom["components"]] + [bom["metadata"]["component"]["bom-ref"]]
        self.assertEqual(len(refs), len(set(refs)))
        for dependency in bom["dependencies"]:
            self.assertIn(dependency["ref"], refs)
            for target in dependency["dependsOn"]:
                self.assertIn(target, refs)
        report = json.loads(self.vulns["json"])
        purls = sorted(c["purl"] for c in bom["components"] if "purl" in c)
        self.assertEqual(purls, sorted({p["Identifier"]["PURL"] for p in self.listed}))
        app = next(c for c in bom["components"] if c["type"] == "application")
        self.assertEqual(app["name"], "usr/bin/app")
        os_ = next(c for c in bom["components"] if c["type"] == "operating-system")
        self.assertEqual((os_["name"], os_["version"]), ("debian", "11.6"))
        by_ref = {d["ref"]: d["dependsOn"] for d in bom["dependencies"]}
        zlib = next(c for c in bom["components"] if c["name"] == "zlib1g")
        libc = next(c for c in bom["components"] if c["name"] == "libc6")
        self.assertEqual(by_ref[zlib["bom-ref"]], [libc["bom-ref"]])
        self.assertIn(zlib["bom-ref"], by_ref[os_["bom-ref"]])
        self.assertIn({"name": "scry:SrcName", "value": "zlib"}, zlib["properties"])
        expected_findings = sorted((v["VulnerabilityID"], v["PkgIdentifier"]["PURL"])
                                   for r in report["Results"] for v in r.get("Vulnerabilities", []))
        got = sorted((v["id"], a["ref"]) for v in bom["vulnerabilities"] for a in v["affects"])
        self.assertEqual(got, expected_findings)
        for vulnerability in bom["vulnerabilities"]:
            for affected in vulnerability["affects"]:
                self.assertIn(affected["ref"], refs)

    # --- SPDX -----------------------------------------------------------------------------------

    def test_spdx_required_fields(self):
        for label, text in (("vulns", self.vulns["spdx-json"]), ("inventory", self.inventory["spdx-json"])):
            with self.subTest(report=label):
                self.check_spdx(json.loads(text))

    def check_spdx(self, doc):
        # SPDX 2.3 clause 6 (document creation information): all mandatory.
        self.assertEqual(doc["spdxVersion"], "SPDX-2.3")
        self.assertEqual(doc["dataLicense"], "CC0-1.0")
        self.assertEqual(doc["SPDXID"], "SPDXRef-DOCUMENT")
        self.assertTrue(doc["name"])
        self.assertRegex(doc["documentNamespace"], r"^https?://[^#\s]+$")
        self.assertTrue(doc["creationInfo"]["creators"])
        for creator in doc["creationInfo"]["creators"]:
            self.assertRegex(creator, r"^(Person|Organization|Tool): \S")
        self.assertIn("Tool: scry-", " ".join(doc["creationInfo"]["creators"]))
        self.assertRegex(doc["creationInfo"]["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        # Clause 7 (package information): name, SPDXID, downloadLocation mandatory;
        # verificationCode required unless filesAnalyzed is false.
        ids = set()
        purposes = {"APPLICATION", "FRAMEWORK", "LIBRARY", "CONTAINER", "OPERATING-SYSTEM", "DEVICE",
                    "FIRMWARE", "SOURCE", "ARCHIVE", "FILE", "INSTALL", "OTHER"}
        for package in doc["packages"]:
            self.assertTrue(package["name"])
            self.assertRegex(package["SPDXID"], r"^SPDXRef-[A-Za-z0-9.\-]+$")
            self.assertNotIn(package["SPDXID"], ids)
            ids.add(package["SPDXID"])
            self.assertTrue(package["downloadLocation"])
            self.assertIs(package["filesAnalyzed"], False)
            self.assertNotIn("packageVerificationCode", package)
            self.assertIn(package["primaryPackagePurpose"], purposes)
            for ref in package.get("externalRefs", []):
                self.assertEqual((ref["referenceCategory"], ref["referenceType"]), ("PACKAGE-MANAGER", "purl"))
                self.assertTrue(ref["referenceLocator"].startswith("pkg:"))
        kinds = {"DESCRIBES", "CONTAINS", "DEPENDS_ON"}
        self.assertTrue(any(r["relationshipType"] == "DESCRIBES" and r["spdxElementId"] == "SPDXRef-DOCUMENT"
                            for r in doc["relationships"]))
        for relationship in doc["relationships"]:
            self.assertIn(relationship["relationshipType"], kinds)
            self.assertIn(relationship["spdxElementId"], ids | {"SPDXRef-DOCUMENT"})
            self.assertIn(relationship["relatedSpdxElement"], ids)
        purls = sorted(r["referenceLocator"] for p in doc["packages"] for r in p.get("externalRefs", []))
        listed = self.listed if doc["name"] == "rootfs" else json.loads(
            self.scan("json", "--list-all-pkgs"))["Results"][0]["Packages"]
        self.assertEqual(purls, sorted(p["Identifier"]["PURL"] for p in listed))

    # --- GitHub dependency snapshot -------------------------------------------------------------

    def test_github_snapshot(self):
        snapshot = json.loads(self.vulns["github"])
        self.assertEqual(snapshot["version"], 0)
        self.assertEqual(snapshot["sha"], GITHUB_ENV["GITHUB_SHA"])
        self.assertEqual(snapshot["ref"], GITHUB_ENV["GITHUB_REF"])
        self.assertEqual(snapshot["job"], {"correlator": "scan_deps", "id": "4242"})
        self.assertEqual(snapshot["detector"]["name"], "scry")
        self.assertTrue(snapshot["detector"]["version"])
        self.assertRegex(snapshot["detector"]["url"], r"^https://")
        self.assertEqual(snapshot["scanned"], "2023-11-14T22:13:20Z")
        self.assertLessEqual(len(snapshot["metadata"]), 8)  # GitHub's limit
        self.assertEqual(sorted(snapshot["manifests"]), ["rootfs (debian 11.6)", "usr/bin/app"])
        resolved = []
        for target, manifest in snapshot["manifests"].items():
            self.assertEqual(manifest["file"]["source_location"], target)
            purls = {p["package_url"] for p in manifest["resolved"].values()}
            for package in manifest["resolved"].values():
                resolved.append(package["package_url"])
                self.assertIn(package.get("relationship", "direct"), ("direct", "indirect"))
                self.assertIn(package["scope"], ("runtime", "development"))
                for dependency in package["dependencies"]:
                    self.assertIn(dependency, purls)
        self.assertEqual(sorted(resolved), sorted(p["Identifier"]["PURL"] for p in self.listed))


if __name__ == "__main__":
    unittest.main(verbosity=2)
