#!/usr/bin/env python3
"""End-to-end tests of `scry db update` against a local osv.dev stand-in.

The all.zip exports are made from real OSV records (../shared/vulndata: go, rustsec and pypa,
zipped into this test's temporary folder; nothing is written below ../shared) and served by an
HTTP server on 127.0.0.1 (a random free port) whose answers each test sets: ETag, Last-Modified
and x-goog-hash MD5 like Google Cloud Storage, 304 for a matching If-None-Match or
If-Modified-Since, truncated bodies, wrong checksums, 5xx and 4xx errors, slow bodies. Local
folder and file:// mirrors need no server. Every check on the database goes through
`scry db info --format json`; record counts are compared with the zips' contents.

Usage: SCRY_BIN=build/release/scry SCRY_VULNDATA=../shared/vulndata \\
           python3 tests/integration/db_update_test.py [-v] [unittest args]
Env:   SCRY_KILL_ITERATIONS (default 30): kill -9 rounds in test_kill_9_never_breaks_the_database.
"""

import base64
import hashlib
import http.server
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import zipfile

SCRY_BIN = os.environ.get("SCRY_BIN", "")
VULNDATA = os.environ.get("SCRY_VULNDATA", "")
KILL_ITERATIONS = int(os.environ.get("SCRY_KILL_ITERATIONS", "30"))
TIMEOUT = 300

# osv.dev ecosystem name -> folder of OSV records below ../shared/vulndata.
SOURCES = {"Go": "go/osv", "crates.io": "rustsec/osv", "PyPI": "pypa/osv"}
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                   "ALL_PROXY")


def make_zip(path, files):
    """Writes an all.zip holding `files` (OSV record paths) as flat entries; returns its bytes."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.write(file, os.path.basename(file))
    with open(path, "rb") as f:
        return f.read()


def record_files(folder):
    files = []
    for root, _, names in os.walk(folder):
        files += [os.path.join(root, n) for n in names if n.endswith(".json")]
    return sorted(files)


class Route:
    """How the server answers one path."""

    def __init__(self, body=b"", mode="ok", etag=True, last_modified=True, md5=True, status=200,
                 chunk_delay=0.0):
        self.body = body
        self.mode = mode  # ok, truncate, badhash, status, fail_first
        self.etag = '"%s"' % hashlib.sha1(body).hexdigest()[:20] if etag else None
        self.last_modified = None
        if last_modified:
            # A distinct date per content, so If-Modified-Since alone tells versions apart.
            stamp = 1_600_000_000 + int(hashlib.sha1(body).hexdigest()[:6], 16)
            self.last_modified = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(stamp))
        self.md5 = md5
        self.status = status
        self.chunk_delay = chunk_delay
        self.failures_left = 1


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        with server.lock:
            server.requests.append((self.path, self.headers.get("If-None-Match"),
                                    self.headers.get("If-Modified-Since")))
            route = server.routes.get(self.path)
        if route is None:
            return self.plain(404, b"no such object")
        if route.mode == "status":
            return self.plain(route.status, b"error page")
        if route.mode == "fail_first" and route.failures_left > 0:
            route.failures_left -= 1
            return self.plain(503, b"try again")
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            return self.not_modified(route)
        if (not route.etag and route.last_modified and
                self.headers.get("If-Modified-Since") == route.last_modified):
            return self.not_modified(route)
        body = route.body
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(body)))
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.last_modified:
            self.send_header("Last-Modified", route.last_modified)
        if route.md5:
            digest = hashlib.md5(body).digest()
            if route.mode == "badhash":
                digest = hashlib.md5(body + b"x").digest()
            self.send_header("x-goog-hash", "crc32c=AAAAAA==")
            self.send_header("x-goog-hash", "md5=" + base64.b64encode(digest).decode())
        self.end_headers()
        if route.mode == "truncate":
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        try:
            if route.chunk_delay:
                step = max(1, len(body) // 20)
                for i in range(0, len(body), step):
                    self.wfile.write(body[i:i + step])
                    self.wfile.flush()
                    time.sleep(route.chunk_delay)
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def plain(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def not_modified(self, route):
        self.send_response(304)
        if route.etag:
            self.send_header("ETag", route.etag)
        self.end_headers()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.routes = {}
        self.requests = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def url(self, prefix):
        return "http://127.0.0.1:%d%s" % (self.server_address[1], prefix)

    def publish(self, prefix, ecosystem, route):
        with self.lock:
            self.routes["%s/%s/all.zip" % (prefix, ecosystem)] = route

    def requests_for(self, prefix, ecosystem):
        path = "%s/%s/all.zip" % (prefix, ecosystem)
        with self.lock:
            return [r for r in self.requests if r[0] == path]

    def stop(self):
        self.shutdown()
        self.server_close()


def strace_works():
    """strace is installed and may trace here (ptrace can be forbidden in containers)."""
    if not shutil.which("strace"):
        return False
    return subprocess.run(["strace", "-qq", "-o", "/dev/null", "true"],
                          capture_output=True).returncode == 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DbUpdate(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not SCRY_BIN or not os.path.exists(SCRY_BIN):
            raise unittest.SkipTest("SCRY_BIN (%r) does not exist" % SCRY_BIN)
        if not VULNDATA or not os.path.isdir(VULNDATA):
            raise unittest.SkipTest("SCRY_VULNDATA (%r) is not a folder" % VULNDATA)
        cls.root = tempfile.mkdtemp(prefix="scry-db-update-")
        # Full exports and smaller ones (a subset of the records) for "a new version".
        cls.files = {eco: record_files(os.path.join(VULNDATA, sub)) for eco, sub in SOURCES.items()}
        cls.zips, cls.counts = {}, {}
        for eco, files in cls.files.items():
            for version, subset in (("full", files), ("half", files[: len(files) // 2])):
                path = os.path.join(cls.root, "exports", version, eco, "all.zip")
                cls.zips[(version, eco)] = make_zip(path, subset)
                cls.counts[(version, eco)] = len(subset)
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.root, ignore_errors=True)

    def setUp(self):
        self.cache = tempfile.mkdtemp(prefix="cache-", dir=self.root)
        with self.server.lock:
            self.server.routes.clear()
            self.server.requests.clear()
        self.prefix = "/" + self._testMethodName

    # --- helpers ---------------------------------------------------------------------------

    def env(self, extra=None):
        env = {k: v for k, v in os.environ.items()
               if k not in PROXY_VARIABLES and not k.startswith("SCRY_")}
        env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
        env.update(extra or {})
        return env

    def command(self, *args):
        return [SCRY_BIN, "--cache-dir", self.cache] + list(args)

    def scry(self, *args, env=None):
        return subprocess.run(self.command(*args), capture_output=True, text=True,
                              timeout=TIMEOUT, env=self.env(env))

    def update(self, repositories, ecosystems=("Go", "crates.io", "PyPI"), expect=0, env=None):
        args = ["db", "update"]
        for repository in repositories:
            args += ["--db-repository", repository]
        for ecosystem in ecosystems:
            args += ["--ecosystem", ecosystem]
        run = self.scry(*args, env=env)
        self.assertEqual(run.returncode, expect, "scry %s\nstdout: %s\nstderr: %s" %
                         (" ".join(args), run.stdout, run.stderr))
        return run

    def info(self):
        run = self.scry("db", "info", "--format", "json")
        self.assertEqual(run.returncode, 0, run.stderr)
        return json.loads(run.stdout)

    def database(self):
        return os.path.join(self.cache, "db", "scry.db")

    def database_bytes(self):
        with open(self.database(), "rb") as f:
            return f.read()

    def db_files(self):
        return sorted(os.listdir(os.path.join(self.cache, "db")))

    def publish(self, version, ecosystems=("Go", "crates.io", "PyPI"), prefix=None, **route):
        for eco in ecosystems:
            self.server.publish(prefix or self.prefix, eco, Route(self.zips[(version, eco)],
                                                                  **route))

    def check_counts(self, info, versions):
        """The database holds exactly the records of {ecosystem: version}."""
        sources = {s["Name"]: s for s in info["Sources"]}
        self.assertEqual(sorted(sources), sorted(versions))
        for eco, version in versions.items():
            self.assertEqual(sources[eco]["Kind"], "download")
            self.assertEqual(sources[eco]["Records"], self.counts[(version, eco)], eco)
            self.assertEqual(sources[eco]["SHA256"],
                             hashlib.sha256(self.zips[(version, eco)]).hexdigest(), eco)
        # The three ID spaces (GO-, RUSTSEC-, PYSEC-) are disjoint.
        self.assertEqual(info["Vulnerabilities"],
                         sum(self.counts[(v, e)] for e, v in versions.items()))

    # --- tests -----------------------------------------------------------------------------

    def test_download_then_not_modified(self):
        self.publish("full")
        run = self.update([self.server.url(self.prefix)])
        info = self.info()
        self.check_counts(info, {"Go": "full", "crates.io": "full", "PyPI": "full"})
        for source in info["Sources"]:
            self.assertTrue(source["ETag"].startswith('"'))
            self.assertTrue(source["LastModified"].endswith("GMT"))
            self.assertEqual(source["URL"], "%s/%s/all.zip" % (self.server.url(self.prefix),
                                                                source["Name"]))
        self.assertGreater(info["NextUpdate"], info["BuiltAt"])
        next_update = time.mktime(time.strptime(info["NextUpdate"], "%Y-%m-%dT%H:%M:%SZ"))
        built_at = time.mktime(time.strptime(info["BuiltAt"], "%Y-%m-%dT%H:%M:%SZ"))
        self.assertAlmostEqual(next_update - built_at, 24 * 3600, delta=60)
        self.assertIn("Go: %d records" % self.counts[("full", "Go")], run.stderr)
        self.assertEqual(self.db_files(), ["scry.db", "scry.db.lock"])

        run = self.update([self.server.url(self.prefix)])
        for eco in ("Go", "crates.io", "PyPI"):
            requests = self.server.requests_for(self.prefix, eco)
            self.assertEqual(len(requests), 2)
            self.assertIsNone(requests[0][1])
            self.assertEqual(requests[1][1], self.server.routes[requests[1][0]].etag)
            self.assertIn("%s: not modified (%d records)" % (eco, self.counts[("full", eco)]),
                          run.stderr)
        self.check_counts(self.info(), {"Go": "full", "crates.io": "full", "PyPI": "full"})

        # A new export replaces that ecosystem's records; the others stay.
        self.publish("half", ecosystems=("crates.io",))
        self.update([self.server.url(self.prefix)])
        self.check_counts(self.info(), {"Go": "full", "crates.io": "half", "PyPI": "full"})

    def test_last_modified_without_etag(self):
        self.publish("full", ecosystems=("crates.io",), etag=False)
        self.update([self.server.url(self.prefix)], ecosystems=["crates.io"])
        run = self.update([self.server.url(self.prefix)], ecosystems=["crates.io"])
        self.assertIn("crates.io: not modified", run.stderr)
        requests = self.server.requests_for(self.prefix, "crates.io")
        self.assertEqual(requests[1][2], self.server.routes[requests[1][0]].last_modified)
        self.check_counts(self.info(), {"crates.io": "full"})

    def assert_unchanged(self, before, run, ecosystem, *reasons):
        self.assertEqual(run.returncode, 1)
        self.assertIn("the previous database is unchanged", run.stderr)
        self.assertIn(ecosystem + ": ", run.stderr)
        for reason in reasons:
            self.assertIn(reason, run.stderr)
        self.assertEqual(self.database_bytes(), before, "the database file changed")
        self.assertEqual(self.db_files(), ["scry.db", "scry.db.lock"])

    def test_truncated_body_keeps_the_old_database(self):
        self.publish("full")
        self.update([self.server.url(self.prefix)])
        before = self.database_bytes()
        self.publish("half", ecosystems=("Go",), mode="truncate")
        run = self.update([self.server.url(self.prefix)], expect=1)
        self.assert_unchanged(before, run, "Go", self.server.url(self.prefix) + "/Go/all.zip",
                              "tried 3 times")
        self.assertEqual(len(self.server.requests_for(self.prefix, "Go")), 1 + 3)
        self.check_counts(self.info(), {"Go": "full", "crates.io": "full", "PyPI": "full"})

    def test_wrong_checksum_keeps_the_old_database(self):
        self.publish("full")
        self.update([self.server.url(self.prefix)])
        before = self.database_bytes()
        self.publish("half", ecosystems=("PyPI",), mode="badhash")
        run = self.update([self.server.url(self.prefix)], expect=1)
        self.assert_unchanged(before, run, "PyPI", "checksum mismatch")
        self.check_counts(self.info(), {"Go": "full", "crates.io": "full", "PyPI": "full"})

    def test_checksum_sidecar(self):
        url = self.server.url(self.prefix)
        body = self.zips[("full", "crates.io")]
        self.publish("full", ecosystems=("crates.io",), md5=False)
        sidecar = "%s/crates.io/all.zip.sha256" % self.prefix
        self.server.routes[sidecar] = Route(b"0" * 64 + b"  all.zip\n", md5=False)
        run = self.update([url], ecosystems=["crates.io"], expect=1)
        self.assertIn("checksum mismatch", run.stderr)
        self.assertIn("no database was written", run.stderr)
        self.assertFalse(os.path.exists(self.database()))
        right = hashlib.sha256(body).hexdigest().encode() + b"  all.zip\n"
        self.server.routes[sidecar] = Route(right, md5=False)
        self.update([url], ecosystems=["crates.io"])
        self.check_counts(self.info(), {"crates.io": "full"})
        # No checksum published at all (404 for the sidecar): accepted on the length alone.
        del self.server.routes[sidecar]
        self.publish("half", ecosystems=("crates.io",), md5=False)
        self.update([url], ecosystems=["crates.io"])
        self.check_counts(self.info(), {"crates.io": "half"})

    def test_server_error_midway_fails_the_whole_update(self):
        self.publish("full")
        self.update([self.server.url(self.prefix)])
        before = self.database_bytes()
        self.publish("half")
        self.server.publish(self.prefix, "crates.io", Route(mode="status", status=500))
        run = self.update([self.server.url(self.prefix)], expect=1)
        self.assert_unchanged(before, run, "crates.io", "HTTP 500", "tried 3 times")
        self.assertEqual(len(self.server.requests_for(self.prefix, "crates.io")), 1 + 3)
        # The update stops at the failing ecosystem: PyPI (after it) was not asked again.
        self.assertEqual(len(self.server.requests_for(self.prefix, "PyPI")), 1)
        self.check_counts(self.info(), {"Go": "full", "crates.io": "full", "PyPI": "full"})

    def test_transient_error_is_retried(self):
        self.publish("full", ecosystems=("crates.io",), mode="fail_first")
        self.update([self.server.url(self.prefix)], ecosystems=["crates.io"])
        self.assertEqual(len(self.server.requests_for(self.prefix, "crates.io")), 2)
        self.check_counts(self.info(), {"crates.io": "full"})

    def test_second_repository_after_404_and_403(self):
        first, second = self.prefix + "/first", self.prefix + "/second"
        self.server.publish(first, "crates.io", Route(mode="status", status=403))
        self.publish("full", prefix=second)
        run = self.update([self.server.url(first), self.server.url(second)])
        info = self.info()
        self.check_counts(info, {"Go": "full", "crates.io": "full", "PyPI": "full"})
        for source in info["Sources"]:
            self.assertTrue(source["URL"].startswith(self.server.url(second)), source)
        self.assertIn("HTTP 404", run.stderr)
        self.assertIn("HTTP 403", run.stderr)
        # 4xx answers are never retried.
        self.assertEqual(len(self.server.requests_for(first, "Go")), 1)
        self.assertEqual(len(self.server.requests_for(first, "crates.io")), 1)

        # Every repository failing: each is named, and nothing changes.
        before = self.database_bytes()
        closed = "http://127.0.0.1:%d" % free_port()
        run = self.update([self.server.url(first), closed], expect=1)
        self.assert_unchanged(before, run, "Go", self.server.url(first) + "/Go/all.zip",
                              closed + "/Go/all.zip", "HTTP 404")

    def test_repository_from_the_environment(self):
        self.publish("full", ecosystems=("crates.io",))
        self.update([], ecosystems=["crates.io"],
                    env={"SCRY_DB_REPOSITORY": self.server.url(self.prefix)})
        self.check_counts(self.info(), {"crates.io": "full"})

    def test_local_folder_and_file_url_mirrors(self):
        mirror = os.path.join(self.root, "exports", "full")
        run = self.update([mirror])
        self.check_counts(self.info(), {"Go": "full", "crates.io": "full", "PyPI": "full"})
        # The same files through a file:// URL: unchanged (validators from mtime and size).
        run = self.update(["file://" + mirror])
        self.assertEqual(run.stderr.count("not modified"), 3, run.stderr)
        self.check_counts(self.info(), {"Go": "full", "crates.io": "full", "PyPI": "full"})
        half = os.path.join(self.root, "exports", "half")
        self.update(["file://" + os.path.join(self.root, "no-such-mirror"), half])
        self.check_counts(self.info(), {"Go": "half", "crates.io": "half", "PyPI": "half"})

    def test_no_network_and_no_database(self):
        closed = "http://127.0.0.1:%d" % free_port()
        run = self.update([closed], ecosystems=["Go"], expect=1)
        self.assertIn("no database was written", run.stderr)
        self.assertIn(closed + "/Go/all.zip", run.stderr)
        self.assertFalse(os.path.exists(self.database()))
        self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)
        info = self.scry("db", "info")
        self.assertEqual(info.returncode, 1)
        self.assertIn("scry db update", info.stderr)

    def test_concurrent_updates(self):
        # Slow bodies (about a second per export) so that the two runs overlap.
        self.publish("full", chunk_delay=0.02)
        url = self.server.url(self.prefix)
        args = ["db", "update", "--db-repository", url, "--ecosystem", "Go,crates.io,PyPI"]
        runs = [subprocess.Popen(self.command(*args), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=self.env())
                for _ in range(2)]
        outputs = [run.communicate(timeout=TIMEOUT) for run in runs]
        for run, (_, err) in zip(runs, outputs):
            self.assertEqual(run.returncode, 0, err)
        # One run downloaded everything, the other waited for the lock, then got 304s.
        not_modified = sorted(err.count("not modified") for _, err in outputs)
        self.assertEqual(not_modified, [0, 3], outputs)
        for eco in ("Go", "crates.io", "PyPI"):
            requests = self.server.requests_for(self.prefix, eco)
            self.assertEqual(len(requests), 2)
            self.assertEqual([r[1] is None for r in requests], [True, False])
        self.check_counts(self.info(), {"Go": "full", "crates.io": "full", "PyPI": "full"})
        self.assertEqual(self.db_files(), ["scry.db", "scry.db.lock"])

    def test_progress_bar_only_on_a_terminal(self):
        self.publish("full", ecosystems=("Go",), chunk_delay=0.03)
        master, slave = os.openpty()
        args = self.command("db", "update", "--db-repository", self.server.url(self.prefix),
                            "--ecosystem", "Go")
        run = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=slave, env=self.env())
        os.close(slave)
        output = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        os.close(master)
        self.assertEqual(run.wait(timeout=TIMEOUT), 0, output)
        text = output.decode("utf-8", "replace")
        self.assertIn("\rGo: downloading [", text)
        self.assertIn("100% ", text)
        self.assertIn("MiB", text)
        self.assertIn("Go: importing", text)
        # Redraws are throttled (10 Hz): about 20 chunks over 0.6 s, not one redraw per read.
        self.assertLess(text.count("Go: downloading ["), 40)
        # Log lines start on a cleared line.
        self.assertIn("\r\x1b[K", text)
        # Not a terminal: no bar at all.
        self.publish("half", ecosystems=("Go",))
        run = self.update([self.server.url(self.prefix)], ecosystems=["Go"])
        self.assertNotIn("\r", run.stderr)

    @unittest.skipUnless(strace_works(), "strace is not installed or may not trace")
    def test_kill_9_just_before_and_after_the_rename(self):
        """strace delivers SIGKILL exactly at the rename, and at the folder fsync right after."""
        mirror = os.path.join(self.root, "exports")
        self.update([os.path.join(mirror, "full")], ecosystems=["crates.io"])
        args = self.command("db", "update", "--db-repository", os.path.join(mirror, "half"),
                            "--ecosystem", "crates.io")
        # fsync #1 is the new file, then the rename, then fsync #2 is the folder.
        for inject, version in (("rename,renameat,renameat2:signal=KILL", "full"),
                                ("fsync:signal=KILL:when=2", "half")):
            run = subprocess.run(["strace", "-f", "-qq", "-o", "/dev/null", "-e",
                                  "trace=rename,renameat,renameat2,fsync", "-e",
                                  "inject=" + inject] + args, capture_output=True, text=True,
                                 timeout=TIMEOUT, env=self.env())
            self.assertNotEqual(run.returncode, 0, run.stderr)
            self.check_counts(self.info(), {"crates.io": version})
        self.update([os.path.join(mirror, "full")], ecosystems=["crates.io"])
        self.check_counts(self.info(), {"crates.io": "full"})
        self.assertEqual(self.db_files(), ["scry.db", "scry.db.lock"])

    def test_kill_9_never_breaks_the_database(self):
        """kill -9 at random moments of an update (download, import, VACUUM, fsync, rename):
        the database is always the old or the new version, whole."""
        ecosystems = ("crates.io", "PyPI")
        url = self.server.url(self.prefix)
        args = self.command("db", "update", "--db-repository", url, "--ecosystem",
                            ",".join(ecosystems))
        expected = {version: {e: version for e in ecosystems} for version in ("full", "half")}

        def current_version():
            info = self.info()
            for version, versions in expected.items():
                if info["Sources"] and {s["Name"]: s["Records"] for s in info["Sources"]} == {
                        e: self.counts[(v, e)] for e, v in versions.items()}:
                    self.check_counts(info, versions)
                    return version
            self.fail("the database is neither version: %s" % json.dumps(info))

        self.publish("full", ecosystems=ecosystems)
        start = time.monotonic()
        self.update([url], ecosystems=ecosystems)
        duration = time.monotonic() - start
        state = current_version()
        self.assertEqual(state, "full")
        rng = random.Random(int(os.environ.get("SCRY_KILL_SEED", "0")) or None)
        outcomes = {"old": 0, "new": 0, "finished": 0}
        leftovers = 0
        for i in range(KILL_ITERATIONS):
            target = "half" if state == "full" else "full"
            self.publish(target, ecosystems=ecosystems)
            # Half of the kills land anywhere; the other half near the end (commit and rename).
            delay = (rng.uniform(0, duration * 1.1) if i % 2 == 0
                     else rng.uniform(duration * 0.6, duration * 1.15))
            run = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=self.env())
            time.sleep(delay)
            if run.poll() is None:
                run.send_signal(signal.SIGKILL)
            code = run.wait(timeout=TIMEOUT)
            if code == 0:
                outcomes["finished"] += 1
            self.assertIn(code, (0, -signal.SIGKILL))
            state_after = current_version()
            if code == 0:
                self.assertEqual(state_after, target)
            outcomes["new" if state_after == target else "old"] += 1
            state = state_after
            leftovers += len([f for f in self.db_files() if ".tmp." in f])
        # The next update cleans up whatever the killed ones left behind.
        target = "half" if state == "full" else "full"
        self.publish(target, ecosystems=ecosystems)
        self.update([url], ecosystems=ecosystems)
        self.assertEqual(current_version(), target)
        self.assertEqual(self.db_files(), ["scry.db", "scry.db.lock"])
        print("\nkill -9: %d rounds over a %.2f s update: %s; %d temporary files left by killed "
              "runs, all removed by the next update" %
              (KILL_ITERATIONS, duration, outcomes, leftovers), file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
