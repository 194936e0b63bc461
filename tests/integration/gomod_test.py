#!/usr/bin/env python3
"""scry's gomod packages against the go command's own build list, offline.

For every vendored module among the Go fixture sources (tools/make-go-fixtures writes them to
SCRY_GO_FIXTURES/.src: plain requirements, a fork replacement, a local-directory replacement),
`go list -mod=vendor -deps` (no network, no module cache) names the module, version and
replacement that provides each package built; `scry fs` on the same folder must report exactly
those modules in the go.mod Result: the replacement's path and version, or the original path
without version for a directory replacement, and the main module as root without version.
Usage: SCRY_BIN=build/release/scry SCRY_GO_FIXTURES=build/fixtures/go python3 tests/integration/gomod_test.py
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

SCRY_BIN = os.environ.get("SCRY_BIN", "")
FIXTURES = os.environ.get("SCRY_GO_FIXTURES", "")
FORMAT = ("{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}}"
          "{{with .Replace}} => {{.Path}} {{.Version}}{{end}}{{end}}{{end}}")


def go_build_list(directory, scratch):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GO")}
    env.update(GOFLAGS="-mod=vendor", GOPROXY="off", GOWORK="off", GOSUMDB="off",
               GOCACHE=os.path.join(scratch, "gocache"), GOPATH=os.path.join(scratch, "gopath"),
               GOTELEMETRY="off")
    out = subprocess.run(["go", "list", "-deps", "-f", FORMAT, "./..."], cwd=directory, env=env,
                         check=True, capture_output=True, text=True).stdout
    modules = set()
    for line in filter(None, out.splitlines()):
        original, _, replacement = line.partition(" => ")
        path, version = original.split(" ")
        if replacement:
            new_path, _, new_version = replacement.partition(" ")
            modules.add((path, "") if not new_version else (new_path, new_version))
        else:
            modules.add((path, version))
    return modules


class GoModTest(unittest.TestCase):
    def test_vendored_fixtures_match_go_list(self):
        sources = os.path.join(FIXTURES, ".src")
        checked = 0
        with tempfile.TemporaryDirectory(prefix="scry-gomod-") as scratch:
            for name in sorted(os.listdir(sources)):
                directory = os.path.join(sources, name)
                if not os.path.isfile(os.path.join(directory, "vendor", "modules.txt")):
                    continue
                with self.subTest(fixture=name):
                    expected = go_build_list(directory, scratch)
                    done = subprocess.run(
                        [SCRY_BIN, "fs", directory, "--scanners", "none", "--format", "json",
                         "--quiet", "--cache-dir", os.path.join(scratch, "cache")],
                        capture_output=True, text=True, check=True)
                    results = {r["Target"]: r for r in json.loads(done.stdout)["Results"]}
                    packages = results["go.mod"]["Packages"]
                    roots = [p for p in packages if p.get("Relationship") == "root"]
                    self.assertEqual(len(roots), 1)
                    self.assertNotIn("Version", roots[0])
                    got = {(p["Name"], p.get("Version", "")) for p in packages
                           if p.get("Relationship") != "root" and p["Name"] != "stdlib"}
                    self.assertEqual(got, expected)
                    for p in packages:
                        if p.get("Relationship") != "root":
                            self.assertEqual(p.get("Evidence", {}).get("VersionFrom"),
                                             "vendor/modules.txt", p)
                    checked += 1
        self.assertGreaterEqual(checked, 3)


if __name__ == "__main__":
    if not SCRY_BIN or not FIXTURES:
        sys.exit("set SCRY_BIN and SCRY_GO_FIXTURES")
    unittest.main(verbosity=2)
