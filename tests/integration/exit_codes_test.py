#!/usr/bin/env python3
"""Exit codes and error messages of every path in /work/shared/design/cli.md, plus scry.yaml,
the end-of-life data and the completion scripts, end to end.

Debian's security tracker lists (../shared/vulndata/debian-security-tracker) are imported with
`scry db import` into a temporary cache. Two root file systems are written here: Debian 9
(os-release, debian_version 9.13, a dpkg status with zlib1g 1:1.2.8.dfsg-5: one fixed finding,
CVE-2018-25032) and Debian 8 (virtualbox, whose only finding, DSA-3699-1, has no fix: end of
life). Each case of CASES runs scry and checks the exit code; error cases (1 and 2) must print
exactly one line on stderr, saying what is wrong and, for 1, what to do. "Today" for the
end-of-life dates is pinned with SOURCE_DATE_EPOCH.

Usage: SCRY_BIN=build/release/scry SCRY_VULNDATA=../shared/vulndata \\
       python3 tests/integration/exit_codes_test.py [-v]
"""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

SCRY_BIN = os.path.abspath(os.environ["SCRY_BIN"]) if os.environ.get("SCRY_BIN") else ""
VULNDATA = os.environ.get("SCRY_VULNDATA", "")
TRACKER = os.path.join(VULNDATA, "debian-security-tracker")

EPOCH_2024 = "1704067200"  # 2024-01-01: Debian 9 (LTS until 2022-06-30) is end-of-life
EPOCH_2021 = "1609459200"  # 2021-01-01: Debian 9 still supported (LTS)
D9_FINDING = "CVE-2018-25032"
D8_FINDING = "DSA-3699-1"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        out.write(text)
    return path


def debian_rootfs(root, version_id, debian_version, package, version, source):
    write(os.path.join(root, "etc/os-release"),
          'NAME="Debian GNU/Linux"\nVERSION_ID="%s"\nID=debian\n' % version_id)
    write(os.path.join(root, "etc/debian_version"), debian_version + "\n")
    write(os.path.join(root, "var/lib/dpkg/status"),
          "Package: %s\nStatus: install ok installed\nVersion: %s\nArchitecture: amd64\n"
          "Source: %s\n\n" % (package, version, source))


class ExitCodesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not SCRY_BIN or not os.path.isdir(TRACKER):
            raise unittest.SkipTest("SCRY_BIN and SCRY_VULNDATA with debian-security-tracker")
        cls.tmp = tempfile.mkdtemp(prefix="scry-exit-codes-")
        cls.cache = os.path.join(cls.tmp, "cache")
        res = cls.run_scry(["--cache-dir", cls.cache, "-q", "db", "import", TRACKER])
        assert res.returncode == 0, res.stderr
        cls.d9 = os.path.join(cls.tmp, "debian9")
        debian_rootfs(cls.d9, "9", "9.13", "zlib1g", "1:1.2.8.dfsg-5", "zlib")
        cls.d8 = os.path.join(cls.tmp, "debian8")
        debian_rootfs(cls.d8, "8", "8.11", "virtualbox", "4.3.36-dfsg-1+deb8u1",
                      "virtualbox")
        cls.empty = os.path.join(cls.tmp, "empty")
        os.makedirs(cls.empty)
        cls.cwd = os.path.join(cls.tmp, "cwd")  # no scry.yaml or ignore files unless a case adds
        os.makedirs(cls.cwd)
        write(os.path.join(cls.tmp, "ignore/.trivyignore"), D9_FINDING + "\n")
        write(os.path.join(cls.tmp, "bad.tar"), "this is not a tarball\n" * 100)
        corrupt = os.path.join(cls.tmp, "corrupt-cache/db/scry.db")
        write(corrupt, "SQLite format 3\0" + "x" * 4000)
        baseline = cls.run_scry(["--cache-dir", cls.cache, "rootfs", "--skip-db-update", "--list-all-pkgs", "-f",
                                 "json", cls.d9], env={"SOURCE_DATE_EPOCH": EPOCH_2021})
        assert baseline.returncode == 0, baseline.stderr
        cls.baseline = json.loads(baseline.stdout)
        purl = cls.baseline["Results"][0]["Packages"][0]["Identifier"]["PURL"]
        write(os.path.join(cls.tmp, "vex.json"), json.dumps({
            "@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1",
            "author": "test", "timestamp": "2024-01-01T00:00:00Z", "version": 1,
            "statements": [{"vulnerability": {"name": D9_FINDING}, "products": [{"@id": purl}],
                            "status": "not_affected",
                            "justification": "vulnerable_code_not_in_execute_path"}]}))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @staticmethod
    def run_scry(args, cwd=None, env=None):
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("SCRY_")}
        full_env.update(env or {})
        return subprocess.run([SCRY_BIN] + args, capture_output=True, text=True, cwd=cwd,
                              env=full_env, timeout=300)

    def scan(self, args, env=None, cwd=None, cache=None):
        return self.run_scry(["--cache-dir", cache or self.cache] + args, cwd=cwd or self.cwd,
                             env=dict({"SOURCE_DATE_EPOCH": EPOCH_2021}, **(env or {})))

    def test_baseline_findings(self):
        ids = [v["VulnerabilityID"] for r in self.baseline["Results"]
               for v in r.get("Vulnerabilities", [])]
        self.assertEqual(ids, [D9_FINDING])
        self.assertNotIn("EOSL", self.baseline["Metadata"]["OS"])

    def test_cases(self):
        t = self.tmp
        d9, d8 = self.d9, self.d8
        sk = ["--skip-db-update", "-f", "json"]
        # (name, args, env, cwd, expected code, stderr must contain (None: any))
        cases = [
            ("clean scan", ["fs", self.empty] + sk, {}, None, 0, None),
            ("findings, no --exit-code", ["rootfs", d9] + sk, {}, None, 0, None),
            ("findings left", ["rootfs", d9, "--exit-code", "3"] + sk, {}, None, 3, None),
            ("--severity removes all", ["rootfs", d9, "--exit-code", "3", "--severity",
                                        "HIGH,CRITICAL"] + sk, {}, None, 0, None),
            ("--ignore-status removes all", ["rootfs", d9, "--exit-code", "3",
                                             "--ignore-status", "fixed"] + sk, {}, None, 0, None),
            ("--ignore-unfixed keeps fixed", ["rootfs", d9, "--exit-code", "3",
                                              "--ignore-unfixed"] + sk, {}, None, 3, None),
            ("unfixed finding left", ["rootfs", d8, "--exit-code", "3"] + sk, {}, None, 3, None),
            ("--ignore-unfixed removes all", ["rootfs", d8, "--exit-code", "3",
                                              "--ignore-unfixed"] + sk, {}, None, 0, None),
            ("ignore file removes all", ["rootfs", d9, "--exit-code", "3"] + sk, {},
             os.path.join(t, "ignore"), 0, None),
            ("VEX removes all", ["rootfs", d9, "--exit-code", "3", "--vex",
                                 os.path.join(t, "vex.json")] + sk, {}, None, 0, None),
            # Exit codes 1: the scan cannot be done.
            ("missing target", ["fs", os.path.join(t, "nowhere")] + sk, {}, None, 1,
             "nowhere"),
            ("unreadable database", ["fs", self.empty] + sk, {}, None, 1, "scry db update",
             os.path.join(t, "corrupt-cache")),
            ("bad image tarball", ["image", "--input", os.path.join(t, "bad.tar")] + sk, {},
             None, 1, "bad.tar"),
            ("named ignore file missing", ["fs", self.empty, "--ignorefile",
                                           os.path.join(t, "none.txt")] + sk, {}, None, 1,
             "none.txt"),
            # Exit code 2: wrong usage.
            ("unknown flag", ["fs", self.empty, "--no-such-flag"], {}, None, 2, "--no-such-flag"),
            ("bad --format", ["fs", self.empty, "--format", "xml"], {}, None, 2, "xml"),
            ("missing argument", ["fs"], {}, None, 2, "target"),
            ("missing option value", ["fs", self.empty, "--format"], {}, None, 2, "--format"),
            ("no subcommand", [], {}, None, 2, "subcommand"),
            ("--branch and --tag", ["repo", self.empty, "--branch", "a", "--tag", "b"], {},
             None, 2, "--branch"),
            ("bad --severity", ["fs", self.empty, "--severity", "URGENT"] + sk, {}, None, 2,
             "URGENT"),
            ("bad SCRY_EXIT_CODE", ["fs", self.empty] + sk, {"SCRY_EXIT_CODE": "x"}, None, 2,
             "--exit-code"),
            # --exit-on-eol: after the findings' --exit-code (which wins when both apply).
            ("EOL OS", ["rootfs", d9, "--exit-on-eol", "4"] + sk,
             {"SOURCE_DATE_EPOCH": EPOCH_2024}, None, 4, None),
            ("EOL OS before its date", ["rootfs", d9, "--exit-on-eol", "4"] + sk, {}, None, 0,
             None),
            ("--exit-code wins over --exit-on-eol", ["rootfs", d9, "--exit-code", "3",
                                                     "--exit-on-eol", "4"] + sk,
             {"SOURCE_DATE_EPOCH": EPOCH_2024}, None, 3, None),
            ("--exit-on-eol when filters remove all", ["rootfs", d9, "--exit-code", "3",
                                                       "--exit-on-eol", "4", "--severity",
                                                       "CRITICAL"] + sk,
             {"SOURCE_DATE_EPOCH": EPOCH_2024}, None, 4, None),
            ("EOL without --exit-on-eol", ["rootfs", d9] + sk, {"SOURCE_DATE_EPOCH": EPOCH_2024},
             None, 0, "OS debian 9 is end-of-life since 2022-06-30"),
        ]
        for name, args, env, cwd, code, stderr_has, *cache in cases:
            with self.subTest(name):
                res = self.scan(args, env=env, cwd=cwd, cache=cache[0] if cache else None)
                self.assertEqual(res.returncode, code, res.stderr)
                if code in (1, 2):
                    lines = res.stderr.splitlines()
                    self.assertEqual(len(lines), 1, res.stderr)
                    self.assertTrue(lines[0].startswith("scry: "), res.stderr)
                if stderr_has is not None:
                    self.assertIn(stderr_has, res.stderr)

    def test_no_database_with_skip_db_update(self):
        # Without a database, a build with one built in installs it (and says how to get
        # current data); a build without one fails with what to run.
        res = self.scan(["fs", self.empty, "--skip-db-update"],
                        cache=os.path.join(self.tmp, "fresh-cache"))
        self.assertIn("scry db update", res.stderr)
        if res.returncode != 0:
            self.assertEqual(res.returncode, 1)
            self.assertEqual(len(res.stderr.splitlines()), 1, res.stderr)

    def test_eol_in_json(self):
        res = self.scan(["rootfs", self.d9, "--skip-db-update", "-f", "json"],
                        env={"SOURCE_DATE_EPOCH": EPOCH_2024})
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual(json.loads(res.stdout)["Metadata"]["OS"],
                         {"Family": "debian", "Name": "9.13", "EOSL": True})

    def test_config_file(self):
        cwd = os.path.join(self.tmp, "config-cwd")
        write(os.path.join(cwd, "scry.yaml"),
              "# settings for CI\nformat: json\nexit-code: 5\nskip-db-update: true\n"
              "severity: [UNKNOWN, HIGH]\n")
        scan = ["rootfs", self.d9]
        self.assertEqual(self.scan(scan, cwd=cwd).returncode, 5)  # file
        self.assertEqual(self.scan(scan, cwd=cwd, env={"SCRY_EXIT_CODE": "6"}).returncode, 6)
        self.assertEqual(self.scan(scan + ["--exit-code", "7"], cwd=cwd,
                                   env={"SCRY_EXIT_CODE": "6"}).returncode, 7)  # flag > env
        res = self.scan(scan, cwd=cwd, env={"SCRY_SEVERITY": "CRITICAL"})
        self.assertEqual(res.returncode, 0, res.stderr)  # env > file for lists too
        self.assertEqual(json.loads(res.stdout)["SchemaVersion"], 2)
        # --config and SCRY_CONFIG name another file; keys of other commands are skipped.
        other = write(os.path.join(self.tmp, "other.yaml"),
                      "severity: UNKNOWN,HIGH\nexit-code: 8\nbranch: main\nskip-db-update: true\n")
        self.assertEqual(self.scan(scan + ["--config", other]).returncode, 8)
        self.assertEqual(self.scan(scan, env={"SCRY_CONFIG": other}).returncode, 8)
        # Errors: one line naming the file, and the key or the line.
        bad = {"unknown.yaml": ("exit-code: 1\nsevirity: HIGH\n", "unknown.yaml:2: unknown key "
                                "sevirity"),
               "malformed.yaml": ("severity: [HIGH\nformat: json\n", "malformed.yaml: YAML line"),
               "nested.yaml": ("db:\n  skip-update: true\n", "nested.yaml:2: db: nested")}
        for name, (text, message) in bad.items():
            with self.subTest(name):
                path = write(os.path.join(self.tmp, name), text)
                res = self.scan(scan + ["--config", path])
                self.assertEqual(res.returncode, 2, res.stderr)
                self.assertEqual(len(res.stderr.splitlines()), 1, res.stderr)
                self.assertIn(message, res.stderr)
        res = self.scan(scan, env={"SCRY_CONFIG": os.path.join(self.tmp, "missing.yaml")})
        self.assertEqual(res.returncode, 2, res.stderr)
        self.assertIn("missing.yaml", res.stderr)

    def completions(self, shell):
        res = self.run_scry(["completion", shell])
        self.assertEqual(res.returncode, 0, res.stderr)
        return write(os.path.join(self.tmp, "completion." + shell), res.stdout)

    def test_bash_completion(self):
        script = self.completions("bash")
        cases = [(["scry", "im"], ["image"]),
                 (["scry", "image", "--for"], ["--format"]),
                 (["scry", "fs", "--format", ""],
                  ["table", "json", "sarif", "cyclonedx", "spdx-json", "github", "html"]),
                 (["scry", "--cache-dir", "fs", "fs", "--sev"], ["--severity"]),
                 (["scry", "db", ""], ["import", "info", "update"]),
                 (["scry", "fs", "--ignore-status", "will"], ["will_not_fix"]),
                 (["scry", "completion", ""], ["bash", "zsh"])]
        for words, expected in cases:
            with self.subTest(" ".join(words)):
                quoted = " ".join("'%s'" % w for w in words)
                res = subprocess.run(
                    ["bash", "-c", 'source "$1"; COMP_WORDS=(%s); COMP_CWORD=%d; _scry; '
                     'printf "%%s\\n" "${COMPREPLY[@]}"' % (quoted, len(words) - 1), "bash",
                     script], capture_output=True, text=True, cwd=self.empty)
                self.assertEqual(res.returncode, 0, res.stderr)
                self.assertEqual([w for w in res.stdout.splitlines() if w], expected)

    def test_zsh_completion(self):
        if shutil.which("zsh") is None:
            self.skipTest("zsh is not installed (scripts/install-deps)")
        script = self.completions("zsh")
        res = subprocess.run(["zsh", "-n", script], capture_output=True, text=True)
        self.assertEqual(res.returncode, 0, res.stderr)
        # Loaded as a user would (compinit, then source): registered, no error.
        res = subprocess.run(["zsh", "-f", "-c", 'autoload -U compinit; compinit -u -D; '
                              'source "$1"; print -r -- ${_comps[scry]}', "zsh", script],
                             capture_output=True, text=True)
        self.assertEqual((res.returncode, res.stderr, res.stdout.strip()), (0, "", "_scry"))
        # The function itself, with compadd and _describe replaced by printers.
        cases = [(["scry", "fs", "--format", ""], "table json sarif cyclonedx spdx-json github html"),
                 (["scry", "im"], "commands version fs"),
                 (["scry", "image", "--for"], "options -h --help")]
        for words, expected in cases:
            with self.subTest(" ".join(words)):
                quoted = " ".join("'%s'" % w for w in words)
                res = subprocess.run(
                    ["zsh", "-f", "-c", 'compdef() { :; }; source "$1"; '
                     'compadd() { shift; print -r -- "$@"; }; '
                     '_describe() { local -a l; l=("${(@P)4}"); '
                     'print -r -- $2 ${${l[@]%%:*}[1,2]}; }; _files() { print files; }; '
                     'words=(%s); CURRENT=%d; _scry' % (quoted, len(words)), "zsh", script],
                    capture_output=True, text=True)
                self.assertEqual(res.returncode, 0, res.stderr)
                self.assertEqual(res.stdout.strip().replace("\n", " "), expected)


if __name__ == "__main__":
    unittest.main()
