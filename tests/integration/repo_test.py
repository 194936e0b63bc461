#!/usr/bin/env python3
"""`scry repo` against real git servers on 127.0.0.1.

A repository with history is built in a temporary folder:
  c1 (tag v1.0.0)   go.mod: github.com/pkg/errors v0.8.0, golang.org/x/text v0.3.7
  c2 (main)         errors -> v0.9.1
  c3 (feature)      adds golang.org/x/net v0.17.0, a tools/go.mod and node_modules/dep/go.mod
It is served by `git daemon` (git://) and by `git http-backend` behind a small CGI HTTP server
(http://, with a /private/ path that needs basic authentication). scry clones it at a branch, a
tag and a commit over both, and scans the local working tree and its file:// URL. Checked: the
gomod packages are exactly those of the revision asked for, Metadata (RepoURL, Branch, Tags,
Commit) is right, the clone folder is gone afterwards (also after SIGINT during a clone from a
server that never answers), failures (missing repository, unknown branch/tag/commit, refused
connection, wrong password) exit 1 with one clear line, and a password in a URL never appears
in scry's output.
Usage: SCRY_BIN=build/release/scry python3 tests/integration/repo_test.py
"""
import base64
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

SCRY_BIN = os.environ.get("SCRY_BIN", "")
PASSWORD = "s3cr3t-Pa55word"
GIT_ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", LC_ALL="C")

GO_MOD = """module example.com/app

go 1.21

require (
{requires}
)
"""


def git(*args, cwd=None):
    return subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, check=True, capture_output=True,
                          text=True).stdout.strip()


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


class GitHttpHandler(http.server.BaseHTTPRequestHandler):
    """Runs `git http-backend` as CGI; paths under /private/ need user:PASSWORD."""
    project_root = ""

    def log_message(self, *args):
        pass

    def handle_one(self):
        path, _, query = self.path.partition("?")
        if path.startswith("/private/"):
            expected = "Basic " + base64.b64encode(f"user:{PASSWORD}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="scry"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path[len("/private"):]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        env = dict(GIT_ENV, GIT_PROJECT_ROOT=self.project_root, GIT_HTTP_EXPORT_ALL="1",
                   REQUEST_METHOD=self.command, PATH_INFO=path, QUERY_STRING=query,
                   CONTENT_TYPE=self.headers.get("Content-Type", ""),
                   CONTENT_LENGTH=str(len(body)), REMOTE_ADDR="127.0.0.1")
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = handle_one
    do_POST = handle_one


class RepoTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="scry-repo-test-")
        cls.work = os.path.join(cls.scratch, "work")
        os.makedirs(cls.work)
        git("init", "-q", "-b", "main", cwd=cls.work)

        def commit(requires, message, extra=None):
            with open(os.path.join(cls.work, "go.mod"), "w") as f:
                f.write(GO_MOD.format(requires="\n".join(f"\t{p} {v}" for p, v in requires)))
            for name, text in (extra or {}).items():
                os.makedirs(os.path.dirname(os.path.join(cls.work, name)), exist_ok=True)
                with open(os.path.join(cls.work, name), "w") as f:
                    f.write(text)
            git("add", "-A", cwd=cls.work)
            git("commit", "-q", "-m", message, cwd=cls.work)
            return git("rev-parse", "HEAD", cwd=cls.work)

        errors, text, net = "github.com/pkg/errors", "golang.org/x/text", "golang.org/x/net"
        cls.c1 = commit([(errors, "v0.8.0"), (text, "v0.3.7")], "first")
        git("tag", "v1.0.0", cwd=cls.work)
        cls.c2 = commit([(errors, "v0.9.1"), (text, "v0.3.7")], "bump errors")
        git("checkout", "-q", "-b", "feature", cwd=cls.work)
        cls.c3 = commit([(errors, "v0.9.1"), (text, "v0.3.7"), (net, "v0.17.0")], "add net", {
            "tools/go.mod": "module example.com/tools\n\ngo 1.21\n\nrequire golang.org/x/tools v0.1.0\n",
            "node_modules/dep/go.mod": "module example.com/dep\n\ngo 1.21\n",
        })
        git("checkout", "-q", "main", cwd=cls.work)
        cls.expected = {
            cls.c1: {errors: "v0.8.0", text: "v0.3.7"},
            cls.c2: {errors: "v0.9.1", text: "v0.3.7"},
            cls.c3: {errors: "v0.9.1", text: "v0.3.7", net: "v0.17.0"},
        }

        cls.served = os.path.join(cls.scratch, "served")
        os.makedirs(cls.served)
        git("clone", "-q", "--bare", cls.work, os.path.join(cls.served, "app.git"))
        # Only the bare repository's main and feature are served.
        cls.daemon_port = free_port()
        cls.daemon = subprocess.Popen(
            ["git", "daemon", "--export-all", "--reuseaddr", f"--base-path={cls.served}",
             "--listen=127.0.0.1", f"--port={cls.daemon_port}", cls.served],
            env=GIT_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        GitHttpHandler.project_root = cls.served
        cls.http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GitHttpHandler)
        cls.http_port = cls.http.server_address[1]
        threading.Thread(target=cls.http.serve_forever, daemon=True).start()
        wait_for_port(cls.daemon_port)
        cls.git_url = f"git://127.0.0.1:{cls.daemon_port}/app.git"
        cls.http_url = f"http://127.0.0.1:{cls.http_port}/app.git"
        cls.cache = os.path.join(cls.scratch, "cache")

    @classmethod
    def tearDownClass(cls):
        cls.daemon.terminate()
        cls.daemon.wait()
        cls.http.shutdown()
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def run_scry(self, *args):
        return subprocess.run([SCRY_BIN, "repo", *args, "--format", "json", "--scanners", "none",
                               "--cache-dir", self.cache, "--quiet"],
                              capture_output=True, text=True, timeout=300)

    def assert_no_temp(self):
        tmp = os.path.join(self.cache, "tmp")
        self.assertEqual(os.listdir(tmp) if os.path.isdir(tmp) else [], [])

    def scan(self, *args):
        done = self.run_scry(*args)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assert_no_temp()
        return json.loads(done.stdout)

    def gomod(self, report, target="go.mod"):
        for result in report.get("Results", []):
            if result["Target"] == target:
                return {p["Name"]: p["Version"] for p in result["Packages"]
                        if p.get("Relationship") != "root"}
        return None

    def check(self, report, commit, branch="", tags=(), url=None):
        self.assertEqual(report["ArtifactType"], "repository")
        self.assertEqual(self.gomod(report), self.expected[commit])
        metadata = report["Metadata"]
        self.assertEqual(metadata.get("Commit"), commit)
        self.assertEqual(metadata.get("Branch", ""), branch)
        self.assertEqual(metadata.get("Tags", []), list(tags))
        if url is not None:
            self.assertEqual(metadata.get("RepoURL"), url)
        targets = [r["Target"] for r in report.get("Results", [])]
        self.assertFalse([t for t in targets if "node_modules" in t], targets)

    def test_branch_tag_commit_over_git_and_http(self):
        for url in (self.git_url, self.http_url):
            with self.subTest(url=url):
                self.check(self.scan(url), self.c2, branch="main", url=url)
                report = self.scan(url, "--branch", "feature")
                self.check(report, self.c3, branch="feature", url=url)
                self.assertIn("tools/go.mod", [r["Target"] for r in report["Results"]])
                self.check(self.scan(url, "--tag", "v1.0.0"), self.c1, tags=["v1.0.0"], url=url)
                self.check(self.scan(url, "--commit", self.c1), self.c1, tags=["v1.0.0"], url=url)
                # An abbreviated SHA cannot be fetched alone: scry falls back to a full fetch.
                self.check(self.scan(url, "--commit", self.c3[:10]), self.c3, url=url)

    def test_local_tree_and_file_url(self):
        report = self.scan(self.work)
        self.check(report, self.c2, branch="main")
        self.assertEqual(report["ArtifactName"], self.work)
        file_url = "file://" + self.work
        self.check(self.scan(file_url, "--branch", "feature"), self.c3, branch="feature",
                   url=file_url)
        # A local path with a revision is cloned; the working tree stays as it is.
        self.check(self.scan(self.work, "--tag", "v1.0.0"), self.c1, tags=["v1.0.0"])
        self.assertEqual(git("rev-parse", "HEAD", cwd=self.work), self.c2)

    def test_skip_dirs_and_files(self):
        report = self.scan(self.git_url, "--branch", "feature", "--skip-dirs", "**/tools")
        self.assertNotIn("tools/go.mod", [r["Target"] for r in report["Results"]])
        report = self.scan(self.git_url, "--branch", "feature", "--skip-files", "go.mod")
        self.assertEqual([r["Target"] for r in report["Results"]], ["tools/go.mod"])

    def assert_fails(self, args, words):
        done = self.run_scry(*args)
        self.assertEqual(done.returncode, 1, done.stderr)
        lines = [l for l in done.stderr.splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, done.stderr)
        for word in words:
            self.assertIn(word, lines[0])
        self.assertNotIn(PASSWORD, done.stderr + done.stdout)
        self.assert_no_temp()
        return lines[0]

    def test_failures(self):
        for url in (self.git_url, self.http_url):
            base = url.rsplit("/", 1)[0]
            with self.subTest(url=url):
                self.assert_fails([base + "/missing.git"], ["repository not found"])
                self.assert_fails([url, "--branch", "nope"], ["unknown branch nope"])
                self.assert_fails([url, "--tag", "v9"], ["unknown tag v9"])
                self.assert_fails([url, "--commit", "0" * 40], ["commit"])
        self.assert_fails([f"git://127.0.0.1:{free_port()}/app.git"], ["network unreachable"])
        done = self.run_scry(self.git_url, "--branch", "main", "--tag", "v1.0.0")
        self.assertEqual(done.returncode, 2)

    def test_credentials_never_shown(self):
        good = f"http://user:{PASSWORD}@127.0.0.1:{self.http_port}/private/app.git"
        done = self.run_scry(good)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertNotIn(PASSWORD, done.stdout + done.stderr)
        report = json.loads(done.stdout)
        self.assertEqual(report["Metadata"]["RepoURL"],
                         f"http://127.0.0.1:{self.http_port}/private/app.git")
        self.assertEqual(self.gomod(report), self.expected[self.c2])
        bad = good.replace(PASSWORD, PASSWORD + "x")
        line = self.assert_fails([bad], ["authentication failed"])
        self.assertNotIn(PASSWORD, line)
        self.assert_fails([f"http://127.0.0.1:{self.http_port}/private/app.git"],
                          ["authentication failed"])

    def test_interrupt_removes_clone(self):
        # A server that accepts and never answers: git waits until scry is interrupted.
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        for sig in (signal.SIGINT, signal.SIGTERM):
            with self.subTest(signal=sig):
                scry = subprocess.Popen(
                    [SCRY_BIN, "repo", f"git://127.0.0.1:{port}/stall.git", "--scanners", "none",
                     "--cache-dir", self.cache, "--quiet"],
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                connection, _ = listener.accept()  # git is running now
                tmp = os.path.join(self.cache, "tmp")
                self.assertTrue(os.listdir(tmp))
                scry.send_signal(sig)
                _, err = scry.communicate(timeout=60)
                self.assertEqual(scry.returncode, 128 + sig, err)
                self.assertIn("interrupted", err)
                self.assert_no_temp()
                # git was stopped too: its connection is closed.
                connection.settimeout(30)
                while connection.recv(1 << 16):  # git's request, then end of file
                    pass
                connection.close()
        listener.close()


if __name__ == "__main__":
    if not SCRY_BIN:
        sys.exit("set SCRY_BIN to the scry binary")
    unittest.main(verbosity=2)
