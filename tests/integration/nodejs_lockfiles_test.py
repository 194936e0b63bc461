#!/usr/bin/env python3
"""scry fs on real npm, yarn and pnpm lockfiles, against this test's own reading of them.

The lockfiles in src/scry/analyzer/lang/nodejs/testdata/real/ were written by npm 11, yarn 1 and 4,
and pnpm 7, 8 and 9 (see the README there). Each folder is scanned with `scry fs --list-all-pkgs`;
the packages of its one application must be exactly those read here (name, version, purl, dev),
with the lockfile's type. The reading here is written from the formats, independently of scry:
  * npm v2/v3: the "packages" map (folder names, "name" fields, links to workspace folders);
    v1: the nested "dependencies" tree. For npm, `npm ls --all --json --package-lock-only` must
    also list the same name@version pairs (aliases mapped to their package through package.json);
  * yarn v1: entry headers and `version` lines; berry: the YAML entries whose resolution is not a
    workspace, patch, link or portal;
  * pnpm: the "packages" keys without their peer suffixes.
Usage: SCRY_BIN=build/release/scry python3 tests/integration/nodejs_lockfiles_test.py
"""
import json
import os
import re
import shutil
import subprocess
import sys
import unittest
import urllib.parse

import yaml

SCRY_BIN = os.environ.get("SCRY_BIN", "")
HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "..", "src", "scry", "analyzer", "lang", "nodejs", "testdata", "real")
LOCKFILES = {"npm": "package-lock.json", "yarn": "yarn.lock", "pnpm": "pnpm-lock.yaml"}


def purl(name, version):
    encoded = name.replace("@", "%40") if not name.startswith("@") else "%40" + name[1:]
    return f"pkg:npm/{encoded}@{urllib.parse.quote(version, safe='')}"


def load(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_npm(path):
    lock = json.loads(load(path))
    out = {}
    if lock["lockfileVersion"] == 1:
        def walk(deps):
            for folder, entry in deps.items():
                name, version = folder, entry.get("version", "")
                m = re.match(r"^npm:(@?[^@]+)@(.+)$", version)
                if m:
                    name, version = m.group(1), m.group(2)
                dev = out.get((name, version), True) and entry.get("dev", False)
                out[(name, version)] = dev
                walk(entry.get("dependencies", {}))
        walk(lock.get("dependencies", {}))
        if lock.get("name") and lock.get("version"):
            out[(lock["name"], lock["version"])] = False
        return out
    packages = lock["packages"]
    for key, entry in packages.items():
        if key == "":
            if entry.get("name") and entry.get("version"):
                out[(entry["name"], entry["version"])] = False
            continue
        if "node_modules/" not in key:
            continue
        dev = entry.get("dev", False)
        if entry.get("link"):
            target = packages.get(entry["resolved"], {})
            name = target.get("name") or key.rsplit("node_modules/", 1)[1]
            version = target.get("version", "")
            dev = dev or target.get("dev", False)
        else:
            name = entry.get("name") or key.rsplit("node_modules/", 1)[1]
            version = entry["version"]
        out[(name, version)] = out.get((name, version), True) and dev
    return out


def npm_ls(folder):
    """name@version pairs in `npm ls`'s tree, aliases mapped through package.json."""
    if shutil.which("npm") is None:
        return None
    manifest = json.loads(load(os.path.join(folder, "package.json")))
    aliases = {}
    for deps in ("dependencies", "devDependencies", "optionalDependencies"):
        for name, spec in manifest.get(deps, {}).items():
            m = re.match(r"^npm:(@?[^@]+)@", spec)
            if m:
                aliases[name] = m.group(1)
    run = subprocess.run(["npm", "ls", "--all", "--json", "--package-lock-only", "--offline"],
                         cwd=folder, capture_output=True, text=True)
    tree = json.loads(run.stdout)
    pairs = {(tree["name"], tree["version"])}

    def walk(deps):
        for name, entry in deps.items():
            if "version" in entry:
                pairs.add((aliases.get(name, name), entry["version"]))
            walk(entry.get("dependencies", {}))
    walk(tree.get("dependencies", {}))
    return pairs


def read_yarn(path):
    text = load(path)
    out = {}
    if "\n__metadata:" in "\n" + text:
        lock = yaml.safe_load(text)
        for key, entry in lock.items():
            if key == "__metadata":
                continue
            resolution = entry["resolution"]
            name, reference = re.match(r"^(@?[^@]+)@(.*)$", resolution).groups()
            if reference.split(":", 1)[0] in ("workspace", "patch", "link", "portal"):
                continue
            out[(name, str(entry["version"]))] = False
        return out
    for block in re.split(r"\n\s*\n", text):
        header = re.search(r"^(\S.*):$", block, re.M)
        version = re.search(r'^  version "([^"]+)"', block, re.M)
        if not header or not version:
            continue
        first = header.group(1).split(", ")[0].strip('"')
        name, spec = re.match(r"^(@?[^@]+)@(.*)$", first).groups()
        alias = re.match(r"^npm:(@?[^@]+)@", spec)
        out[(alias.group(1) if alias else name, version.group(1))] = False
    return out


def read_pnpm(path):
    lock = yaml.safe_load(load(path))
    major = int(float(lock["lockfileVersion"]))
    out = {}
    for key, entry in lock.get("packages", {}).items():
        key = key.lstrip("/")
        if major < 6:
            m = re.match(r"^(@[^/]+/[^/]+|[^/]+)/([^_]+)", key)
        else:
            m = re.match(r"^(@?[^@]+)@([^(]+)", key)
        name, version = m.group(1), m.group(2)
        dev = bool(entry.get("dev", False)) if major < 9 else None
        out[(name, version)] = dev
    return out


def scan(folder, extra):
    run = subprocess.run([SCRY_BIN, "fs", folder, "--format", "json", "--list-all-pkgs",
                          "--skip-db-update"] + extra, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


class NodeLockfiles(unittest.TestCase):
    def test_real_lockfiles(self):
        help_text = subprocess.run([SCRY_BIN, "fs", "--help"], capture_output=True, text=True).stdout
        extra = ["--include-dev-deps"] if "--include-dev-deps" in help_text else []
        folders = sorted(os.listdir(REAL))
        folders = [f for f in folders if os.path.isdir(os.path.join(REAL, f))]
        self.assertEqual(len(folders), 8)
        for folder in folders:
            with self.subTest(folder=folder):
                kind = folder.split("-")[0]
                path = os.path.join(REAL, folder)
                lockfile = os.path.join(path, LOCKFILES[kind])
                expected = {"npm": read_npm, "yarn": read_yarn, "pnpm": read_pnpm}[kind](lockfile)
                report = scan(path, extra)
                results = [r for r in report.get("Results", []) if r.get("Type") == kind]
                self.assertEqual(len(results), 1, report)
                self.assertEqual(results[0]["Target"], LOCKFILES[kind])
                got = {}
                for package in results[0]["Packages"]:
                    key = (package["Name"], package["Version"])
                    self.assertNotIn(key, got)
                    got[key] = package.get("Dev", False)
                    self.assertEqual(package["Identifier"]["PURL"], purl(*key))
                self.assertEqual(set(got), set(expected))
                for key, dev in expected.items():
                    if dev is not None and kind != "yarn":
                        self.assertEqual(got[key], dev, key)
                if kind == "npm":
                    pairs = npm_ls(path)
                    if pairs is not None:
                        # v1 records local folders as "file:<folder>", as scry reports them; npm
                        # ls shows the version in that folder's package.json instead.
                        local = set()
                        for name, version in got:
                            if version.startswith("file:"):
                                manifest = json.loads(load(os.path.join(path, version[5:], "package.json")))
                                self.assertEqual(manifest["name"], name)
                                local.add((name, version))
                                pairs.discard((name, manifest["version"]))
                        self.assertEqual(set(got) - local, pairs)
                # Every real lockfile here holds the alias, a scoped package and both ms versions.
                for key in [("lodash", "4.17.20"), ("@sindresorhus/is", "4.6.0"), ("react", "18.2.0")]:
                    self.assertIn(key, got)


if __name__ == "__main__":
    if not SCRY_BIN:
        sys.exit("set SCRY_BIN to the scry binary")
    unittest.main()
