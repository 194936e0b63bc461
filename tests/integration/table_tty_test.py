#!/usr/bin/env python3
"""The table report and progress bars on a real terminal, and their absence everywhere else.

A Debian 11 root file system with three dpkg packages and a real Go fixture binary
(bin/deps-proxy) is scanned with the database built into scry (as in report_formats_test.py),
and the same root file system packed as a one-layer docker-save image. scry runs:
  * under pseudo-terminals (python's pty, 80 columns set with TIOCSWINSZ, raw mode so that the
    bytes are scry's own): every stdout line fits 80 display columns (East Asian wide = 2,
    combining = 0), severities are coloured, and stderr shows a progress line redrawn with '\\r'
    (files for rootfs, layers for an image); none with --no-progress or --quiet, no colour with
    NO_COLOR;
  * through pipes: not a single escape sequence or '\\r' on stdout or stderr;
  * with --debug: the one-line timing summary on stderr.
Usage: SCRY_BIN=build/release/scry SCRY_GO_FIXTURES=build/fixtures/go \\
       python3 tests/integration/table_tty_test.py
"""
import fcntl
import hashlib
import io
import json
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import tarfile
import tempfile
import termios
import tty
import unicodedata
import unittest

import debian11_fixture  # beside this file

from scry_fixture import SCRY_BIN, require_scry_and_fixture  # beside this file
COLUMNS = 80
SGR = re.compile(r"\x1b\[[0-9;]*m")


def display_width(text):
    width = 0
    for c in text:
        if unicodedata.combining(c) or c in "\u200b\u200c\u200d":
            continue
        width += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return width


def open_terminal():
    """A pseudo-terminal of COLUMNS columns in raw mode: (master, slave)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, COLUMNS, 0, 0))
    tty.setraw(slave)
    return master, slave


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "SCRY_QUIET",
                                                           "SCRY_NO_PROGRESS", "SCRY_DEBUG")}
    env["TERM"] = "xterm"
    env.update(extra)
    return env


def run_on_terminal(args, stderr_tty=True, env=None, cwd=None):
    """Runs scry with stdout (and stderr) on 80-column pseudo-terminals: (code, stdout, stderr)."""
    out_master, out_slave = open_terminal()
    if stderr_tty:
        err_master, err_slave = open_terminal()
        proc = subprocess.Popen([SCRY_BIN] + args, stdin=subprocess.DEVNULL, stdout=out_slave,
                                stderr=err_slave, env=env or clean_env(), cwd=cwd)
        os.close(err_slave)
    else:
        err_master = None
        proc = subprocess.Popen([SCRY_BIN] + args, stdin=subprocess.DEVNULL, stdout=out_slave,
                                stderr=subprocess.PIPE, env=env or clean_env(), cwd=cwd)
    os.close(out_slave)
    outputs = {out_master: b""}
    if err_master is not None:
        outputs[err_master] = b""
    open_fds = list(outputs)
    while open_fds:
        ready, _, _ = select.select(open_fds, [], [], 60)
        if not ready:
            proc.kill()
            raise AssertionError("scry %s: no output for 60 s" % " ".join(args))
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child closed its side
                chunk = b""
            if chunk:
                outputs[fd] += chunk
            else:
                open_fds.remove(fd)
    code = proc.wait(timeout=120)
    stderr = outputs[err_master] if err_master is not None else proc.stderr.read()
    if proc.stderr:
        proc.stderr.close()
    for fd in outputs:
        os.close(fd)
    return code, outputs[out_master].decode("utf-8"), stderr.decode("utf-8", errors="replace")


def docker_save(rootfs, path):
    """A one-layer docker-save tarball of the folder `rootfs`."""
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(os.listdir(rootfs)):
            tar.add(os.path.join(rootfs, name), arcname=name)
    layer_bytes = layer.getvalue()
    diff_id = "sha256:" + hashlib.sha256(layer_bytes).hexdigest()
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "rootfs": {"type": "layers", "diff_ids": [diff_id]}}).encode()
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    manifest = json.dumps([{"Config": config_name, "RepoTags": ["tty/test:1"],
                            "Layers": ["layer/layer.tar"]}]).encode()
    with tarfile.open(path, "w") as tar:
        for name, data in ((config_name, config), ("layer/layer.tar", layer_bytes),
                           ("manifest.json", manifest)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


class TableOnTerminal(unittest.TestCase):
    maxDiff = None
    tmp = None

    @classmethod
    def setUpClass(cls):
        binary = require_scry_and_fixture("deps-proxy")
        cls.tmp = tempfile.mkdtemp(prefix="scry-table-tty-")
        rootfs = os.path.join(cls.tmp, "rootfs")
        debian11_fixture.write_rootfs(rootfs)
        os.makedirs(os.path.join(rootfs, "usr", "bin"))
        shutil.copy(binary, os.path.join(rootfs, "usr", "bin", "app"))
        cls.image = os.path.join(cls.tmp, "image.tar")
        docker_save(rootfs, cls.image)
        # Installs the built-in database once, so that later runs print nothing about it.
        cls.base = ["--cache-dir", os.path.join(cls.tmp, "cache")]
        res = subprocess.run([SCRY_BIN] + cls.base + ["rootfs", "rootfs", "--skip-db-update",
                                                      "--quiet", "--format", "json"],
                             cwd=cls.tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if res.returncode != 0:
            raise AssertionError("scry rootfs exited %d:\n%s"
                                 % (res.returncode, res.stderr.decode(errors="replace")))
        cls.findings = sum(len(r.get("Vulnerabilities", []))
                           for r in json.loads(res.stdout)["Results"])

    @classmethod
    def tearDownClass(cls):
        if cls.tmp:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def rootfs(self, *extra):
        return self.base + ["rootfs", "rootfs", "--skip-db-update"] + list(extra)

    def test_table_fits_80_columns_with_colour(self):
        self.assertGreater(self.findings, 0, "the fixture must have findings for this test")
        code, out, _ = run_on_terminal(self.rootfs(), cwd=self.tmp)
        self.assertEqual(code, 0)
        self.assertIn("Report Summary", out)
        self.assertIn("CVE-", out)
        self.assertRegex(out, r"\x1b\[(1;31|91|33|34|36)m(CRITICAL|HIGH|MEDIUM|LOW|UNKNOWN)\x1b\[0m")
        plain = SGR.sub("", out)
        self.assertNotIn("\x1b", plain, "only SGR colour sequences on stdout")
        for line in plain.split("\n"):
            self.assertLessEqual(display_width(line), COLUMNS, line)
        # Wrapped, not cut: the primary URLs are there in pieces, the table is not truncated.
        self.assertIn("└", plain.rstrip().split("\n")[-1])

    def test_no_color_env(self):
        code, out, _ = run_on_terminal(self.rootfs(), env=clean_env(NO_COLOR="1"), cwd=self.tmp)
        self.assertEqual(code, 0)
        self.assertNotIn("\x1b", out)
        self.assertIn("Report Summary", out)

    def test_output_file_is_plain_even_on_a_terminal(self):
        path = os.path.join(self.tmp, "report.txt")
        code, out, _ = run_on_terminal(self.rootfs("--output", path), cwd=self.tmp)
        self.assertEqual(code, 0)
        self.assertEqual(out, "")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn("\x1b", text)
        self.assertIn("Report Summary", text)

    def test_pipe_has_no_escape_sequences_and_no_progress(self):
        res = subprocess.run([SCRY_BIN] + self.rootfs(), cwd=self.tmp, env=clean_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn(b"Report Summary", res.stdout)
        for stream in (res.stdout, res.stderr):
            self.assertNotIn(b"\x1b", stream)
            self.assertNotIn(b"\r", stream)
        self.assertNotIn(b"Analysing", res.stderr)
        # Unwrapped: the longest line is as long as the data makes it, whatever the terminal.
        self.assertGreater(max(display_width(l) for l in res.stdout.decode().split("\n")), COLUMNS)

    def test_progress_on_terminal_stderr(self):
        code, _, err = run_on_terminal(self.rootfs(), cwd=self.tmp)
        self.assertEqual(code, 0)
        self.assertRegex(err, r"\rAnalysing files \[[#-]+\] +\d+% \d+ / \d+\x1b\[K")
        self.assertIn("\r\x1b[K", err, "the bar is erased before the report")
        # Progress lines fit the terminal (log lines, such as the end-of-life warning for this
        # Debian 11 after 2026-08-31, are not progress and are not cut).
        for line in err.split("\r"):
            line = SGR.sub("", line.replace("\x1b[K", ""))
            if line.startswith("Analysing"):
                self.assertLessEqual(display_width(line.split("\n")[0]), COLUMNS)

    def test_image_layer_progress(self):
        code, out, err = run_on_terminal(
            self.base + ["image", "--input", self.image, "--skip-db-update"], cwd=self.tmp)
        self.assertEqual(code, 0, err)
        self.assertRegex(err, r"\rAnalysing layers 1/1, \d+ files, [\d.]+ [KMG]?i?B read")
        self.assertIn("Report Summary", out)

    def test_no_progress_flags(self):
        for flag in ("--no-progress", "--quiet"):
            with self.subTest(flag=flag):
                code, out, err = run_on_terminal(self.rootfs(flag), cwd=self.tmp)
                self.assertEqual(code, 0)
                self.assertNotIn("\r", err)
                self.assertNotIn("Analysing", err)
                self.assertIn("Report Summary", out)

    def test_no_progress_when_only_stdout_is_a_terminal(self):
        code, out, err = run_on_terminal(self.rootfs(), stderr_tty=False, cwd=self.tmp)
        self.assertEqual(code, 0)
        self.assertNotIn("\r", err)
        self.assertIn("\x1b[", out)

    def test_debug_timing_summary(self):
        res = subprocess.run([SCRY_BIN] + self.rootfs("--debug"), cwd=self.tmp, env=clean_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertRegex(res.stderr.decode(),
                         r"(?m)^scry: \d+\.\d\d s total: database \d+\.\d\d s, inventory "
                         r"\d+\.\d\d s, matching \d+\.\d\d s, report \d+\.\d\d s; [1-9]\d* files, "
                         r"0 layers$")
        res = subprocess.run([SCRY_BIN] + self.rootfs(), cwd=self.tmp, env=clean_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertNotIn(b"s total:", res.stderr)


if __name__ == "__main__":
    unittest.main()
